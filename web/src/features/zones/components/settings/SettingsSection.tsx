// The frame of a zone settings tab (its heading, an optional action on the right) and the
// loading / failure line its list shows before the data.
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api/client';

export function SettingsSection({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="flex-1 text-xl font-semibold text-heading">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export function LoadState({ pending, error, what }: { pending: boolean; error: unknown; what: string }) {
  if (pending) {
    return (
      <p role="status" className="text-muted">
        Loading {what}…
      </p>
    );
  }
  if (error) {
    return (
      <p role="alert" className="text-danger-text">
        The {what} could not be loaded. {errorMessage(error)}
      </p>
    );
  }
  return null;
}
