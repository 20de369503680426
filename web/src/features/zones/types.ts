// The zone objects of docs/API.md ("Zones" and "Read positions and unread counts"). Ids are
// decimal strings; times are milliseconds since the Unix epoch.
import type { PublicUser, ReadState } from '@/features/friends/types';

export type ZoneRole = 'owner' | 'admin' | 'member';
/** Roles PATCH /zones/:id/members/:user_id can grant: ownership only moves by transfer. */
export type GrantableRole = Exclude<ZoneRole, 'owner'>;
export type ChannelType = 'text' | 'voice';

/** `<channel>`, listed by position, then id. */
export interface Channel {
  id: string;
  name: string;
  type: ChannelType;
  position: number;
  topic: string;
}

export type TextChannel = Channel & { type: 'text' };
export type VoiceChannel = Channel & { type: 'voice' };

/** Where the caller's read state is given, only text channels carry it. */
export type ChannelWithReadState = (TextChannel & ReadState) | VoiceChannel;

/** `<zone>` without channels. */
export interface ZoneInfo {
  id: string;
  name: string;
  /** null, or "/api/v1/zone-icons/<32 hex>.<png|jpg|gif|webp>". */
  icon_url: string | null;
  /** null only if the owner's account is gone. */
  owner_id: string | null;
  allow_member_invites: boolean;
  created_at: number;
  /** The caller's role. */
  my_role: ZoneRole;
}

/** `<zone with channels>` as the changes and joins answer it: no read state. */
export interface Zone extends ZoneInfo {
  channels: Channel[];
}

/** GET /zones/:id: text channels with the caller's read state. */
export interface ZoneWithReadState extends ZoneInfo {
  channels: ChannelWithReadState[];
}

/** An entry of GET /zones: the sums over the text channels, each capped at 1000. */
export interface ZoneSummary extends ZoneInfo {
  unread_count: number;
  mention_count: number;
}

/** `<member>` */
export interface Member {
  user: PublicUser;
  role: ZoneRole;
  joined_at: number;
}

/** `<invite>`; expires_at and max_uses are null for never and unlimited. */
export interface Invite {
  code: string;
  /** `<PUBLIC_URL>/invite/<code>` */
  url: string;
  zone_id: string;
  creator: PublicUser | null;
  created_at: number;
  expires_at: number | null;
  max_uses: number | null;
  uses: number;
}

/** GET /invites/:code: what the invite page shows, also before login. */
export interface InvitePreview {
  code: string;
  zone: { id: string; name: string; icon_url: string | null; member_count: number };
  expires_at: number | null;
  /** null if the creator's account is gone. */
  inviter: { username: string; display_name: string } | null;
}

export interface Ban {
  user: PublicUser;
  reason: string;
  banned_by: PublicUser | null;
  created_at: number;
}

/** The details each audit action records. */
export interface AuditDetails {
  'zone.create': { name: string };
  'zone.update': { name?: string; allow_member_invites?: boolean };
  'zone.icon': { icon: boolean };
  'zone.transfer': Record<string, never>;
  'member.join': { code: string };
  'member.leave': Record<string, never>;
  'member.kick': Record<string, never>;
  'member.role': { role: ZoneRole; previous: ZoneRole };
  'ban.add': { reason: string };
  'ban.remove': Record<string, never>;
  'channel.create': { name: string; type: ChannelType };
  'channel.update': { name?: string; topic?: string };
  'channel.delete': { name: string };
  'channel.reorder': { channel_ids: string[] };
  'invite.create': { code: string; expires_at: number | null; max_uses: number | null };
  'invite.revoke': { code: string };
}

export type AuditAction = keyof AuditDetails;

/** One audit log entry; `action` tells the shape of `details`. */
export type AuditEntry = {
  [A in AuditAction]: {
    id: string;
    actor: PublicUser | null;
    action: A;
    /** The zone, user or channel acted on; null for invite actions. */
    target_id: string | null;
    details: AuditDetails[A];
    created_at: number;
  };
}[AuditAction];

export interface AuditLogQuery {
  /** Entries with ids below this one: the id of the last entry of the previous page. */
  before?: string;
  /** 1-100; the server's default is 50. */
  limit?: number;
}

export interface CreateZoneBody {
  name: string;
}

export interface UpdateZoneBody {
  name?: string;
  allow_member_invites?: boolean;
}

export interface CreateChannelBody {
  name: string;
  type: ChannelType;
  topic?: string;
}

/** `""` clears the topic. */
export interface UpdateChannelBody {
  name?: string;
  topic?: string;
}

export interface CreateInviteBody {
  /** 60-2592000; absent: 7 days; null: never expires. */
  expires_in_s?: number | null;
  /** 1-1000; absent or null: unlimited. */
  max_uses?: number | null;
}
