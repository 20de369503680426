// The way back from the wire: a stored message's "<@id>" mentions shown as the "@Label" the
// composer would have inserted, with the labels tracked so encodeMentions restores the exact
// content. A mention that would not come back unchanged (unknown person, glued to a word,
// its label already typed as plain text) stays as the raw "<@id>".
import type { Person } from '../hooks/useDirectory';
import { encodeMentions, labelFor, type TrackedMention } from './encode';
import { codeRanges, inRanges } from './token';

/** The renderer's mention (features/chat/markdown/parse.ts): "<@" 1-20 digits ">". */
const MENTION = /<@(\d{1,20})>/g;

export interface DecodedMentions {
  /** The text to edit. */
  text: string;
  /** The labels standing for a mention in it, for encodeMentions. */
  tracked: TrackedMention[];
}

interface Occurrence {
  start: number;
  end: number;
  id: string;
  label: string;
}

/** A backslash before "<" makes it literal unless that backslash is itself escaped. */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && text.charAt(at - n - 1) === '\\') n++;
  return n % 2 === 1;
}

function build(content: string, chosen: readonly Occurrence[]): DecodedMentions {
  let text = '';
  let from = 0;
  const tracked: TrackedMention[] = [];
  for (const o of chosen) {
    text += content.slice(from, o.start) + o.label;
    from = o.end;
    if (!tracked.some((t) => t.label === o.label && t.id === o.id)) tracked.push({ id: o.id, label: o.label });
  }
  return { text: text + content.slice(from), tracked };
}

/**
 * Replaces each "<@id>" the renderer would show as a mention by its label (labelOf; undefined
 * for someone unknown), keeping only replacements that encode back to `content` exactly.
 */
export function decodeMentions(content: string, labelOf: (id: string) => string | undefined): DecodedMentions {
  const code = codeRanges(content);
  const found: Occurrence[] = [];
  for (const m of content.matchAll(MENTION)) {
    const start = m.index;
    const id = m[1]!;
    if (inRanges(code, start) || escaped(content, start)) continue;
    const label = labelOf(id);
    if (label !== undefined) found.push({ start, end: start + m[0].length, id, label });
  }
  if (found.length === 0) return { text: content, tracked: [] };

  const roundTrips = (d: DecodedMentions) => encodeMentions(d.text, d.tracked) === content;
  const all = build(content, found);
  if (roundTrips(all)) return all;
  // Some label would swallow or lose text: keep the mentions that come back one by one.
  const kept: Occurrence[] = [];
  for (const o of found) {
    if (roundTrips(build(content, [...kept, o]))) kept.push(o);
  }
  return build(content, kept);
}

/**
 * The label of each known person, by the composer's rules, among the people of the
 * conversation plus those only found elsewhere (a former member's old message).
 */
export function mentionLabeler(people: readonly Person[], resolve: (id: string) => Person | undefined) {
  return (id: string): string | undefined => {
    const person = people.find((p) => p.id === id) ?? resolve(id);
    if (!person || person.username === '') return undefined;
    const among = people.some((p) => p.id === person.id) ? people : [...people, person];
    return labelFor(person, among);
  };
}
