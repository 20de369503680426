// Leaving the settings: back to where the user came from (or the friends screen when the
// settings were the first page opened), also with Escape, and signing out from them.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { signOut } from '@/app/session';

/** Whether the browser history holds an earlier page of this app (react-router counts them in idx). */
function hasAppHistory(): boolean {
  const state = window.history.state as { idx?: unknown } | null;
  return typeof state?.idx === 'number' && state.idx > 0;
}

export function useCloseSettings() {
  const navigate = useNavigate();
  const close = useCallback(() => {
    if (hasAppHistory()) void navigate(-1);
    else void navigate(paths.friends, { replace: true });
  }, [navigate]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // Escape closes an open dialog or menu first, not the settings behind it.
      if (document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]')) return;
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);

  return close;
}

/** Signs out (here, or everywhere) and goes to the sign-in screen. */
export function useSignOutAndLeave() {
  const navigate = useNavigate();
  return useCallback(
    async (everywhere = false) => {
      try {
        await signOut(everywhere);
      } catch (err) {
        // The cached session is gone whatever the server said; tell the user if it did not hear.
        toast.error(`Signed out on this device, but the server could not be told: ${errorMessage(err)}`);
      }
      void navigate(paths.login, { replace: true });
    },
    [navigate],
  );
}

/** After the account is deleted: nothing of it may stay in memory. */
export function useForgetAccount() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    void navigate(paths.login, { replace: true });
    qc.clear();
    qc.setQueryData(queryKeys.me, null);
  }, [qc, navigate]);
}
