import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { cn } from './cn';

export type DialogSize = 'sm' | 'md' | 'lg';

const WIDTH: Record<DialogSize, string> = { sm: 'max-w-[440px]', md: 'max-w-[520px]', lg: 'max-w-[720px]' };

export interface DialogProps {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Element that opens the dialog (rendered as is; it must accept a ref and onClick). */
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row at the bottom, on the darker footer strip. */
  footer?: ReactNode;
  size?: DialogSize;
  /** Words of the × button for screen readers. */
  closeLabel?: string;
  hideCloseButton?: boolean;
  className?: string;
  /** Called when the dialog opens; preventDefault() keeps Radix from moving focus to the first focusable. */
  onOpenAutoFocus?: (event: Event) => void;
}

export function Dialog({
  open,
  defaultOpen,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  footer,
  size = 'sm',
  closeLabel = 'Close',
  hideCloseButton = false,
  className,
  onOpenAutoFocus,
}: DialogProps) {
  const hasDescription = description !== undefined && description !== null && description !== false;
  return (
    <RadixDialog.Root open={open} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
      {trigger !== undefined && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/70 animate-fade-in" />
        <RadixDialog.Content
          // Radix warns when no description is linked; say there is none on purpose.
          {...(hasDescription ? {} : { 'aria-describedby': undefined })}
          onOpenAutoFocus={onOpenAutoFocus}
          className={cn(
            'fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2',
            'flex max-h-[calc(100vh-2rem)] flex-col overflow-hidden rounded-md bg-chat text-normal shadow-elevated animate-pop-in',
            WIDTH[size],
            className,
          )}
        >
          <div className="flex flex-col gap-2 px-4 pt-4 pb-3">
            <RadixDialog.Title className={cn('text-xl font-semibold text-heading', !hideCloseButton && 'pr-8')}>
              {title}
            </RadixDialog.Title>
            {hasDescription && (
              <RadixDialog.Description className="text-sm text-muted">{description}</RadixDialog.Description>
            )}
          </div>
          {children !== undefined && <div className="min-h-0 flex-1 overflow-y-auto px-4 pb-4">{children}</div>}
          {footer !== undefined && (
            <div className="flex flex-wrap items-center justify-end gap-2 bg-sidebar px-4 py-4">{footer}</div>
          )}
          {/* Last in the DOM so opening focuses the content first, not the ×. */}
          {!hideCloseButton && (
            <RadixDialog.Close
              aria-label={closeLabel}
              className="absolute right-3 top-3 inline-flex size-8 cursor-pointer items-center justify-center rounded-sm text-faint hover:bg-hover hover:text-normal"
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </RadixDialog.Close>
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Wrap a footer button in this to make it close the dialog. */
export const DialogClose = RadixDialog.Close;
