// Test helpers for the zone screens: a fake REST server answering by route, zone fixtures,
// and a render with the query cache, a fake signed-in session and a router.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Socket } from 'socket.io-client';
import { vi } from 'vitest';
import type { Self } from '@/features/auth/api';
import { createTypingStore } from '@/features/chat/typing/store';
import type { PublicUser } from '@/features/friends/types';
import { createSeenStore, queryKeys, type ConversationsStore } from '@/features/live';
import { createPresenceStore } from '@/features/presence/store';
import { createApiClient, type ApiClient } from '@/lib/api/client';
import { createConnectionStore } from '@/lib/socket/connection';
import { SessionContext, type Session } from '@/app/session';
import type { ChannelWithReadState, Member, ZoneRole, ZoneWithReadState } from './types';

export interface Call {
  method: string;
  /** Path under /api/v1, with the query string. */
  path: string;
  body: unknown;
}

type Reply = { status: number; body?: unknown };
type Handler = Reply | ((call: Call) => Reply);

/**
 * A REST server stand-in: `on('GET /zones/100', {status: 200, body})` answers that route
 * (a function answers per call); anything else answers 501 so a missing stub shows up.
 */
export function mockServer() {
  const routes = new Map<string, Handler>();
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://chat.test');
    const path = url.pathname.replace(/^\/api\/v1/, '') + url.search;
    const raw = init?.body;
    const call: Call = { method: init?.method ?? 'GET', path, body: typeof raw === 'string' ? JSON.parse(raw) : raw };
    calls.push(call);
    const h = routes.get(`${call.method} ${path}`);
    const r: Reply = h
      ? typeof h === 'function'
        ? h(call)
        : h
      : { status: 501, body: { error: { code: 'unmocked', message: `No stub for ${call.method} ${path}` } } };
    const text = r.body === undefined ? null : JSON.stringify(r.body);
    return new Response(r.status === 204 ? null : text, { status: r.status });
  }) as unknown as typeof globalThis.fetch;
  const server = {
    api: createApiClient({ fetch }),
    fetch,
    calls,
    on(route: string, handler: Handler) {
      routes.set(route, handler);
      return server;
    },
    /** The calls other than GETs, as [method, path, body]. */
    changes: () => calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body]),
  };
  return server;
}

export const ME: Self = {
  id: '1',
  username: 'me',
  display_name: 'Me',
  avatar_url: null,
  bio: '',
  created_at: 1750000000000,
  email: 'me@example.com',
  email_verified: true,
  status: 'online',
};

export function user(id: string, name: string): PublicUser {
  return { id, username: name.toLowerCase(), display_name: name, avatar_url: null, bio: '', created_at: 1750000000000 };
}

export function member(u: PublicUser, role: ZoneRole): Member {
  return { user: u, role, joined_at: 1750000000000 };
}

export function textChannel(id: string, name: string, position: number, unread = 0, mentions = 0): ChannelWithReadState {
  return {
    id,
    name,
    type: 'text',
    position,
    topic: '',
    last_read_id: null,
    last_message_id: null,
    unread_count: unread,
    mention_count: mentions,
  };
}

export function voiceChannel(id: string, name: string, position: number): ChannelWithReadState {
  return { id, name, type: 'voice', position, topic: '' };
}

export function zoneFixture(over: Partial<ZoneWithReadState> = {}): ZoneWithReadState {
  return {
    id: '100',
    name: 'Rust Fans',
    icon_url: null,
    owner_id: '1',
    allow_member_invites: false,
    created_at: 1750000000000,
    my_role: 'owner',
    channels: [textChannel('101', 'general', 0), voiceChannel('102', 'General', 1)],
    ...over,
  };
}

export function fakeSession(api: ApiClient, me: Self = ME): Session {
  return {
    me,
    api,
    socket: {} as Socket,
    conversations: {} as ConversationsStore,
    presence: createPresenceStore(),
    typing: createTypingStore(),
    connection: createConnectionStore(),
    seen: createSeenStore(),
    markOpen: () => () => {},
  };
}

function Location() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

export interface RenderOptions {
  /** The URL shown first. */
  at: string;
  /** The route pattern the UI is mounted at. */
  path: string;
  /** Signed-in session; null renders without one (the pages open to everyone). */
  session?: Session | null;
  /** The "me" query's answer (defaults to the session's user, or null without one). */
  me?: Self | null;
  client?: QueryClient;
}

export function renderWith(ui: ReactElement, { at, path, session = null, me, client }: RenderOptions) {
  const qc = client ?? new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  qc.setQueryData(queryKeys.me, me === undefined ? (session?.me ?? null) : me);
  const tree = (
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[at]}>
        <Routes>
          <Route path={path} element={ui} />
          <Route path="*" element={null} />
        </Routes>
        <Location />
      </MemoryRouter>
    </QueryClientProvider>
  );
  const result = render(session ? <SessionContext.Provider value={session}>{tree}</SessionContext.Provider> : tree);
  return { ...result, client: qc, location: () => result.getByTestId('location').textContent };
}
