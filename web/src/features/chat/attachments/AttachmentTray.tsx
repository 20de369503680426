// The strip above the composer: one card per queued file with its thumbnail or icon, size,
// upload progress, error, and Remove / Retry buttons.
import { RotateCw, X } from 'lucide-react';
import { cn } from '@/components/ui';
import { formatBytes } from '@/features/chat/format';
import { FileIcon } from './FileIcon';
import type { UploadItem, Uploads } from './useUploads';

export interface AttachmentTrayProps {
  uploads: Pick<Uploads, 'items' | 'remove' | 'retry'>;
  className?: string;
}

export function AttachmentTray({ uploads, className }: AttachmentTrayProps) {
  if (uploads.items.length === 0) return null;
  return (
    <ul aria-label="Files to send" className={cn('flex gap-2 overflow-x-auto px-2 pt-2 pb-1', className)}>
      {uploads.items.map((item) => (
        <TrayCard key={item.localId} item={item} onRemove={uploads.remove} onRetry={uploads.retry} />
      ))}
    </ul>
  );
}

const iconButton =
  'inline-flex size-7 cursor-pointer items-center justify-center rounded-sm bg-elevated text-muted shadow-elevated hover:text-normal focus-visible:outline-2 focus-visible:outline-focus';

function TrayCard({
  item,
  onRemove,
  onRetry,
}: {
  item: UploadItem;
  onRemove(localId: string): void;
  onRetry(localId: string): void;
}) {
  const name = item.file.name || 'file';
  const percent = Math.round(item.progress * 100);
  return (
    <li className="relative flex w-36 shrink-0 flex-col gap-1 rounded-md bg-sidebar p-2 sm:w-44">
      <div className="flex h-20 items-center justify-center overflow-hidden rounded-sm bg-chat">
        {item.previewUrl ? (
          <img src={item.previewUrl} alt="" className={cn('size-full object-cover', item.state === 'failed' && 'opacity-50')} />
        ) : (
          <FileIcon contentType={item.file.type} className="size-10" />
        )}
      </div>
      <p className="truncate text-sm text-normal" title={name}>
        {name}
      </p>
      <p className="text-xs text-faint">{formatBytes(item.file.size)}</p>

      {item.state === 'uploading' && (
        <div
          role="progressbar"
          aria-label={`Uploading ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-1.5 w-full overflow-hidden rounded-full bg-active"
        >
          <div className="h-full rounded-full bg-accent transition-[width] duration-150" style={{ width: `${percent}%` }} />
        </div>
      )}
      {item.state === 'failed' && (
        <div className="flex items-start gap-1">
          <p role="alert" className="min-w-0 flex-1 text-xs text-danger-text">
            {item.error ?? 'The upload failed.'}
          </p>
          <button
            type="button"
            aria-label={`Retry ${name}`}
            title="Retry"
            onClick={() => onRetry(item.localId)}
            className={cn(iconButton, 'shrink-0')}
          >
            <RotateCw aria-hidden="true" className="size-4" />
          </button>
        </div>
      )}

      <button
        type="button"
        aria-label={`Remove ${name}`}
        title="Remove"
        onClick={() => onRemove(item.localId)}
        className={cn(iconButton, 'absolute top-1 right-1 hover:text-danger-text')}
      >
        <X aria-hidden="true" className="size-4" />
      </button>
    </li>
  );
}
