// The veil over the conversation while files are dragged onto it.
import { Upload } from 'lucide-react';

export function DropOverlay({ visible, target }: { visible: boolean; /** "#general", "Ada" */ target?: string }) {
  if (!visible) return null;
  return (
    <div
      role="status"
      className="pointer-events-none absolute inset-0 z-30 flex items-center justify-center bg-black/60 p-4 animate-fade-in"
    >
      <div className="flex max-w-sm flex-col items-center gap-2 rounded-lg border-2 border-dashed border-accent bg-elevated px-8 py-6 text-center shadow-elevated">
        <Upload aria-hidden="true" className="size-10 text-link" />
        <p className="text-lg font-semibold text-heading">Drop files to upload</p>
        {target && <p className="text-sm text-muted">They will be added to your message in {target}.</p>}
      </div>
    </div>
  );
}
