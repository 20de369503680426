// Writes the user's own profile and keeps the "me" query (which the session reads) current.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Self } from '@/features/auth/api';
import { queryKeys } from '@/features/live/queryKeys';
import { useSession } from '@/app/session';
import { settingsApi, type ProfilePatch } from '../api';

export function useMeWriter() {
  const { api } = useSession();
  const qc = useQueryClient();
  const store = useCallback((self: Self) => qc.setQueryData(queryKeys.me, self), [qc]);
  const update = useCallback(async (patch: ProfilePatch) => store(await settingsApi(api).updateMe(patch)), [api, store]);
  return { update, store, api: settingsApi(api) };
}
