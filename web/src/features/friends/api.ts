// The friend, block, DM and user-lookup routes (docs/API.md, "Users and avatars" and
// "Friends, blocks and direct messages"), typed. List envelopes are unwrapped.
import type { ApiClient } from '@/lib/api/client';
import type {
  Block,
  DmChat,
  Friend,
  FriendRequests,
  FriendRequestTarget,
  MaybePresenceUser,
  SendFriendRequestResult,
  UserSearchQuery,
} from './types';

// Ids are digits and codes alphanumeric, but a path segment must never be able to escape.
const seg = encodeURIComponent;

export function friendsApi(api: ApiClient) {
  return {
    listFriends: async (): Promise<Friend[]> =>
      (await api.get<{ friends: Friend[] }>('/friends')).friends,
    removeFriend: (userId: string) => api.delete(`/friends/${seg(userId)}`),

    listRequests: (): Promise<FriendRequests> => api.get<FriendRequests>('/friends/requests'),
    sendRequest: (to: FriendRequestTarget): Promise<SendFriendRequestResult> =>
      api.post<SendFriendRequestResult>('/friends/requests', to),
    acceptRequest: async (requestId: string): Promise<Friend> =>
      (await api.post<{ friend: Friend }>(`/friends/requests/${seg(requestId)}/accept`)).friend,
    rejectRequest: (requestId: string) =>
      api.post<void>(`/friends/requests/${seg(requestId)}/reject`),
    cancelRequest: (requestId: string) => api.delete(`/friends/requests/${seg(requestId)}`),

    listBlocks: async (): Promise<Block[]> =>
      (await api.get<{ blocked: Block[] }>('/blocks')).blocked,
    block: (userId: string) => api.put<void>(`/blocks/${seg(userId)}`),
    unblock: (userId: string) => api.delete(`/blocks/${seg(userId)}`),

    /** The DM chat with a friend, created on the first call (201) and the same one after (200). */
    openDm: async (userId: string): Promise<DmChat> =>
      (await api.post<{ chat: DmChat }>('/dms', { user_id: userId })).chat,
    listDms: async (): Promise<DmChat[]> => (await api.get<{ chats: DmChat[] }>('/dms')).chats,

    searchUsers: async ({ search, limit }: UserSearchQuery): Promise<MaybePresenceUser[]> =>
      (await api.get<{ users: MaybePresenceUser[] }>('/users', { query: { search, limit } })).users,
    getUser: (userId: string): Promise<MaybePresenceUser> =>
      api.get<MaybePresenceUser>(`/users/${seg(userId)}`),
  };
}

export type FriendsApi = ReturnType<typeof friendsApi>;
