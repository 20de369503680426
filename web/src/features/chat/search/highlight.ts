// Splits a message's text into plain and matched pieces for the search results. The pieces
// are rendered as React text, never as HTML, so a query or message that looks like markup
// stays characters on screen.
import { queryWords } from './query';

export interface Piece {
  text: string;
  match: boolean;
}

/** Lower case and without accents, as the server compares ("cafe" finds "café"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of `text` that start with a word of the query are matches (the server's last word is a prefix). */
export function highlightPieces(text: string, query: string): Piece[] {
  const terms = queryWords(query).map(fold);
  if (terms.length === 0 || text === '') return text === '' ? [] : [{ text, match: false }];
  const pieces: Piece[] = [];
  let last = 0;
  const push = (t: string, match: boolean) => {
    if (!t) return;
    const prev = pieces.at(-1);
    if (prev && prev.match === match) prev.text += t;
    else pieces.push({ text: t, match });
  };
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const word = fold(m[0]);
    if (!terms.some((t) => word.startsWith(t))) continue;
    const start = m.index ?? 0;
    push(text.slice(last, start), false);
    push(m[0], true);
    last = start + m[0].length;
  }
  push(text.slice(last), false);
  return pieces;
}

/** A message as plain text for a result: mentions named, runs of blank lines squeezed. */
export function displayText(content: string, mentionName: (userId: string) => string | undefined): string {
  return content
    .replace(/<@(\d{1,20})>/g, (_, id: string) => `@${mentionName(id) ?? 'unknown user'}`)
    .replace(/\n{3,}/g, '\n\n');
}
