// Test helpers of the conversation view: a signed-in session built from the live testkit's
// fake socket and REST client, rendered with the query cache, a router and every list row
// drawn (jsdom has no layout for the virtualiser).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Socket } from 'socket.io-client';
import { vi } from 'vitest';
import { installDomStubs } from '@/components/ui/testing';
import { SessionContext, type Session } from '@/app/session';
import type { Self } from '@/features/auth/api';
import type { PublicUser } from '@/features/friends/types';
import { createTypingStore } from '@/features/chat/typing/store';
import { createConversationsStore } from '@/features/live/conversations';
import { createSeenStore } from '@/features/live/seen';
import { ADA, fakeApi, fakeSocket, ME } from '@/features/live/testkit';
import { createPresenceStore } from '@/features/presence/store';
import type { Member } from '@/features/zones/types';
import { fromPage, type HistoryPage } from '@/features/chat/messages/timeline';
import { createConnectionStore } from '@/lib/socket/connection';
import { conversationKey, type ConversationRef } from '@/lib/socket/protocol';
import { RenderAllRowsContext } from './components/MessageList';
import { drafts } from './hooks/drafts';

export const SELF: Self = {
  id: ME.id,
  username: ME.username,
  display_name: ME.display_name,
  avatar_url: null,
  bio: '',
  created_at: 1700000000000,
  email: 'me@example.test',
  email_verified: true,
  status: 'online',
};

/** The conversations of the mention tests: a zone channel and a DM. */
export const MENTION_CHANNEL = { chat_id: '9', channel_id: '70' };
export const MENTION_DM = { chat_id: '50' };

export const mentionUser = (id: string, username: string, display_name: string): PublicUser => ({
  id,
  username,
  display_name,
  avatar_url: null,
  bio: '',
  created_at: 0,
});
const mentionMember = (u: PublicUser): Member => ({ user: u, role: 'member', joined_at: 0 });
/** The zone's members the "@" picker offers: me, Ada, and two whose names share a prefix. */
export const MENTION_MEMBERS: Member[] = [
  mentionMember(mentionUser(ME.id, ME.username, ME.display_name)),
  mentionMember(mentionUser(ADA.id, ADA.username, ADA.display_name)),
  mentionMember(mentionUser('3', 'alice', 'Alice Smith')),
  mentionMember(mentionUser('4', 'alina', 'Alina')),
];

export function testSession() {
  const sock = fakeSocket();
  const rest = fakeApi();
  /** typing:start / typing:stop go out as plain (volatile) emits. */
  const emit = vi.fn();
  const socket = { ...sock.socket, emit, volatile: { emit }, connected: true } as unknown as Socket;
  const conversations = createConversationsStore({ api: rest.api, socket: sock.socket, me: () => ME });
  const markOpen = vi.fn((_key: string) => () => undefined);
  const session: Session = {
    me: SELF,
    api: rest.api,
    socket,
    conversations,
    presence: createPresenceStore(),
    typing: createTypingStore(),
    connection: createConnectionStore(),
    seen: createSeenStore(),
    markOpen,
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  return { session, sock, rest, emit, markOpen, queryClient };
}

export type TestSession = ReturnType<typeof testSession>;

/** Puts a loaded page in the store, as if the conversation had been opened before. */
export function seedTimeline(t: TestSession, ref: ConversationRef, page: HistoryPage) {
  t.session.conversations.setState((s) => ({
    timelines: { ...s.timelines, [conversationKey(ref)]: fromPage(page) },
  }));
}

export function ChatProviders({ t, children, route = '/', path }: { t: TestSession; children: ReactNode; route?: string; path?: string }) {
  return (
    <QueryClientProvider client={t.queryClient}>
      <SessionContext.Provider value={t.session}>
        <RenderAllRowsContext.Provider value={true}>
          <MemoryRouter initialEntries={[route]}>
            {path ? (
              <Routes>
                <Route path={path} element={children} />
                <Route path="*" element={<p>elsewhere</p>} />
              </Routes>
            ) : (
              children
            )}
          </MemoryRouter>
        </RenderAllRowsContext.Provider>
      </SessionContext.Provider>
    </QueryClientProvider>
  );
}

export function renderChat(ui: ReactElement, t: TestSession, opts: { route?: string; path?: string } = {}) {
  installDomStubs();
  drafts.setState({ owner: null, byKey: {} });
  return render(
    <ChatProviders t={t} {...opts}>
      {ui}
    </ChatProviders>,
  );
}
