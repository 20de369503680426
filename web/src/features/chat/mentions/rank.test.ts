import type { Person } from '../hooks/useDirectory';
import { MAX_SUGGESTIONS, rankCandidates } from './rank';

const p = (id: string, display_name: string, username: string): Person => ({ id, display_name, username, avatar_url: null });

const PEOPLE = [
  p('1', 'Natalie', 'nat'),
  p('2', 'Ada Lovelace', 'countess'),
  p('3', 'Alice', 'alice'),
  p('4', 'Bob', 'alibaba'),
  p('5', 'Kalina', 'kk'),
  p('6', 'Zoë', 'zoe'),
];

const names = (people: Person[]) => people.map((x) => x.display_name);

describe('rankCandidates', () => {
  it('puts prefixes of the display name or username first, then word starts, then substrings', () => {
    expect(names(rankCandidates(PEOPLE, 'ali'))).toEqual(['Alice', 'Bob', 'Kalina', 'Natalie']);
    expect(names(rankCandidates(PEOPLE, 'love'))).toEqual(['Ada Lovelace']);
  });

  it('ignores case and accents', () => {
    expect(names(rankCandidates(PEOPLE, 'ALI'))).toEqual(['Alice', 'Bob', 'Kalina', 'Natalie']);
    expect(names(rankCandidates(PEOPLE, 'zoe'))).toEqual(['Zoë']);
    expect(names(rankCandidates(PEOPLE, 'Zoë'))).toEqual(['Zoë']);
  });

  it('offers everyone by name for an empty query, at most 8, each once', () => {
    const many = Array.from({ length: 12 }, (_, i) => p(String(i + 10), `User ${String.fromCharCode(76 - i)}`, `u${i}`));
    const ranked = rankCandidates([...many, many[0]!], '');
    expect(ranked).toHaveLength(MAX_SUGGESTIONS);
    expect(ranked[0]!.display_name).toBe('User A');
    expect(new Set(ranked.map((x) => x.id)).size).toBe(MAX_SUGGESTIONS);
  });

  it('finds no one when nothing matches', () => {
    expect(rankCandidates(PEOPLE, 'xyz')).toEqual([]);
  });
});
