// Editing my message in place: Enter saves, Shift+Enter adds a line, Escape cancels; taking
// all the text away offers to delete the message instead (the server never stores it empty).
// Mentions read as "@Name" like in the composer, with the same "@" picker, and go back as "<@id>".
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { autoGrow, cn } from '@/components/ui';
import { decodeMentions, mentionLabeler } from '../mentions/decode';
import { encodeMentions, type TrackedMention } from '../mentions/encode';
import { MentionList } from '../mentions/MentionList';
import { trackedMentions } from '../mentions/tracked';
import { useMentionCandidates } from '../mentions/useMentionCandidates';
import { useMentionPicker } from '../mentions/useMentionPicker';
import { MAX_MESSAGE_CHARS, charCount } from '../hooks/useComposer';
import { useChat } from './ChatContext';

const NONE: readonly TrackedMention[] = [];

/** Once typed in, the text and the mentions decoded from the message stay as they were. */
interface Edited {
  text: string;
  decoded: readonly TrackedMention[];
}

export function MessageEditor({ messageId, initial }: { messageId: string; initial: string }) {
  const { actions, stopEdit, confirmDelete, conversation, conversationKey, lookup } = useChat();
  // Mentions picked here are tracked apart from the composer's draft of the conversation.
  const pickKey = `${conversationKey}#edit:${messageId}`;
  const people = useMentionCandidates(conversation, { enabled: /<@\d/.test(initial) });
  // Re-decoded while untouched, so names that load late still replace the raw ids.
  const decoded = useMemo(() => decodeMentions(initial, mentionLabeler(people, lookup)), [initial, people, lookup]);
  const [edited, setEdited] = useState<Edited | null>(null);
  const text = edited?.text ?? decoded.text;
  const picked = useStore(trackedMentions, (s) => s.byKey[pickKey] ?? NONE);
  const tracked = useMemo(() => [...(edited?.decoded ?? decoded.tracked), ...picked], [edited, decoded, picked]);
  const content = encodeMentions(text, tracked).trim();
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const length = charCount(content);
  const tooLong = length > MAX_MESSAGE_CHARS;

  const setText = useCallback(
    (next: string) => setEdited((e) => (e ? { ...e, text: next } : { text: next, decoded: decoded.tracked })),
    [decoded],
  );
  const mention = useMentionPicker({ conversation, conversationKey: pickKey, text, setText, area });

  useEffect(() => {
    const clear = () => trackedMentions.getState().clear(pickKey);
    clear();
    return clear;
  }, [pickKey]);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  useEffect(() => {
    if (area.current) autoGrow(area.current, 12);
  }, [text]);

  async function save() {
    if (content === '') {
      confirmDelete(messageId);
      return;
    }
    if (content === initial.trim()) {
      stopEdit();
      return;
    }
    if (tooLong || saving) return;
    setSaving(true);
    const ok = await actions.edit(messageId, content);
    setSaving(false);
    if (ok) stopEdit();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    // Arrows, Enter, Tab and Escape go to the open "@" list first.
    if (mention.onKeyDown(e)) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      stopEdit();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void save();
    }
  }

  const id = `edit-${messageId}`;
  return (
    <div className="relative py-1">
      {mention.open && (
        <MentionList picker={mention} />
      )}
      <label htmlFor={id} className="sr-only">
        Edit message
      </label>
      <textarea
        id={id}
        ref={area}
        rows={1}
        value={text}
        {...mention.textareaProps}
        onChange={(e) => {
          setText(e.target.value);
          mention.track(e.target);
        }}
        onSelect={(e) => mention.track(e.currentTarget)}
        onFocus={mention.onFocus}
        onBlur={mention.onBlur}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong || undefined}
        aria-describedby={`${id}-hint`}
        aria-busy={saving || undefined}
        className={cn(
          'block w-full resize-none rounded-md bg-input px-4 py-2.5 text-base leading-[1.375rem] text-normal',
          'border border-transparent aria-invalid:border-danger focus-visible:outline-2 focus-visible:outline-focus',
        )}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
        {tooLong && (
          <span className="mr-2 text-danger-text">
            {length - MAX_MESSAGE_CHARS} characters over the limit of 4,000.
          </span>
        )}
        escape to{' '}
        <button type="button" className="cursor-pointer text-link hover:underline" onClick={stopEdit}>
          cancel
        </button>{' '}
        • enter to{' '}
        <button type="button" className="cursor-pointer text-link hover:underline" onClick={() => void save()}>
          save
        </button>
      </p>
    </div>
  );
}
