// Test stand-ins for the account screens: a fake server (answers per "METHOD /path", records
// every call with its JSON body) and a render inside a query cache, the fake client and a
// memory router whose other pages just say where the user landed.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { vi } from 'vitest';
import { queryKeys } from '@/features/live/queryKeys';
import { createApiClient } from '@/lib/api/client';
import type { Self } from '../api';
import { AuthApiProvider } from './AuthApi';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

export const errorAnswer = (status: number, code: string, message: string, field?: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message, ...(field ? { field } : {}) } },
  ...(headers ? { headers } : {}),
});

export function fakeServer(routes: Record<string, Answer | ((body: unknown) => Answer | Promise<Answer>)> = {}) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://chat.test');
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/v1/, '') + url.search;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    const answer: Answer =
      typeof route === 'function'
        ? await route(body)
        : (route ??
          (path === '/auth/oidc'
            ? { status: 200, body: { enabled: false, name: 'Google' } }
            : errorAnswer(404, 'not_found', `No fake route for ${method} ${path}.`)));
    const text = answer.body === undefined || answer.status === 204 ? null : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status, headers: answer.headers ?? {} });
  }) as unknown as typeof globalThis.fetch;
  return {
    api: createApiClient({ fetch }),
    calls,
    /** The calls other than the OIDC probe every login/register screen makes. */
    posts: () => calls.filter((c) => c.method !== 'GET'),
  };
}

export const someone: Self = {
  id: '1',
  username: 'ada',
  display_name: 'Ada',
  avatar_url: null,
  bio: '',
  created_at: 1,
  email: 'ada@example.com',
  email_verified: true,
  status: 'online',
};

function Landed() {
  const l = useLocation();
  return <p>Landed at {l.pathname + l.search}</p>;
}

export function renderScreen(
  element: ReactElement,
  opts: { path: string; url?: string; server: ReturnType<typeof fakeServer>; me?: Self | null },
) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (opts.me !== undefined) qc.setQueryData(queryKeys.me, opts.me);
  const router = createMemoryRouter(
    [
      { path: opts.path, element },
      { path: '*', element: <Landed /> },
    ],
    { initialEntries: [opts.url ?? opts.path] },
  );
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={qc}>
      <AuthApiProvider api={opts.server.api}>
        <RouterProvider router={router} />
      </AuthApiProvider>
    </QueryClientProvider>,
  );
  return { qc, router, user };
}

/** Waits for the router to leave the screen, and says where it went. */
export async function landedAt(): Promise<string> {
  const p = await screen.findByText(/^Landed at /);
  return (p.textContent ?? '').replace(/^Landed at /, '');
}
