// What the user can do to friends, requests, blocks and DMs. Each action edits the cached lists
// at once (the acting tab must not wait for a refetch), then invalidates the keys the server
// changed, as the live events do in the other tabs.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { queryKeys } from '@/features/live/queryKeys';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import { friendsApi } from '../api';
import type { Block, DmChat, Friend, FriendRequests, FriendRequestTarget, PublicUser, SendFriendRequestResult } from '../types';
import { upsertDm } from './dms';

function refresh(qc: QueryClient, ...keys: (readonly unknown[])[]) {
  return Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

function dropRequest(qc: QueryClient, requestId: string) {
  qc.setQueryData<FriendRequests>(queryKeys.friendRequests, (r) =>
    r && {
      incoming: r.incoming.filter((x) => x.id !== requestId),
      outgoing: r.outgoing.filter((x) => x.id !== requestId),
    },
  );
}

function dropFriend(qc: QueryClient, userId: string) {
  qc.setQueryData<Friend[]>(queryKeys.friends, (list) => list?.filter((f) => f.user.id !== userId));
}

function addFriend(qc: QueryClient, friend: Friend) {
  qc.setQueryData<Friend[]>(queryKeys.friends, (list) =>
    list && [...list.filter((f) => f.user.id !== friend.user.id), friend].sort((a, b) => a.user.username.localeCompare(b.user.username)),
  );
}

export function useFriendActions() {
  const { api } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();

  return useMemo(() => {
    const f = friendsApi(api);
    return {
      /** Opens (or creates) the DM with a friend and goes there. */
      async openDm(userId: string): Promise<DmChat> {
        const chat = await f.openDm(userId);
        qc.setQueryData<DmChat[]>(queryKeys.dms, (list) => (list?.some((c) => c.id === chat.id) ? list : upsertDm(list, chat)));
        void refresh(qc, queryKeys.dms);
        navigate(paths.dm(chat.id));
        return chat;
      },
      async removeFriend(userId: string) {
        await f.removeFriend(userId);
        dropFriend(qc, userId);
        await refresh(qc, queryKeys.friends, queryKeys.dms);
      },
      async block(user: PublicUser) {
        await f.block(user.id);
        dropFriend(qc, user.id);
        qc.setQueryData<Block[]>(queryKeys.blocks, (list) => list && [...list.filter((b) => b.id !== user.id), user]);
        qc.setQueryData<FriendRequests>(queryKeys.friendRequests, (r) =>
          r && {
            incoming: r.incoming.filter((x) => x.user.id !== user.id),
            outgoing: r.outgoing.filter((x) => x.user.id !== user.id),
          },
        );
        await refresh(qc, queryKeys.friends, queryKeys.friendRequests, queryKeys.blocks, queryKeys.dms);
      },
      async unblock(userId: string) {
        await f.unblock(userId);
        qc.setQueryData<Block[]>(queryKeys.blocks, (list) => list?.filter((b) => b.id !== userId));
        await refresh(qc, queryKeys.blocks);
      },
      async accept(requestId: string) {
        const friend = await f.acceptRequest(requestId);
        dropRequest(qc, requestId);
        addFriend(qc, friend);
        await refresh(qc, queryKeys.friendRequests, queryKeys.friends, queryKeys.dms);
      },
      async reject(requestId: string) {
        await f.rejectRequest(requestId);
        dropRequest(qc, requestId);
        await refresh(qc, queryKeys.friendRequests);
      },
      async cancel(requestId: string) {
        await f.cancelRequest(requestId);
        dropRequest(qc, requestId);
        await refresh(qc, queryKeys.friendRequests);
      },
      /** A new request, or (when they had asked first) a friendship at once. */
      async sendRequest(to: FriendRequestTarget): Promise<SendFriendRequestResult> {
        const result = await f.sendRequest(to);
        if (result.friend) {
          addFriend(qc, result.friend);
          await refresh(qc, queryKeys.friendRequests, queryKeys.friends, queryKeys.dms);
        } else {
          await refresh(qc, queryKeys.friendRequests);
        }
        return result;
      },
    };
  }, [api, qc, navigate]);
}

export type FriendActions = ReturnType<typeof useFriendActions>;
