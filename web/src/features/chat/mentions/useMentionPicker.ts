// The composer's "@" suggestions: which token the caret is in, the ranked people, the active
// option, the keys (arrows move, Enter/Tab pick, Escape closes) and the insertion of the
// picked label, tracked so that it is sent as "<@id>".
import { type KeyboardEvent, type RefObject, useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationRef } from '@/lib/socket/protocol';
import type { Person } from '../hooks/useDirectory';
import { labelFor } from './encode';
import { rankCandidates } from './rank';
import { findMentionQuery } from './token';
import { trackedMentions } from './tracked';
import { useMentionCandidates } from './useMentionCandidates';

export interface MentionPickerInput {
  conversation: ConversationRef;
  conversationKey: string;
  text: string;
  setText(text: string): void;
  area: RefObject<HTMLTextAreaElement | null>;
}

export function useMentionPicker({ conversation, conversationKey: key, text, setText, area }: MentionPickerInput) {
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  // The "@" whose list was closed with Escape: it stays closed until the user leaves it.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState({ query: '', index: 0 });
  const pendingCaret = useRef<number | null>(null);

  const token = useMemo(() => (caret === null ? null : findMentionQuery(text, caret)), [text, caret]);
  const wanted = focused && token !== null && token.start !== dismissed;
  const people = useMentionCandidates(conversation, { enabled: wanted });
  const options = useMemo(() => (wanted && token ? rankCandidates(people, token.query) : []), [wanted, token, people]);
  const open = options.length > 0;
  const tokenKey = token ? `${token.start}:${token.query}` : '';
  const activeIndex = open && active.query === tokenKey ? Math.min(active.index, options.length - 1) : 0;
  const optionId = useCallback((i: number) => `${listId}-option-${i}`, [listId]);

  /** Call with the textarea after every change of its text or selection. */
  const track = useCallback(
    (el: HTMLTextAreaElement) => {
      const at = el.selectionStart === el.selectionEnd ? el.selectionStart : null;
      setCaret(at);
      if (dismissed !== null) {
        const t = at === null ? null : findMentionQuery(el.value, at);
        if (t?.start !== dismissed) setDismissed(null);
      }
    },
    [dismissed],
  );

  const pick = useCallback(
    (index: number) => {
      const p: Person | undefined = options[index];
      if (!p || !token) return;
      const label = labelFor(p, people);
      trackedMentions.getState().track(key, { id: p.id, label });
      const rest = text.slice(token.end);
      const spaced = /^\s/.test(rest);
      const next = text.slice(0, token.start) + label + (spaced ? '' : ' ') + rest;
      const pos = token.start + label.length + 1;
      pendingCaret.current = pos;
      setCaret(pos);
      setText(next);
    },
    [options, token, people, key, text, setText],
  );

  // A controlled textarea puts the caret at the end when its value changes from outside.
  useLayoutEffect(() => {
    const pos = pendingCaret.current;
    const el = area.current;
    if (pos === null || !el) return;
    pendingCaret.current = null;
    el.focus();
    el.setSelectionRange(pos, pos);
  }, [text, area]);

  /** The composer's keys while the list is open; true when the key was used here. */
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
      if (!open || !token || e.altKey || e.ctrlKey || e.metaKey) return false;
      const move = (by: number) => {
        const n = options.length;
        setActive({ query: tokenKey, index: (activeIndex + by + n) % n });
      };
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.shiftKey) {
        move(e.key === 'ArrowDown' ? 1 : -1);
      } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
        pick(activeIndex);
      } else if (e.key === 'Escape') {
        setDismissed(token.start);
        // Only the list closes: not the reply, not a panel listening on the document.
        e.stopPropagation();
      } else {
        return false;
      }
      e.preventDefault();
      return true;
    },
    [open, token, tokenKey, options.length, activeIndex, pick],
  );

  const textareaProps = open
    ? ({ 'aria-autocomplete': 'list', 'aria-controls': listId, 'aria-activedescendant': optionId(activeIndex) } as const)
    : {};

  return {
    open,
    options,
    activeIndex,
    query: token?.query ?? '',
    listId,
    optionId,
    textareaProps,
    track,
    pick,
    onKeyDown,
    hover: (index: number) => setActive({ query: tokenKey, index }),
    onFocus: () => setFocused(true),
    onBlur: () => setFocused(false),
  };
}

export type MentionPicker = ReturnType<typeof useMentionPicker>;
