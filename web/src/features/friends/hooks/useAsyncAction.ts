// Runs a user action (a button's click), tracking that it is under way and showing a failure
// in the server's words as an error toast: an action's error is never swallowed.
import { useCallback, useRef, useState } from 'react';
import { toast } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';

export function useAsyncAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const latest = useRef(action);
  latest.current = action;
  const run = useCallback(async (...args: A): Promise<boolean> => {
    setBusy(true);
    try {
      await latest.current(...args);
      return true;
    } catch (err) {
      toast.error(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy };
}
