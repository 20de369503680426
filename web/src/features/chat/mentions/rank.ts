// Orders the people matching a typed "@query": names starting with it first (display name or
// username), then names with a word starting with it, then names merely containing it.
import { nameOf, type Person } from '../hooks/useDirectory';

export const MAX_SUGGESTIONS = 8;

/** Case- and accent-insensitive form: "Zoë" is found by "zoe". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** 0 prefix, 1 word prefix, 2 substring; null when it does not match at all. */
function tier(p: Person, q: string): number | null {
  const display = fold(p.display_name);
  const user = fold(p.username);
  if (q === '' || display.startsWith(q) || user.startsWith(q)) return 0;
  if (display.split(/[\s_.\-]+/u).some((w) => w.startsWith(q))) return 1;
  if (display.includes(q) || user.includes(q)) return 2;
  return null;
}

export function rankCandidates(people: readonly Person[], query: string, max = MAX_SUGGESTIONS): Person[] {
  const q = fold(query);
  const seen = new Set<string>();
  const hits: { p: Person; t: number; name: string }[] = [];
  for (const p of people) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const t = tier(p, q);
    if (t !== null) hits.push({ p, t, name: fold(nameOf(p)) });
  }
  hits.sort((a, b) => a.t - b.t || a.name.localeCompare(b.name) || a.p.username.localeCompare(b.p.username));
  return hits.slice(0, max).map((h) => h.p);
}
