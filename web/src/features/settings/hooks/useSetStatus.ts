// Changing the user's own status (PATCH /users/me {status}): shown at once, put back and
// explained if the server refuses. Friends learn of it from the server.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { toast } from '@/components/ui';
import type { Self } from '@/features/auth/api';
import { queryKeys } from '@/features/live/queryKeys';
import { errorMessage } from '@/lib/api/client';
import type { OwnStatus } from '../api';
import { useMeWriter } from './useMe';

export function useSetStatus() {
  const qc = useQueryClient();
  const { update } = useMeWriter();
  return useCallback(
    async (status: OwnStatus) => {
      const before = qc.getQueryData<Self>(queryKeys.me);
      if (before) qc.setQueryData<Self>(queryKeys.me, { ...before, status });
      try {
        await update({ status });
      } catch (err) {
        if (before) qc.setQueryData<Self>(queryKeys.me, (now) => (now ? { ...now, status: before.status } : now));
        toast.error(`Your status could not be changed: ${errorMessage(err)}`);
      }
    },
    [qc, update],
  );
}
