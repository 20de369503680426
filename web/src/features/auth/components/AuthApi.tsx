// The REST client the account screens talk through. They run signed out, outside the session,
// so they use the page's client; tests put a fake one in with <AuthApiProvider>.
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { api as pageApi } from '@/app/api';
import type { ApiClient } from '@/lib/api/client';
import { authApi } from '../api';

const AuthApiContext = createContext<ApiClient>(pageApi);

export function AuthApiProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  return <AuthApiContext.Provider value={api}>{children}</AuthApiContext.Provider>;
}

/** The typed account routes, bound to the screen's client. */
export function useAuthApi(): ReturnType<typeof authApi> {
  const client = useContext(AuthApiContext);
  return useMemo(() => authApi(client), [client]);
}
