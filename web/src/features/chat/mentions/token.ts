// Finds the "@query" being typed at the caret, and the code (fenced blocks, `spans`) where an
// "@" is literal text: no suggestions are offered there and no mention is encoded there.

/** What a typed query may contain: the characters of usernames and most display names. */
const NAME_CHAR = /[\p{L}\p{N}_.\-]/u;
/** Longer runs are not someone's name being typed (a pasted path, a hash...). */
export const MAX_QUERY = 32;
const FENCE = '```';

export interface MentionToken {
  /** Index of the "@". */
  start: number;
  /** End of the name characters around the caret: picking replaces start..end. */
  end: number;
  /** Between the "@" and the caret. */
  query: string;
}

export type Range = readonly [start: number, end: number];

function runLength(text: string, at: number): number {
  let end = at;
  while (text.charAt(end) === '`') end++;
  return end - at;
}

/** A run of exactly `len` backticks from `from` on, as the Markdown parser closes a span. */
function findCloser(text: string, from: number, len: number): number {
  let i = from;
  for (;;) {
    const at = text.indexOf('`', i);
    if (at === -1) return -1;
    const run = runLength(text, at);
    if (run === len) return at;
    i = at + run;
  }
}

/**
 * Where the renderer (features/chat/markdown) shows text as code. With `unclosed`, an opening
 * fence without its closer counts to the end of the text and a lone backtick to the end of its
 * line: that is someone in the middle of typing code.
 */
export function codeRanges(text: string, unclosed = false): Range[] {
  const ranges: Range[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch !== '`') {
      i++;
      continue;
    }
    if ((i === 0 || text.charAt(i - 1) === '\n') && text.startsWith(FENCE, i)) {
      const close = text.indexOf(FENCE, i + FENCE.length);
      if (close > i + FENCE.length) {
        ranges.push([i, close + FENCE.length]);
        i = close + FENCE.length;
        continue;
      }
      if (close === -1 && unclosed) {
        ranges.push([i, text.length]);
        return ranges;
      }
    }
    const len = runLength(text, i);
    const close = findCloser(text, i + len, len);
    if (close !== -1) {
      ranges.push([i, close + len]);
      i = close + len;
      continue;
    }
    if (unclosed) {
      const eol = text.indexOf('\n', i);
      ranges.push([i, eol === -1 ? text.length : eol]);
    }
    i += len;
  }
  return ranges;
}

export function inRanges(ranges: readonly Range[], pos: number): boolean {
  return ranges.some(([start, end]) => pos >= start && pos < end);
}

/**
 * The "@query" ending at the caret: the "@" opens the text or follows whitespace (so "a@b"
 * is an address, not a mention), and the query holds only name characters.
 */
export function findMentionQuery(text: string, caret: number): MentionToken | null {
  if (caret < 0 || caret > text.length) return null;
  let from = caret;
  while (from > 0 && NAME_CHAR.test(text.charAt(from - 1))) from--;
  const at = from - 1;
  if (at < 0 || text.charAt(at) !== '@') return null;
  if (at > 0 && !/\s/.test(text.charAt(at - 1))) return null;
  if (caret - from > MAX_QUERY) return null;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text.charAt(end))) end++;
  if (inRanges(codeRanges(text, true), at)) return null;
  return { start: at, end, query: text.slice(from, caret) };
}
