// The emoji picker in a popover on a trigger button (the composer's smiley, the message
// hover bar's "Add reaction"). The picker and its emoji table load on first open.
import { cloneElement, isValidElement, lazy, Suspense, useState, type ReactNode } from 'react';
import { Spinner } from '@/components/ui';
import { AnchoredPopover } from './AnchoredPopover';

const EmojiPicker = lazy(() => import('./EmojiPicker'));

export const EMOJI_PICKER_LABEL = 'Emoji picker';

/** Names an unnamed trigger (an icon-only button) after what it does. */
function withLabel(trigger: ReactNode, label: string | undefined): ReactNode {
  if (!label || !isValidElement<Record<string, unknown>>(trigger)) return trigger;
  const props = trigger.props;
  if (props['aria-label'] || props['aria-labelledby']) return trigger;
  return cloneElement(trigger, { 'aria-label': label, title: props.title ?? label });
}

export interface EmojiPickerPopoverProps {
  onPick(emoji: string): void;
  /** A button element; it gets aria-haspopup/aria-expanded and toggles the popover. */
  trigger: ReactNode;
  /**
   * What picking does ("Add reaction"): the trigger's accessible name when it has none, and
   * the picker's description. The popover itself is always named "Emoji picker".
   */
  label?: string;
  /** Close after a pick (default true); false lets the user pick several. */
  closeOnPick?: boolean;
  /** Told when the popover opens or closes (e.g. to keep a hover bar visible meanwhile). */
  onOpenChange?(open: boolean): void;
}

export function EmojiPickerPopover({
  onPick,
  trigger,
  label,
  closeOnPick = true,
  onOpenChange,
}: EmojiPickerPopoverProps) {
  const [open, setOpenState] = useState(false);
  const setOpen = (next: boolean) => {
    setOpenState(next);
    onOpenChange?.(next);
  };

  return (
    <AnchoredPopover
      open={open}
      onOpenChange={setOpen}
      trigger={withLabel(trigger, label)}
      label={EMOJI_PICKER_LABEL}
      description={label}
    >
      <Suspense
        fallback={
          <div className="flex h-[380px] w-[352px] max-w-full items-center justify-center rounded-md border border-border bg-elevated shadow-elevated">
            <Spinner label="Loading emoji" />
          </div>
        }
      >
        <EmojiPicker
          onPick={(emoji) => {
            onPick(emoji);
            if (closeOnPick) setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      </Suspense>
    </AnchoredPopover>
  );
}
