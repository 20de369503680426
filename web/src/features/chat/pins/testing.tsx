// Test helpers for the panels: a REST client whose answers come from a route handler, every
// request recorded, and a render wrapped in a fresh query cache.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { createApiClient } from '@/lib/api/client';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers each request with handler(url); `calls` lists the URLs asked, in order. */
export function routedApi(handler: (url: URL) => FakeAnswer | Promise<FakeAnswer>) {
  const calls: URL[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://chat.test');
    calls.push(url);
    const answer = await handler(url);
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status ?? 200, headers: answer.headers });
  });
  return { api: createApiClient({ fetch: fetch as unknown as typeof globalThis.fetch }), calls };
}

export function renderWithQuery(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}
