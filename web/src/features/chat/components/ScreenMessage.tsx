// The body of a conversation screen that cannot show a conversation: not found, failed, or
// a voice channel.
import type { ReactNode } from 'react';

export function ScreenMessage({ title, icon, children }: { title: string; icon?: ReactNode; children?: ReactNode }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 bg-chat p-6 text-center">
      {icon && <span aria-hidden="true" className="text-faint [&>svg]:size-12">{icon}</span>}
      <h2 className="text-xl font-semibold text-heading">{title}</h2>
      {children}
    </div>
  );
}
