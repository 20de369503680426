// Search as you type: the field's text, settled for 300 ms and checked against the server's
// rules, drives an infinite query over the scope's search route ("Load more" pages back).
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '@/app/session';
import { ApiError, errorMessage } from '@/lib/api/client';
import type { Message } from '@/lib/socket/protocol';
import { scopeKey, searchMessages, type SearchScope } from './api';
import { checkQuery } from './query';
import { useDebouncedValue } from './useDebouncedValue';

export const SEARCH_DEBOUNCE_MS = 300;

export function searchQueryKey(scope: SearchScope, q: string) {
  return ['search', scopeKey(scope), q] as const;
}

/** Words for a failed search; the rate limit says how long to wait. */
export function searchErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) {
      const wait = err.retryAfter !== undefined ? Math.max(1, Math.ceil(err.retryAfter)) : undefined;
      return wait !== undefined
        ? `You are searching too fast. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`
        : 'You are searching too fast. Wait a moment and try again.';
    }
    if (err.status === 404) return 'This conversation is no longer available to you.';
  }
  return errorMessage(err);
}

export function useMessageSearch(scope: SearchScope, input: string) {
  const { api } = useSession();
  const settled = useDebouncedValue(input, SEARCH_DEBOUNCE_MS);
  const check = checkQuery(settled);
  const q = check.ok ? check.q : '';

  const search = useInfiniteQuery({
    queryKey: searchQueryKey(scope, q),
    queryFn: ({ pageParam, signal }) => searchMessages(api, scope, q, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? last.messages.at(-1)?.id : undefined),
    enabled: check.ok,
    retry: false,
    staleTime: 30_000,
  });

  const messages = useMemo(() => {
    const seen = new Set<string>();
    const out: Message[] = [];
    for (const page of search.data?.pages ?? []) {
      for (const m of page.messages) {
        if (!seen.has(m.id)) {
          seen.add(m.id);
          out.push(m);
        }
      }
    }
    return out;
  }, [search.data]);

  return {
    /** The query the results answer (trimmed), '' when none is searched. */
    q,
    /** Why the settled text is not searched; null when it is, or when nothing is typed. */
    invalid: check.ok ? null : check.reason,
    /** The user is still typing: the results are about to change. */
    settling: input.trim() !== settled.trim(),
    messages,
    loading: check.ok && search.isPending,
    error: search.isError && !search.isFetchNextPageError ? searchErrorMessage(search.error) : null,
    /** A failed "Load more" (the first page stays shown). */
    moreError: search.isFetchNextPageError ? searchErrorMessage(search.error) : null,
    hasMore: search.hasNextPage,
    loadingMore: search.isFetchingNextPage,
    loadMore: () => void search.fetchNextPage(),
    retry: () => void search.refetch(),
  };
}
