// The signed-in user's live session: who they are (the "me" query), and, once signed in, the
// socket with the stores its events feed. Screens reach both through useSession(); nothing of
// one account outlives its sign-out (the provider's state is rebuilt per user).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import type { Socket } from 'socket.io-client';
import { authApi, type Self } from '@/features/auth/api';
import { createTypingStore } from '@/features/chat/typing/store';
import { applyReadPosition, bindLive, createConversationsStore, createSeenStore, queryKeys, type ConversationsStore, type SeenStore } from '@/features/live';
import { createPresenceStore } from '@/features/presence/store';
import type { ApiClient } from '@/lib/api/client';
import { connectSocket } from '@/lib/socket/client';
import { createConnectionStore, trackConnection } from '@/lib/socket/connection';
import { api, queryClient } from './api';

export interface Session {
  me: Self;
  api: ApiClient;
  socket: Socket;
  conversations: ConversationsStore;
  presence: ReturnType<typeof createPresenceStore>;
  typing: ReturnType<typeof createTypingStore>;
  connection: ReturnType<typeof createConnectionStore>;
  seen: SeenStore;
  /**
   * Declares a conversation (conversationKey) on screen until the returned function is
   * called: its new messages then count as read instead of raising its badge.
   */
  markOpen(key: string): () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user: undefined while asking the server, null when signed out. */
export function useMe(): { me: Self | null | undefined; error: unknown } {
  const q = useQuery({ queryKey: queryKeys.me, queryFn: () => authApi(api).me(), staleTime: Infinity });
  return { me: q.data, error: q.error };
}

/** The session of the signed-in user; only inside <SessionProvider>. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}

/** The session if signed in (pages open to everyone, like an invite preview). */
export function useOptionalSession(): Session | null {
  return useContext(SessionContext);
}

interface Live extends Omit<Session, 'me'> {
  meRef: { current: Self };
  start(): () => void;
}

function createLive(me: Self, cache: ReturnType<typeof useQueryClient>): Live {
  const meRef = { current: me };
  const open = new Map<string, number>();
  // Connected by start(), once the handlers are bound: no event can arrive before them.
  const socket = connectSocket({ autoConnect: false });
  const connection = createConnectionStore();
  const presence = createPresenceStore();
  const typing = createTypingStore();
  const seen = createSeenStore();
  const conversations = createConversationsStore({
    api,
    socket,
    // My own chat:read is acknowledged, not broadcast back: move the badges here.
    onRead: (ref, lastReadId) => applyReadPosition(cache, ref, lastReadId),
    me: () => ({
      id: meRef.current.id,
      username: meRef.current.username,
      display_name: meRef.current.display_name,
      avatar_url: meRef.current.avatar_url,
    }),
  });
  return {
    meRef,
    api,
    socket,
    conversations,
    presence,
    typing,
    connection,
    seen,
    markOpen(key) {
      open.set(key, (open.get(key) ?? 0) + 1);
      return () => {
        const n = (open.get(key) ?? 1) - 1;
        if (n <= 0) open.delete(key);
        else open.set(key, n);
      };
    },
    start() {
      trackConnection(socket, connection);
      const unbind = bindLive(socket, {
        queryClient: cache,
        conversations,
        presence,
        typing,
        connection,
        seen,
        me: () => meRef.current,
        isOpen: (key) => open.has(key) && document.visibilityState === 'visible',
      });
      socket.connect();
      return () => {
        unbind();
        socket.disconnect();
        conversations.getState().clear();
      };
    },
  };
}

export function SessionProvider({ me, children }: { me: Self; children: ReactNode }) {
  const cache = useQueryClient();
  // One live session per account: a different user signing in gets fresh stores.
  const live = useMemo(() => createLive(me, cache), [me.id, cache]); // eslint-disable-line react-hooks/exhaustive-deps
  live.meRef.current = me;
  useEffect(() => live.start(), [live]);
  const value = useMemo<Session>(() => ({ ...live, me }), [live, me]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Ends the session here (and everywhere when asked), forgetting all cached state. */
export async function signOut(everywhere = false) {
  const auth = authApi(api);
  try {
    await (everywhere ? auth.logoutEverywhere() : auth.logout());
  } finally {
    queryClient.clear();
    queryClient.setQueryData(queryKeys.me, null);
  }
}
