// The user, friend, block and DM objects of docs/API.md ("Users and avatars", "Friends, blocks
// and direct messages", "Read positions and unread counts"). Ids are decimal strings; times
// are milliseconds since the Unix epoch.
import type { PresenceStatus } from '@/lib/socket/protocol';

/** `<public>`: a user as anyone else sees it (never an e-mail address). */
export interface PublicUser {
  id: string;
  username: string;
  display_name: string;
  /** null, or a path under /api/v1/avatars/ that never changes content. */
  avatar_url: string | null;
  bio: string;
  created_at: number;
}

/** What others see of a status: `invisible` shows as `offline`. */
export type VisibleStatus = Exclude<PresenceStatus, 'invisible'>;

/** `<public+presence>`: only between friends. */
export interface UserWithPresence extends PublicUser {
  status: VisibleStatus;
  /** null when unknown or invisible. */
  last_seen: number | null;
}

/** Routes that answer with presence only for friends give either shape. */
export type MaybePresenceUser = PublicUser | UserWithPresence;

export function hasPresence(user: MaybePresenceUser): user is UserWithPresence {
  return 'status' in user;
}

/** `<request>`: `user` is the sender in `incoming`, the recipient in `outgoing`. */
export interface FriendRequest {
  id: string;
  user: PublicUser;
  created_at: number;
}

export interface FriendRequests {
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
}

/** `<friend>` */
export interface Friend {
  user: UserWithPresence;
  since: number;
}

/** The caller's read state of one conversation; both counts stop at 1000. */
export interface ReadState {
  /** null until the caller marks a position. */
  last_read_id: string | null;
  /** The newest message not deleted, or null when there is none. */
  last_message_id: string | null;
  unread_count: number;
  mention_count: number;
}

/** `<chat>` with the caller's read state (GET /dms and POST /dms). */
export interface DmChat extends ReadState {
  id: string;
  type: 'dm';
  /** The other member's read position ("seen"), null until they mark one. */
  peer_last_read_id?: string | null;
  /** The other member: with presence while friends. */
  user: MaybePresenceUser;
  created_at: number;
}

/** A blocked user, as GET /blocks lists them. */
export type Block = PublicUser;

/** POST /friends/requests names the user one way or the other, never both. */
export type FriendRequestTarget =
  | { user_id: string; username?: never }
  | { username: string; user_id?: never };

/**
 * The answer of POST /friends/requests: a new request (201), or a friendship at once when
 * that user had already asked the caller (200).
 */
export type SendFriendRequestResult =
  | { request: FriendRequest; friend?: never }
  | { friend: Friend; request?: never };

export interface UserSearchQuery {
  /** A username prefix, 1-32 bytes after trimming. */
  search: string;
  /** 1-50; the server's default is 20. */
  limit?: number;
}
