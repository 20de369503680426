// Searching users by username prefix (GET /users?search=) as the user types: debounced, and
// only for text that can be a username at all.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSession } from '@/app/session';
import { friendsApi } from '../api';

export function useDebounced<T>(value: T, ms = 250): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

/** What the server can match: usernames are 1-32 of a-z 0-9 _ . (a leading @ is dropped). */
export function searchTermOf(text: string): string | null {
  const t = text.trim().replace(/^@/, '').toLowerCase();
  return t.length >= 1 && t.length <= 32 && /^[a-z0-9_.]+$/.test(t) ? t : null;
}

export function useUserSearch(text: string, limit = 10) {
  const { api } = useSession();
  const term = searchTermOf(useDebounced(text));
  const query = useQuery({
    queryKey: ['users', 'search', term, limit],
    queryFn: () => friendsApi(api).searchUsers({ search: term ?? '', limit }),
    enabled: term !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return { term, ...query };
}
