// Tells the user when the real-time connection is down ("Reconnecting…") or the session has
// ended, instead of letting the screen go quietly stale.
import { useStore } from 'zustand';
import { Spinner } from '@/components/ui';
import { useSession } from '@/app/session';

export function ConnectionBanner() {
  const { connection } = useSession();
  const state = useStore(connection, (s) => s.state);
  if (state !== 'reconnecting') return null;
  return (
    <div role="status" className="flex items-center justify-center gap-2 bg-warning px-3 py-1 text-sm font-medium text-black">
      <Spinner size="sm" />
      Reconnecting…
    </div>
  );
}
