// The action bar of a message, shown on hover or keyboard focus (and when the message is
// tapped on a touch screen): react, reply, edit, pin, delete, and "More actions" with all of
// them in a menu, the one control that fits narrow screens.
import { Copy, Ellipsis, Pencil, Pin, PinOff, Reply, SmilePlus, Trash2 } from 'lucide-react';
import { type ComponentProps, useState } from 'react';
import { cn, Menu, MenuItem, MenuSeparator, toast } from '@/components/ui';
import { EmojiPickerPopover, QUICK_REACTIONS, emojiName } from '@/features/chat/emoji';
import type { Message } from '@/lib/socket/protocol';
import { messagePermissions } from '../hooks/permissions';
import { useChat } from './ChatContext';

function BarButton({
  label,
  danger,
  className,
  children,
  ...rest
}: ComponentProps<'button'> & { label: string; danger?: boolean }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={cn(
        'inline-flex size-8 cursor-pointer items-center justify-center rounded-sm text-muted transition-colors',
        'hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus',
        'data-[state=open]:bg-hover data-[state=open]:text-normal',
        danger && 'hover:text-danger-text',
        className,
      )}
      {...rest}
    >
      {children}
    </button>
  );
}

async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.success('Copied to the clipboard.');
  } catch {
    toast.error('The text could not be copied: the browser did not allow it.');
  }
}

export function MessageActions({
  message,
  menuOpen,
  onMenuOpenChange,
  forceVisible = false,
}: {
  message: Message;
  /** Shown without hover (the message was tapped on a touch screen). */
  forceVisible?: boolean;
  /** The "More actions" menu (also opened by a right click or long press on the message). */
  menuOpen: boolean;
  onMenuOpenChange(open: boolean): void;
}) {
  const chat = useChat();
  const [picking, setPicking] = useState(false);
  const perms = messagePermissions({ kind: chat.kind, myId: chat.myId, role: chat.role }, message.author?.id ?? null);
  const pinLabel = message.pinned ? 'Unpin message' : 'Pin message';
  const togglePin = () => void (message.pinned ? chat.actions.unpin(message.id) : chat.actions.pin(message.id));

  return (
    <div
      role="group"
      aria-label="Message actions"
      className={cn(
        'absolute -top-4 right-2 z-10 flex items-center rounded-md border border-border bg-chat p-0.5 shadow-sm sm:right-4',
        'transition-opacity',
        menuOpen || picking || forceVisible
          ? 'opacity-100'
          : cn(
              'pointer-events-none opacity-0 group-hover:pointer-events-auto group-hover:opacity-100',
              // Keyboard focus inside shows it; a mouse click leaves nothing behind.
              'group-has-[:focus-visible]:pointer-events-auto group-has-[:focus-visible]:opacity-100',
            ),
      )}
    >
      <EmojiPickerPopover
        label="Add reaction"
        onOpenChange={setPicking}
        onPick={(emoji: string) => void chat.actions.react(message.id, emoji)}
        trigger={
          <BarButton label="Add reaction">
            <SmilePlus className="size-[18px]" aria-hidden="true" />
          </BarButton>
        }
      />
      <BarButton label="Reply" onClick={() => chat.startReply(message.id)}>
        <Reply className="size-[18px]" aria-hidden="true" />
      </BarButton>
      {perms.canEdit && (
        <BarButton label="Edit" className="max-sm:hidden" onClick={() => chat.startEdit(message.id)}>
          <Pencil className="size-[18px]" aria-hidden="true" />
        </BarButton>
      )}
      {perms.canPin && (
        <BarButton label={pinLabel} className="max-sm:hidden" onClick={togglePin}>
          {message.pinned ? <PinOff className="size-[18px]" aria-hidden="true" /> : <Pin className="size-[18px]" aria-hidden="true" />}
        </BarButton>
      )}
      {perms.canDelete && (
        <BarButton label="Delete message" danger className="max-sm:hidden" onClick={() => chat.confirmDelete(message.id)}>
          <Trash2 className="size-[18px]" aria-hidden="true" />
        </BarButton>
      )}
      <Menu
        label="Message actions"
        align="end"
        open={menuOpen}
        onOpenChange={onMenuOpenChange}
        trigger={
          <BarButton label="More actions">
            <Ellipsis className="size-[18px]" aria-hidden="true" />
          </BarButton>
        }
      >
        <div className="flex gap-1 px-1 pb-1" role="none">
          {QUICK_REACTIONS.slice(0, 4).map((emoji: string) => (
            <MenuItem key={emoji} className="flex-none justify-center px-1.5 text-lg" onSelect={() => void chat.actions.react(message.id, emoji)}>
              <span role="img" aria-label={`React with ${emojiName(emoji)}`}>{emoji}</span>
            </MenuItem>
          ))}
        </div>
        <MenuSeparator />
        <MenuItem icon={<Reply />} onSelect={() => chat.startReply(message.id)}>Reply</MenuItem>
        {perms.canEdit && <MenuItem icon={<Pencil />} onSelect={() => chat.startEdit(message.id)}>Edit</MenuItem>}
        {perms.canPin && (
          <MenuItem icon={message.pinned ? <PinOff /> : <Pin />} onSelect={togglePin}>{pinLabel}</MenuItem>
        )}
        {message.content !== '' && (
          <MenuItem icon={<Copy />} onSelect={() => void copyText(message.content)}>Copy text</MenuItem>
        )}
        {perms.canDelete && (
          <>
            <MenuSeparator />
            <MenuItem danger icon={<Trash2 />} onSelect={() => chat.confirmDelete(message.id)}>Delete message</MenuItem>
          </>
        )}
      </Menu>
    </div>
  );
}
