import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface ConfirmOptions {
  title: ReactNode;
  text?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button, for destructive actions. */
  danger?: boolean;
}

export interface ConfirmDialogProps extends ConfirmOptions {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** May return a promise: the confirm button shows a spinner until it settles, then the dialog closes. */
  onConfirm?: () => void | Promise<void>;
  onCancel?: () => void;
  /** Accessible name of the confirm button while onConfirm runs. */
  busyLabel?: string;
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  text,
  confirmLabel = 'Confirm',
  cancelLabel = 'Cancel',
  danger = false,
  onConfirm,
  onCancel,
  busyLabel,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm?.();
      onOpenChange(false);
    } catch {
      // The caller reports the failure (e.g. a toast); the dialog stays open so the user can retry.
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        if (!next) onCancel?.();
        onOpenChange(next);
      }}
      title={title}
      description={text}
      hideCloseButton
      footer={
        <>
          <Button variant="ghost" onClick={() => {
            onCancel?.();
            onOpenChange(false);
          }} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button
            variant={danger ? 'danger' : 'primary'}
            loading={busy}
            loadingLabel={busyLabel}
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </Button>
        </>
      }
    />
  );
}

/**
 * Promise-based confirmation: `const [confirm, confirmDialog] = useConfirm();` render
 * `{confirmDialog}`, then `if (await confirm({ title: 'Delete message?', danger: true })) …`.
 * Cancel, Escape, a newer confirm() or unmounting all resolve false.
 */
export function useConfirm(): [(options: ConfirmOptions) => Promise<boolean>, ReactNode] {
  const [request, setRequest] = useState<ConfirmOptions | null>(null);
  const [open, setOpen] = useState(false);
  const resolveRef = useRef<((answer: boolean) => void) | null>(null);

  const settle = useCallback((answer: boolean) => {
    resolveRef.current?.(answer);
    resolveRef.current = null;
  }, []);

  useEffect(() => () => settle(false), [settle]);

  const confirm = useCallback(
    (options: ConfirmOptions) => {
      settle(false);
      setRequest(options);
      setOpen(true);
      return new Promise<boolean>((resolve) => {
        resolveRef.current = resolve;
      });
    },
    [settle],
  );

  const element = request ? (
    <ConfirmDialog
      {...request}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) settle(false);
      }}
      onConfirm={() => settle(true)}
    />
  ) : null;

  return [confirm, element];
}
