// The message box at the bottom of a conversation: text that grows with its content, the
// reply bar, files (button, paste, drop), the emoji picker, "@" mention suggestions and the
// length counter.
import { CirclePlus, SendHorizontal, Smile, X } from 'lucide-react';
import { type ClipboardEvent, type KeyboardEvent, type Ref, useCallback, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { autoGrow, cn } from '@/components/ui';
import { useSession } from '@/app/session';
import { AttachmentTray, filesFromPaste, type Uploads } from '@/features/chat/attachments';
import { EmojiPickerPopover } from '@/features/chat/emoji';
import { encodeDraft, MentionList, trackedMentions, useMentionPicker } from '@/features/chat/mentions';
import type { ConversationRef } from '@/lib/socket/protocol';
import { COUNTER_FROM, MAX_MESSAGE_CHARS, useComposer } from '../hooks/useComposer';
import { nameOf } from '../hooks/useDirectory';
import { type TypingEmit, useTypingEmitter } from '../hooks/useTypingEmitter';
import { useChat } from './ChatContext';

export interface ComposerHandle {
  focus(): void;
}

export interface ComposerProps {
  /** "Message #general" / "Message @Ada": the text box's label and placeholder. */
  label: string;
  uploads: Uploads;
  emitTyping: TypingEmit;
  onSent?: () => void;
  ref?: Ref<ComposerHandle>;
}

const MAX_ROWS = 12;

/** Desktop pointers get the focus at once; touch screens would pop their keyboard up. */
function finePointer(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(pointer: fine)').matches;
}

export function Composer({ label, uploads, emitTyping, onSent, ref }: ComposerProps) {
  const { conversations, me } = useSession();
  const chat = useChat();
  const conversation: ConversationRef = chat.conversation;
  const typing = useTypingEmitter(emitTyping, conversation);
  const key = chat.conversationKey;
  const encode = useCallback((text: string) => encodeDraft(key, text), [key]);
  const sent = useCallback(() => {
    trackedMentions.getState().clear(key);
    onSent?.();
  }, [key, onSent]);
  const c = useComposer({
    store: conversations,
    conversation,
    conversationKey: key,
    myId: me.id,
    uploads,
    typing,
    onSent: sent,
    encode,
  });
  const area = useRef<HTMLTextAreaElement>(null);
  const mention = useMentionPicker({ conversation, conversationKey: key, text: c.text, setText: c.setText, area });
  const fileInput = useRef<HTMLInputElement>(null);
  // Where the caret was, for the emoji picker (which takes the focus away).
  const caret = useRef<{ start: number; end: number } | null>(null);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  useEffect(() => {
    if (finePointer()) area.current?.focus();
  }, []);
  useEffect(() => {
    if (c.replyTo !== null) area.current?.focus();
  }, [c.replyTo]);
  useEffect(() => {
    if (area.current) autoGrow(area.current, MAX_ROWS);
  }, [c.text]);

  const replied = useStore(conversations, (s) =>
    c.replyTo === null ? undefined : s.timelines[chat.conversationKey]?.messages.find((m) => m.id === c.replyTo),
  );
  const replyName = replied ? (replied.author ? nameOf(replied.author) : 'Deleted user') : undefined;

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (mention.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      c.send();
    } else if (e.key === 'Escape') {
      if (c.cancel()) e.preventDefault();
    } else if (e.key === 'ArrowUp' && c.text === '' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (c.editLast()) e.preventDefault();
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const files = filesFromPaste(e);
    if (files.length === 0) return;
    e.preventDefault();
    uploads.add(files);
  }

  function rememberCaret() {
    const el = area.current;
    if (el) caret.current = { start: el.selectionStart, end: el.selectionEnd };
  }

  function insertEmoji(emoji: string) {
    const el = area.current;
    const text = c.text;
    const at = caret.current ?? { start: text.length, end: text.length };
    const next = text.slice(0, at.start) + emoji + text.slice(at.end);
    c.setText(next);
    const pos = at.start + emoji.length;
    caret.current = { start: pos, end: pos };
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(pos, pos);
    });
  }

  const remaining = MAX_MESSAGE_CHARS - c.length;
  const showCounter = c.length >= COUNTER_FROM;
  const inputId = useMemo(() => `composer-${chat.conversationKey.replace(/\W/g, '-')}`, [chat.conversationKey]);

  return (
    <div className="relative shrink-0 px-2 sm:px-4">
      {mention.open && (
        <MentionList picker={mention} />
      )}
      {c.replyTo !== null && (
        <div className="flex h-9 items-center gap-2 rounded-t-lg bg-sidebar px-4 text-sm text-muted">
          <span className="min-w-0 flex-1 truncate">
            Replying to <strong className="font-semibold text-heading">{replyName ?? 'a message'}</strong>
          </span>
          <button
            type="button"
            aria-label="Cancel reply"
            title="Cancel reply"
            onClick={() => {
              c.cancelReply();
              area.current?.focus();
            }}
            className="inline-flex size-6 cursor-pointer items-center justify-center rounded-full text-muted hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      )}
      <div className={cn('rounded-lg bg-input', c.replyTo !== null && 'rounded-t-none')}>
        <AttachmentTray uploads={uploads} />
        <div className="flex items-start gap-1 pr-2">
          {/* The button is named by its text and the input by aria-label, so "Upload a file"
              finds the button by role and the file input by label. */}
          <button
            type="button"
            title="Upload a file"
            onClick={() => fileInput.current?.click()}
            className="m-1 inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-full text-muted hover:text-normal focus-visible:outline-2 focus-visible:outline-focus sm:ml-2"
          >
            <CirclePlus className="size-6" aria-hidden="true" />
            <span className="sr-only">Upload a file</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            tabIndex={-1}
            aria-label="Upload a file"
            className="hidden"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              if (files.length > 0) uploads.add(files);
              e.target.value = '';
            }}
          />
          <label htmlFor={inputId} className="sr-only">
            {label}
          </label>
          <textarea
            id={inputId}
            ref={area}
            rows={1}
            value={c.text}
            placeholder={label}
            aria-invalid={c.tooLong || undefined}
            aria-describedby={showCounter ? `${inputId}-count` : undefined}
            {...mention.textareaProps}
            onChange={(e) => {
              c.setText(e.target.value);
              mention.track(e.target);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onSelect={(e) => {
              rememberCaret();
              mention.track(e.currentTarget);
            }}
            onFocus={mention.onFocus}
            onBlur={() => {
              rememberCaret();
              mention.onBlur();
              typing.stop();
            }}
            className={cn(
              'min-h-11 min-w-0 flex-1 resize-none bg-transparent py-[11px] text-base leading-[1.375rem] text-normal placeholder:text-faint',
              'focus:outline-none focus-visible:outline-none',
            )}
          />
          {showCounter && (
            <span
              id={`${inputId}-count`}
              className={cn('self-end pb-3 text-xs tabular-nums', remaining < 0 ? 'text-danger-text' : 'text-muted')}
            >
              <span aria-hidden="true">{remaining}</span>
              <span className="sr-only">
                {remaining < 0 ? `${-remaining} characters over the limit of 4,000` : `${remaining} characters left`}
              </span>
            </span>
          )}
          <EmojiPickerPopover
            label="Emoji"
            onPick={insertEmoji}
            trigger={
              <button
                type="button"
                aria-label="Emoji"
                title="Emoji"
                onPointerDown={rememberCaret}
                className="mt-1 inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-sm text-muted hover:text-normal focus-visible:outline-2 focus-visible:outline-focus data-[state=open]:text-normal"
              >
                <Smile className="size-6" aria-hidden="true" />
              </button>
            }
          />
          <button
            type="button"
            aria-label="Send message"
            title={uploads.busy ? 'Wait for the uploads to finish' : 'Send message'}
            disabled={!c.canSend}
            onClick={() => {
              c.send();
              area.current?.focus();
            }}
            className={cn(
              'mt-1 inline-flex size-9 shrink-0 items-center justify-center rounded-sm transition-colors',
              'focus-visible:outline-2 focus-visible:outline-focus',
              c.canSend ? 'cursor-pointer text-accent hover:text-accent-hover' : 'cursor-not-allowed text-faint opacity-50',
            )}
          >
            <SendHorizontal className="size-6" aria-hidden="true" />
          </button>
        </div>
      </div>
    </div>
  );
}
