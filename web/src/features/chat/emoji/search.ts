// Emoji search for the picker's field: every typed word must start a word of the emoji's name
// or one of its keywords ("thu up" finds "thumbs up"); the best matches come first.
import { ALL_EMOJI, type EmojiEntry } from './data';

/** Lower case, without accents, split into words. */
export function searchTerms(query: string): string[] {
  return query
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[\s,;:_\-]+/u)
    .filter(Boolean);
}

function wordsOf(e: EmojiEntry): string[] {
  return [...e.name.split(/[\s\-:]+/u), ...e.keywords].filter(Boolean);
}

/** 0 is the best: the name starts with the whole query, then word matches in the name, then keywords. */
function rank(e: EmojiEntry, query: string, terms: string[]): number | null {
  const words = wordsOf(e);
  const nameWords = e.name.split(/[\s\-:]+/u);
  let score = 0;
  for (const term of terms) {
    if (nameWords.some((w) => w.startsWith(term))) continue;
    if (words.some((w) => w.startsWith(term))) {
      score += 2;
      continue;
    }
    if (e.name.includes(term)) {
      score += 3;
      continue;
    }
    return null;
  }
  if (e.name.startsWith(query)) return score;
  return score + 1;
}

/** The emoji matching the query, best first (ties keep the picker's order). */
export function searchEmoji(query: string, pool: readonly EmojiEntry[] = ALL_EMOJI): EmojiEntry[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const whole = terms.join(' ');
  const scored: Array<{ e: EmojiEntry; score: number; index: number }> = [];
  pool.forEach((e, index) => {
    const score = rank(e, whole, terms);
    if (score !== null) scored.push({ e, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.map((s) => s.e);
}
