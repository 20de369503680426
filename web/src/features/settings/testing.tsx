// Test helpers for the friends and settings screens: a fake signed-in session provided through
// SessionContext, a REST client that answers per route and records every call, and a render
// wrapping a screen in the query cache, a router and the toaster, as the app does.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import { toast, Toaster } from '@/components/ui';
import { installDomStubs } from '@/components/ui/testing';
import type { Self } from '@/features/auth/api';
import { createTypingStore } from '@/features/chat/typing/store';
import { createConversationsStore, createSeenStore, queryKeys } from '@/features/live';
import { fakeSocket } from '@/features/live/testkit';
import { createPresenceStore } from '@/features/presence/store';
import { createApiClient } from '@/lib/api/client';
import { createConnectionStore } from '@/lib/socket/connection';
import { SessionContext, type Session } from '@/app/session';

export const ME: Self = {
  id: '100',
  username: 'grace',
  display_name: 'Grace Hopper',
  avatar_url: null,
  bio: 'Admiral.',
  created_at: 1750000000000,
  email: 'grace@example.com',
  email_verified: true,
  status: 'online',
};

export interface FakeCall {
  method: string;
  /** The path under /api/v1, without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
}

export type FakeHandler = FakeReply | ((call: FakeCall) => FakeReply | Promise<FakeReply>);

/** An ApiError body, for handlers that refuse. */
export function refusal(status: number, code: string, message: string, field?: string): FakeReply {
  return { status, body: { error: field ? { code, message, field } : { code, message } } };
}

/**
 * A REST client answering from `routes`, keyed "METHOD /path" (e.g. "GET /friends"). Tests may
 * replace a route at any time (routes[key] = …) to change what the server says next.
 */
export function routedApi(initial: Record<string, FakeHandler> = {}) {
  const routes: Record<string, FakeHandler> = { ...initial };
  const calls: FakeCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://chat.test');
    const method = init?.method ?? 'GET';
    const raw = init?.body;
    let body: unknown = raw ?? undefined;
    if (typeof raw === 'string') body = JSON.parse(raw);
    const call: FakeCall = { method, path: url.pathname.replace(/^\/api\/v1/, ''), query: url.searchParams, body };
    calls.push(call);
    const handler = routes[`${method} ${call.path}`];
    const reply: FakeReply = !handler
      ? refusal(404, 'not_found', `No fake route for ${method} ${call.path}`)
      : typeof handler === 'function'
        ? await handler(call)
        : handler;
    const status = reply.status ?? (reply.body === undefined ? 204 : 200);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status });
  }) as unknown as typeof globalThis.fetch & ReturnType<typeof vi.fn>;
  return {
    api: createApiClient({ fetch }),
    fetch,
    routes,
    calls,
    /** The calls made to "METHOD /path". */
    callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}

export type RoutedApi = ReturnType<typeof routedApi>;

export function fakeSession(api: RoutedApi['api'], me: Self = ME): Session {
  const { socket } = fakeSocket();
  return {
    me,
    api,
    socket: socket as unknown as Socket,
    conversations: createConversationsStore({ api, socket, me: () => me }),
    presence: createPresenceStore(),
    typing: createTypingStore(),
    connection: createConnectionStore(),
    seen: createSeenStore(),
    markOpen: () => () => undefined,
  };
}

/** Provides the session with `me` read from the query cache, as RequireAuth does. */
function TestSession({ session, children }: { session: Session; children: ReactNode }) {
  const me = useQuery({ queryKey: queryKeys.me, queryFn: () => session.me, initialData: session.me, staleTime: Infinity });
  const value = me.data ? { ...session, me: me.data } : session;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Shows the router's current location, so tests can see where a click went. */
function LocationProbe() {
  const loc = useLocation();
  return <output data-testid="location">{loc.pathname + loc.search}</output>;
}

export interface RenderOptions {
  routes?: Record<string, FakeHandler>;
  me?: Self;
  /** The URL the router starts at. */
  at?: string;
  /** The route pattern the element is mounted on; "*" by default. */
  path?: string;
}

export function renderWithSession(ui: ReactNode, options: RenderOptions = {}) {
  installDomStubs();
  toast.clear();
  const server = routedApi(options.routes);
  const session = fakeSession(server.api, options.me);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 30_000 }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <TestSession session={session}>
        <MemoryRouter initialEntries={[options.at ?? '/']}>
          <Routes>
            <Route path={options.path ?? '*'} element={ui} />
            {options.path && <Route path="*" element={null} />}
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </TestSession>
      <Toaster />
    </QueryClientProvider>,
  );
  return { ...view, user, server, session, queryClient, location: () => view.getByTestId('location').textContent };
}

/** A user as others see them; with presence when `status` is given (a friend). */
export function person(id: string, username: string, display_name: string, status?: 'online' | 'idle' | 'dnd' | 'offline') {
  const base = { id, username, display_name, avatar_url: null, bio: '', created_at: 1750000000000 };
  return status ? { ...base, status, last_seen: null } : base;
}
