// "Delete message" confirmation: an alert dialog (it interrupts to ask about something that
// cannot be undone) showing the message about to go, as Discord does. Cancel is focused first.
import * as RadixDialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { Avatar, Button } from '@/components/ui';
import type { Message } from '@/lib/socket/protocol';
import { nameOf } from '../hooks/useDirectory';
import { MessageContent } from './MessageContent';

export interface DeleteMessageDialogProps {
  /** The message to delete; null when closed. */
  message: Message | null;
  onClose(): void;
  /** Resolves true once deleted; false keeps the dialog open (the error was told). */
  onDelete(messageId: string): Promise<boolean>;
}

export function DeleteMessageDialog({ message, onClose, onDelete }: DeleteMessageDialogProps) {
  const [busy, setBusy] = useState(false);
  const open = message !== null;

  async function confirm() {
    if (!message || busy) return;
    setBusy(true);
    const ok = await onDelete(message.id);
    setBusy(false);
    if (ok) onClose();
  }

  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => !next && !busy && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/70 animate-fade-in" />
        <RadixDialog.Content
          role="alertdialog"
          className="fixed left-1/2 top-1/2 z-50 flex max-h-[calc(100vh-2rem)] w-[calc(100vw-2rem)] max-w-[440px] -translate-x-1/2 -translate-y-1/2 flex-col overflow-hidden rounded-md bg-chat text-normal shadow-elevated animate-pop-in"
        >
          <div className="flex flex-col gap-2 px-4 pb-3 pt-4">
            <RadixDialog.Title className="text-xl font-semibold text-heading">Delete message</RadixDialog.Title>
            <RadixDialog.Description className="text-sm text-muted">
              Are you sure you want to delete this message? This cannot be undone.
            </RadixDialog.Description>
          </div>
          {message && (
            <div className="mx-4 mb-4 min-h-0 overflow-y-auto rounded-md border border-border py-2 pl-[60px] pr-3 shadow-sm">
              <div className="relative">
                <span className="absolute -left-12 top-0.5">
                  <Avatar userId={message.author?.id ?? '0'} name={nameOf(message.author)} src={message.author?.avatar_url} size="md" alt="" />
                </span>
                <p className="font-medium text-heading">{message.author ? nameOf(message.author) : 'Deleted user'}</p>
                {message.content !== '' ? (
                  <MessageContent text={message.content} className="line-clamp-6" />
                ) : (
                  <p className="text-sm text-muted">
                    {message.attachments.length === 1 ? '1 attachment' : `${message.attachments.length} attachments`}
                  </p>
                )}
              </div>
            </div>
          )}
          <div className="flex flex-wrap items-center justify-end gap-2 bg-sidebar p-4">
            <RadixDialog.Close asChild>
              <Button variant="ghost" disabled={busy} autoFocus>
                Cancel
              </Button>
            </RadixDialog.Close>
            <Button variant="danger" loading={busy} loadingLabel="Deleting…" onClick={() => void confirm()}>
              Delete
            </Button>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
