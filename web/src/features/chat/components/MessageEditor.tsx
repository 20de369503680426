// Editing my message in place: Enter saves, Shift+Enter adds a line, Escape cancels; taking
// all the text away offers to delete the message instead (the server never stores it empty).
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { autoGrow, cn } from '@/components/ui';
import { MAX_MESSAGE_CHARS, charCount } from '../hooks/useComposer';
import { useChat } from './ChatContext';

export function MessageEditor({ messageId, initial }: { messageId: string; initial: string }) {
  const { actions, stopEdit, confirmDelete } = useChat();
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const length = charCount(text.trim());
  const tooLong = length > MAX_MESSAGE_CHARS;

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
    const content = text.trim();
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
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      stopEdit();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  const id = `edit-${messageId}`;
  return (
    <div className="py-1">
      <label htmlFor={id} className="sr-only">
        Edit message
      </label>
      <textarea
        id={id}
        ref={area}
        rows={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
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
