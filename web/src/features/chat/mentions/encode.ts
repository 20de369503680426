// The composer shows a picked mention as "@Ada" and sends it as "<@id>" (the wire form of
// docs/PROTOCOL.md). These functions choose the visible label and turn the labels the user
// picked back into the wire form when the message leaves.
import type { Person } from '../hooks/useDirectory';
import { codeRanges, inRanges } from './token';

/** A mention picked in this draft: the text shown for it and who it means. */
export interface TrackedMention {
  id: string;
  label: string;
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * "@DisplayName", unless that name is not a safe, unique label among the people here (empty,
 * several lines, or shared with someone else): then "@username", which the server keeps unique.
 */
export function labelFor(person: Person, people: readonly Person[]): string {
  const name = person.display_name.trim();
  if (name === '' || /[\n\r]/.test(name)) return `@${person.username}`;
  const lower = name.toLowerCase();
  const shared = people.some(
    (o) => o.id !== person.id && (o.display_name.trim().toLowerCase() === lower || o.username.toLowerCase() === lower),
  );
  return shared ? `@${person.username}` : `@${name}`;
}

/**
 * Replaces every picked label that still stands whole in the text (not glued to a word on
 * either side, not inside code) with "<@id>". A label the user edited away is plain text.
 */
export function encodeMentions(text: string, tracked: readonly TrackedMention[]): string {
  if (tracked.length === 0 || !text.includes('@')) return text;
  // The latest pick of a label wins; longer labels first, so "@Ada Lovelace" beats "@Ada".
  const byLabel = new Map<string, string>();
  for (const t of tracked) byLabel.set(t.label, t.id);
  const labels = [...byLabel.keys()].sort((a, b) => b.length - a.length);
  const code = codeRanges(text);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const before = i === 0 ? '' : text.charAt(i - 1);
    if (text.charAt(i) === '@' && !WORD.test(before) && !inRanges(code, i)) {
      const label = labels.find((l) => text.startsWith(l, i) && !WORD.test(text.charAt(i + l.length)));
      if (label !== undefined) {
        out += `<@${byLabel.get(label)}>`;
        i += label.length;
        continue;
      }
    }
    out += text.charAt(i);
    i++;
  }
  return out;
}
