// A message's attachments: images as previews that open the lightbox, video and audio with
// the browser's controls, anything else as a card with a download link (the server answers
// those with Content-Disposition: attachment).
import { Download } from 'lucide-react';
import { useRef, useState } from 'react';
import { cn } from '@/components/ui';
import { formatBytes } from '@/features/chat/format';
import type { Attachment } from '@/lib/socket/protocol';
import { FileIcon } from './FileIcon';
import { fitWithin, knownSize, PLACEHOLDER_SIZE, PREVIEW_MAX_HEIGHT, PREVIEW_MAX_WIDTH, rememberSize } from './imageSize';
import { attachmentKind } from './kind';
import { Lightbox } from './Lightbox';

export interface AttachmentListProps {
  attachments: readonly Attachment[];
  className?: string;
}

export function AttachmentList({ attachments, className }: AttachmentListProps) {
  const [open, setOpen] = useState<number | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  // Images that fail to load (a corrupt file) fall back to a download card.
  const [broken, setBroken] = useState<ReadonlySet<string>>(() => new Set());
  if (attachments.length === 0) return null;

  const images = attachments.filter((a) => attachmentKind(a) === 'image' && !broken.has(a.id));
  const others = attachments.filter((a) => !images.includes(a));

  return (
    <div className={cn('flex max-w-full flex-col gap-1', className)}>
      {images.length > 0 && (
        <div className="flex max-w-full flex-wrap gap-1">
          {images.map((a, i) => (
            <ImagePreview
              key={a.id}
              attachment={a}
              onOpen={(el) => {
                opener.current = el;
                setOpen(i);
              }}
              onBroken={() => setBroken((s) => new Set(s).add(a.id))}
            />
          ))}
        </div>
      )}
      {others.map((a) => {
        const kind = attachmentKind(a);
        if (kind === 'video') return <VideoAttachment key={a.id} attachment={a} />;
        if (kind === 'audio') return <AudioAttachment key={a.id} attachment={a} />;
        return <FileCard key={a.id} attachment={a} />;
      })}
      <Lightbox
        images={images}
        index={open}
        onIndexChange={setOpen}
        onClose={() => setOpen(null)}
        returnFocusTo={opener}
      />
    </div>
  );
}

function ImagePreview({
  attachment,
  onOpen,
  onBroken,
}: {
  attachment: Attachment;
  onOpen(opener: HTMLElement): void;
  onBroken(): void;
}) {
  const [natural, setNatural] = useState(() => knownSize(attachment.id));
  const box = natural ? fitWithin(natural) : PLACEHOLDER_SIZE;
  return (
    <button
      type="button"
      onClick={(e) => onOpen(e.currentTarget)}
      title={attachment.file_name}
      className={cn(
        'block max-w-full cursor-zoom-in overflow-hidden rounded-md focus-visible:outline-2 focus-visible:outline-focus',
        !natural && 'bg-hover',
      )}
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}`, maxHeight: PREVIEW_MAX_HEIGHT }}
    >
      <img
        src={attachment.url}
        alt={attachment.file_name}
        loading="lazy"
        decoding="async"
        width={box.width}
        height={box.height}
        draggable={false}
        onLoad={(e) => {
          const img = e.currentTarget;
          if (img.naturalWidth > 0 && img.naturalHeight > 0) {
            const size = { width: img.naturalWidth, height: img.naturalHeight };
            rememberSize(attachment.id, size);
            if (!natural || natural.width !== size.width || natural.height !== size.height) setNatural(size);
          }
        }}
        onError={onBroken}
        className="size-full object-contain"
      />
    </button>
  );
}

function MetaLine({ attachment }: { attachment: Attachment }) {
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs text-faint">
      <span className="min-w-0 truncate" title={attachment.file_name}>
        {attachment.file_name}
      </span>
      <span className="shrink-0">{formatBytes(attachment.size)}</span>
      <a
        href={attachment.url}
        download={attachment.file_name}
        aria-label={`Download ${attachment.file_name}`}
        title="Download"
        className="ml-auto inline-flex size-6 shrink-0 items-center justify-center rounded-sm text-muted hover:text-normal"
      >
        <Download aria-hidden="true" className="size-4" />
      </a>
    </div>
  );
}

function VideoAttachment({ attachment }: { attachment: Attachment }) {
  return (
    <figure className="flex max-w-full flex-col gap-1" style={{ width: PREVIEW_MAX_WIDTH }}>
      <video
        src={attachment.url}
        controls
        preload="metadata"
        aria-label={attachment.file_name}
        className="w-full rounded-md bg-black"
        style={{ maxHeight: PREVIEW_MAX_HEIGHT }}
      />
      <figcaption>
        <MetaLine attachment={attachment} />
      </figcaption>
    </figure>
  );
}

function AudioAttachment({ attachment }: { attachment: Attachment }) {
  return (
    <figure
      className="flex max-w-full flex-col gap-2 rounded-md border border-border bg-sidebar p-3"
      style={{ width: PREVIEW_MAX_WIDTH }}
    >
      <figcaption>
        <MetaLine attachment={attachment} />
      </figcaption>
      <audio src={attachment.url} controls preload="none" aria-label={attachment.file_name} className="w-full" />
    </figure>
  );
}

function FileCard({ attachment }: { attachment: Attachment }) {
  return (
    <div
      className="flex max-w-full items-center gap-3 rounded-md border border-border bg-sidebar p-3"
      style={{ width: PREVIEW_MAX_WIDTH }}
    >
      <FileIcon contentType={attachment.content_type} className="size-9" />
      <div className="min-w-0 flex-1">
        <a
          href={attachment.url}
          download={attachment.file_name}
          aria-label={`Download ${attachment.file_name}`}
          className="block truncate text-link hover:underline"
          title={attachment.file_name}
        >
          {attachment.file_name}
        </a>
        <p className="text-xs text-faint">{formatBytes(attachment.size)}</p>
      </div>
      <Download aria-hidden="true" className="size-5 shrink-0 text-muted" />
    </div>
  );
}
