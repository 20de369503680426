// Full-screen view of a message's images: named by the file, Escape closes, the arrow keys
// (and the side buttons) move between the message's images, "Open original" opens the file.
import * as RadixDialog from '@radix-ui/react-dialog';
import { ChevronLeft, ChevronRight, ExternalLink, X } from 'lucide-react';
import { useRef, type KeyboardEvent, type RefObject } from 'react';
import { cn } from '@/components/ui';
import type { Attachment } from '@/lib/socket/protocol';

export interface LightboxProps {
  images: Attachment[];
  /** The image shown; the lightbox is open while it is not null. */
  index: number | null;
  onIndexChange(index: number): void;
  onClose(): void;
  /** Where focus goes back on closing (the preview that opened it). */
  returnFocusTo?: RefObject<HTMLElement | null>;
}

const chrome =
  'inline-flex cursor-pointer items-center justify-center gap-2 rounded-sm text-white/80 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-focus';

export function Lightbox({ images, index, onIndexChange, onClose, returnFocusTo }: LightboxProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const image = index === null ? undefined : images[index];
  const open = image !== undefined && index !== null;
  const count = images.length;

  function go(delta: number) {
    if (index === null) return;
    const next = index + delta;
    if (next >= 0 && next < count) onIndexChange(next);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowLeft') {
      e.preventDefault();
      go(-1);
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      go(1);
    }
  }

  return (
    <RadixDialog.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-50 bg-black/90 animate-fade-in" />
        {open && (
          <RadixDialog.Content
            aria-describedby={undefined}
            onKeyDown={onKeyDown}
            onOpenAutoFocus={(e) => {
              e.preventDefault();
              closeRef.current?.focus();
            }}
            onCloseAutoFocus={(e) => {
              // Opened without a Radix trigger: say where focus returns.
              if (!returnFocusTo?.current) return;
              e.preventDefault();
              returnFocusTo.current.focus();
            }}
            className="fixed inset-0 z-50 flex flex-col outline-none"
          >
            <div className="flex items-center gap-2 px-3 py-2 sm:px-4">
              <RadixDialog.Title className="min-w-0 flex-1 truncate text-base font-semibold text-white">
                {image.file_name}
              </RadixDialog.Title>
              {count > 1 && (
                <span className="shrink-0 text-sm text-white/70 tabular-nums">
                  {index + 1} of {count}
                </span>
              )}
              <a
                href={image.url}
                target="_blank"
                rel="noopener noreferrer"
                className={cn(chrome, 'h-9 shrink-0 px-2 text-sm')}
              >
                <ExternalLink aria-hidden="true" className="size-4" />
                <span className="max-sm:sr-only">Open original</span>
              </a>
              <RadixDialog.Close ref={closeRef} aria-label="Close" className={cn(chrome, 'size-9 shrink-0')}>
                <X aria-hidden="true" className="size-5" />
              </RadixDialog.Close>
            </div>

            <div className="relative flex min-h-0 flex-1 items-center justify-center px-2 pb-4 sm:px-16">
              <img
                key={image.id}
                src={image.url}
                alt={image.file_name}
                className="max-h-full max-w-full object-contain animate-fade-in"
              />
              {count > 1 && (
                <>
                  <button
                    type="button"
                    aria-label="Previous image"
                    disabled={index === 0}
                    onClick={() => go(-1)}
                    className={cn(chrome, 'absolute left-2 size-11 rounded-full bg-black/40 disabled:invisible')}
                  >
                    <ChevronLeft aria-hidden="true" className="size-7" />
                  </button>
                  <button
                    type="button"
                    aria-label="Next image"
                    disabled={index === count - 1}
                    onClick={() => go(1)}
                    className={cn(chrome, 'absolute right-2 size-11 rounded-full bg-black/40 disabled:invisible')}
                  >
                    <ChevronRight aria-hidden="true" className="size-7" />
                  </button>
                </>
              )}
            </div>
          </RadixDialog.Content>
        )}
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
