// The user's sessions (GET /auth/sessions) and the ways to end them: one, all others, or all.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '@/app/session';
import { sessionsKey, settingsApi, type SessionInfo } from '../api';

/** This device first, then the others by last use. */
export function orderSessions(list: readonly SessionInfo[]): SessionInfo[] {
  return [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.last_used_at - a.last_used_at);
}

export function useSessions() {
  const { api } = useSession();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: sessionsKey, queryFn: () => settingsApi(api).listSessions() });
  const sessions = useMemo(() => orderSessions(query.data ?? []), [query.data]);

  const actions = useMemo(
    () => ({
      async revoke(id: string) {
        await settingsApi(api).revokeSession(id);
        qc.setQueryData<SessionInfo[]>(sessionsKey, (list) => list?.filter((s) => s.id !== id));
        await qc.invalidateQueries({ queryKey: sessionsKey });
      },
      async revokeOthers() {
        await settingsApi(api).revokeOtherSessions();
        qc.setQueryData<SessionInfo[]>(sessionsKey, (list) => list?.filter((s) => s.current));
        await qc.invalidateQueries({ queryKey: sessionsKey });
      },
    }),
    [api, qc],
  );
  return { query, sessions, ...actions };
}
