// TanStack Query keys of the server state the screens read. Each key caches what the typed
// route functions answer (friendsApi, zonesApi, authApi), envelopes unwrapped; QueryData
// names that shape so the live handlers and the screens agree on it.
import type { Self } from '@/features/auth/api';
import type { Block, DmChat, Friend, FriendRequests } from '@/features/friends/types';
import type { Ban, Invite, Member, ZoneSummary, ZoneWithReadState } from '@/features/zones/types';

export const queryKeys = {
  me: ['me'] as const,
  // Separate roots, so invalidating one list never refetches its neighbours by prefix.
  friends: ['friends', 'list'] as const,
  friendRequests: ['friends', 'requests'] as const,
  blocks: ['blocks'] as const,
  dms: ['dms'] as const,
  zones: ['zones'] as const,
  /** Everything cached about one zone: removed together when the user leaves it. */
  zoneAll: (zoneId: string) => ['zone', zoneId] as const,
  /** GET /zones/:id: the zone with its channels and their read state. */
  zone: (zoneId: string) => ['zone', zoneId, 'detail'] as const,
  zoneMembers: (zoneId: string) => ['zone', zoneId, 'members'] as const,
  zoneInvites: (zoneId: string) => ['zone', zoneId, 'invites'] as const,
  zoneBans: (zoneId: string) => ['zone', zoneId, 'bans'] as const,
};

/** The cached data under each key. */
export interface QueryData {
  me: Self;
  friends: Friend[];
  friendRequests: FriendRequests;
  blocks: Block[];
  dms: DmChat[];
  zones: ZoneSummary[];
  zone: ZoneWithReadState;
  zoneMembers: Member[];
  zoneInvites: Invite[];
  zoneBans: Ban[];
}

/** Whether a cached key is some zone's detail (the live handlers look channels up in them). */
export function isZoneDetailKey(key: readonly unknown[]): key is ReturnType<typeof queryKeys.zone> {
  return key.length === 3 && key[0] === 'zone' && typeof key[1] === 'string' && key[2] === 'detail';
}
