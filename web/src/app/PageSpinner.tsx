// The whole-page wait: while the session is asked for or a screen's code loads.
import { Spinner } from '@/components/ui';

export function PageSpinner() {
  return (
    <div className="flex h-full min-h-dvh w-full items-center justify-center bg-chat" role="status">
      <Spinner size="lg" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
