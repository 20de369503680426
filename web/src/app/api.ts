// The page's single REST client and query cache. A 401 from any route means the session is
// gone (expired, revoked, logged out in another tab): the cached user becomes null and the
// router sends the page to the sign-in screen.
import { QueryClient } from '@tanstack/react-query';
import { ApiError, createApiClient } from '@/lib/api/client';
import { queryKeys } from '@/features/live/queryKeys';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Live events keep the cache current; refetching on focus would only add load.
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

export const api = createApiClient({
  onUnauthenticated: () => {
    if (queryClient.getQueryData(queryKeys.me)) queryClient.setQueryData(queryKeys.me, null);
  },
});
