// The zone routes (docs/API.md, "Zones": zones, members, channels, invites and bans), typed.
// Envelopes like {"zone": ...} and {"channels": [...]} are unwrapped.
import type { ApiClient } from '@/lib/api/client';
import type {
  AuditEntry,
  AuditLogQuery,
  Ban,
  Channel,
  ChannelWithReadState,
  CreateChannelBody,
  CreateInviteBody,
  CreateZoneBody,
  GrantableRole,
  Invite,
  InvitePreview,
  Member,
  UpdateChannelBody,
  UpdateZoneBody,
  Zone,
  ZoneSummary,
  ZoneWithReadState,
} from './types';

const seg = encodeURIComponent;

export function zonesApi(api: ApiClient) {
  const zone = (id: string) => `/zones/${seg(id)}`;

  return {
    // ---- zones
    createZone: async (body: CreateZoneBody): Promise<Zone> =>
      (await api.post<{ zone: Zone }>('/zones', body)).zone,
    listZones: async (): Promise<ZoneSummary[]> =>
      (await api.get<{ zones: ZoneSummary[] }>('/zones')).zones,
    getZone: async (zoneId: string): Promise<ZoneWithReadState> =>
      (await api.get<{ zone: ZoneWithReadState }>(zone(zoneId))).zone,
    updateZone: async (zoneId: string, body: UpdateZoneBody): Promise<Zone> =>
      (await api.patch<{ zone: Zone }>(zone(zoneId), body)).zone,
    deleteZone: (zoneId: string) => api.delete(zone(zoneId)),
    /** The body is the picture itself (PNG, JPEG, GIF or WebP); the server sniffs its type. */
    setIcon: async (zoneId: string, picture: Blob, signal?: AbortSignal): Promise<Zone> =>
      (await api.putBlob<{ zone: Zone }>(`${zone(zoneId)}/icon`, picture, signal ? { signal } : {}))
        .zone,
    removeIcon: async (zoneId: string): Promise<Zone> =>
      (await api.delete<{ zone: Zone }>(`${zone(zoneId)}/icon`)).zone,
    /** Newest first; the next page is `before: <id of the last entry>`, an empty page the end. */
    auditLog: async (zoneId: string, query: AuditLogQuery = {}): Promise<AuditEntry[]> =>
      (
        await api.get<{ entries: AuditEntry[] }>(`${zone(zoneId)}/audit-log`, {
          query: { before: query.before, limit: query.limit },
        })
      ).entries,

    // ---- members
    listMembers: async (zoneId: string): Promise<Member[]> =>
      (await api.get<{ members: Member[] }>(`${zone(zoneId)}/members`)).members,
    setRole: async (zoneId: string, userId: string, role: GrantableRole): Promise<Member> =>
      (await api.patch<{ member: Member }>(`${zone(zoneId)}/members/${seg(userId)}`, { role })).member,
    kick: (zoneId: string, userId: string) => api.delete(`${zone(zoneId)}/members/${seg(userId)}`),
    transfer: (zoneId: string, userId: string) =>
      api.post<void>(`${zone(zoneId)}/transfer`, { user_id: userId }),
    leave: (zoneId: string) => api.post<void>(`${zone(zoneId)}/leave`),

    // ---- channels
    listChannels: async (zoneId: string): Promise<ChannelWithReadState[]> =>
      (await api.get<{ channels: ChannelWithReadState[] }>(`${zone(zoneId)}/channels`)).channels,
    createChannel: async (zoneId: string, body: CreateChannelBody): Promise<Channel> =>
      (await api.post<{ channel: Channel }>(`${zone(zoneId)}/channels`, body)).channel,
    updateChannel: async (zoneId: string, channelId: string, body: UpdateChannelBody): Promise<Channel> =>
      (await api.patch<{ channel: Channel }>(`${zone(zoneId)}/channels/${seg(channelId)}`, body)).channel,
    deleteChannel: (zoneId: string, channelId: string) =>
      api.delete(`${zone(zoneId)}/channels/${seg(channelId)}`),
    /** Every channel of the zone exactly once, in the new order. */
    reorderChannels: async (zoneId: string, channelIds: string[]): Promise<Channel[]> =>
      (
        await api.put<{ channels: Channel[] }>(`${zone(zoneId)}/channels/order`, {
          channel_ids: channelIds,
        })
      ).channels,

    // ---- invites
    createInvite: async (zoneId: string, body: CreateInviteBody = {}): Promise<Invite> =>
      (await api.post<{ invite: Invite }>(`${zone(zoneId)}/invites`, body)).invite,
    listInvites: async (zoneId: string): Promise<Invite[]> =>
      (await api.get<{ invites: Invite[] }>(`${zone(zoneId)}/invites`)).invites,
    revokeInvite: (zoneId: string, code: string) =>
      api.delete(`${zone(zoneId)}/invites/${seg(code)}`),
    previewInvite: async (code: string): Promise<InvitePreview> =>
      (await api.get<{ invite: InvitePreview }>(`/invites/${seg(code)}`)).invite,
    /** A member already gets the same answer and takes no use. */
    joinInvite: async (code: string): Promise<Zone> =>
      (await api.post<{ zone: Zone }>(`/invites/${seg(code)}/join`)).zone,

    // ---- bans
    listBans: async (zoneId: string): Promise<Ban[]> =>
      (await api.get<{ bans: Ban[] }>(`${zone(zoneId)}/bans`)).bans,
    /** Banning again updates the reason; the user need not be a member. */
    ban: (zoneId: string, userId: string, reason?: string) =>
      api.put<void>(`${zone(zoneId)}/bans/${seg(userId)}`, reason === undefined ? {} : { reason }),
    unban: (zoneId: string, userId: string) => api.delete(`${zone(zoneId)}/bans/${seg(userId)}`),
  };
}

export type ZonesApi = ReturnType<typeof zonesApi>;
