// The server's rules for a search query (1-200 characters after trimming, 1-16 words, a word
// being a run of letters and digits), checked before asking so the user hears them at once.

export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 16;

/** The words the server will look for. */
export function queryWords(q: string): string[] {
  return q.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export type QueryCheck = { ok: true; q: string } | { ok: false; reason: string | null };

/** ok with the trimmed query, or the reason it cannot be searched (null: nothing typed yet). */
export function checkQuery(raw: string): QueryCheck {
  const q = raw.trim();
  if (q === '') return { ok: false, reason: null };
  if (q.length > MAX_QUERY_CHARS) return { ok: false, reason: `A search can be at most ${MAX_QUERY_CHARS} characters.` };
  const words = queryWords(q);
  if (words.length === 0) return { ok: false, reason: 'Type a word to search for: punctuation and emoji alone are not searched.' };
  if (words.length > MAX_QUERY_WORDS) return { ok: false, reason: `A search can have at most ${MAX_QUERY_WORDS} words.` };
  return { ok: true, q };
}
