// The account routes (docs/API.md, "Accounts" and "E-mail"), typed. The session itself is the
// HttpOnly cookie the server sets; the token in the answers is for non-browser clients.
import { ApiError, type ApiClient } from '@/lib/api/client';
import type { LoginBody, RegisterBody } from './schemas';

export interface Self {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
  bio: string;
  created_at: number;
  email: string;
  email_verified: boolean;
  status: 'online' | 'idle' | 'dnd' | 'invisible';
}

/** GET /auth/oidc: whether "Continue with <name>" is offered. */
export interface OidcConfig {
  enabled: boolean;
  name: string;
}

interface SessionAnswer {
  user: Self;
  token: string;
}

export function authApi(api: ApiClient) {
  return {
    register: async (body: RegisterBody) => (await api.post<SessionAnswer>('/auth/register', body)).user,
    login: async (body: LoginBody) => (await api.post<SessionAnswer>('/auth/login', body)).user,
    logout: () => api.post<void>('/auth/logout'),
    logoutEverywhere: () => api.post<void>('/auth/logout-everywhere'),
    /** The signed-in user, or null when there is no live session. */
    me: async (): Promise<Self | null> => {
      try {
        return await api.get<Self>('/users/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    verifyEmail: (code: string) => api.post<void>('/auth/verify-email', { code }),
    resendVerification: () => api.post<void>('/auth/verify-email/resend'),
    requestReset: (email: string) => api.post<unknown>('/auth/password-reset', { email }),
    confirmReset: (body: { token?: string; email?: string; code?: string; new_password: string }) =>
      api.post<void>('/auth/password-reset/confirm', body),
    changePassword: (body: { current_password?: string; new_password: string }) =>
      api.post<void>('/auth/password', body),
    /** 202 {email}: the address the new verification mail goes to. */
    resendVerificationTo: () => api.post<{ email: string }>('/auth/verify-email/resend'),
    oidcConfig: () => api.get<OidcConfig>('/auth/oidc'),
    /** Where the browser goes (a navigation, not a fetch) to sign in with the provider. */
    oidcStartUrl: (redirect: string) => api.url('/auth/oidc/start', { redirect }),
  };
}

/**
 * Where a server refusal belongs on a form: the named field when the form has it, else the
 * form as a whole. Every refusal is shown in the server's words.
 */
export function formErrorOf<F extends string>(
  err: unknown,
  fields: readonly F[],
): { field: F | null; message: string } {
  if (err instanceof ApiError) {
    const f = fields.find((x) => x === err.field);
    return { field: f ?? null, message: err.message };
  }
  return { field: null, message: 'Something went wrong. Try again.' };
}
