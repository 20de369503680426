// The routes of the user's own settings (docs/API.md, "Accounts" and "Users and avatars"):
// profile, status, avatar, sessions and account deletion, typed. The password change is
// authApi's.
import type { Self } from '@/features/auth/api';
import type { ApiClient } from '@/lib/api/client';

/** The status the user sets for themselves; others see "invisible" as offline. */
export type OwnStatus = Self['status'];

export interface ProfilePatch {
  display_name?: string;
  bio?: string;
  status?: OwnStatus;
}

/** One of the user's live sessions (GET /auth/sessions). */
export interface SessionInfo {
  id: string;
  created_at: number;
  last_used_at: number;
  /** The User-Agent it was created with, when the client sent one. */
  user_agent?: string | null;
  ip?: string | null;
  /** The session making the request: this device. */
  current: boolean;
}

/** DELETE /users/me proves it with the password, or the username for a password-less account. */
export type DeleteAccountBody = { password: string; confirm?: string } | { confirm: string; password?: string };

/** The key of the sessions list in the query cache (no live event touches it). */
export const sessionsKey = ['auth', 'sessions'] as const;

export function settingsApi(api: ApiClient) {
  return {
    updateMe: (patch: ProfilePatch) => api.patch<Self>('/users/me', patch),
    /** The picture's raw bytes; the server sniffs the format. */
    putAvatar: (file: Blob) => api.putBlob<Self>('/users/me/avatar', file),
    deleteAvatar: () => api.delete<Self>('/users/me/avatar'),

    listSessions: async (): Promise<SessionInfo[]> =>
      (await api.get<{ sessions: SessionInfo[] }>('/auth/sessions')).sessions,
    revokeSession: (id: string) => api.delete(`/auth/sessions/${encodeURIComponent(id)}`),
    revokeOtherSessions: () => api.post<void>('/auth/sessions/revoke-others'),

    deleteAccount: (body: DeleteAccountBody) => api.delete<void>('/users/me', { body }),
  };
}

export type SettingsApi = ReturnType<typeof settingsApi>;
