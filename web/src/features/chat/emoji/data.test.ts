import { ALL_EMOJI, EMOJI_CATEGORIES } from './data';
import { emojiName } from './names';
import { QUICK_REACTIONS } from './quick';
import { searchEmoji } from './search';

describe('emoji data', () => {
  it('holds a curated set in eight categories, each emoji once', () => {
    expect(EMOJI_CATEGORIES.map((c) => c.label)).toEqual([
      'Smileys & people',
      'Animals & nature',
      'Food & drink',
      'Activities',
      'Travel & places',
      'Objects',
      'Symbols',
      'Flags',
    ]);
    expect(ALL_EMOJI.length).toBeGreaterThanOrEqual(400);
    expect(ALL_EMOJI.length).toBeLessThanOrEqual(600);
    expect(new Set(ALL_EMOJI.map((e) => e.emoji)).size).toBe(ALL_EMOJI.length);
    for (const e of ALL_EMOJI) {
      expect(e.name).toMatch(/^[a-z0-9]/);
      expect(e.name).toBe(e.name.trim());
    }
  });

  it('has no emoji the server would refuse as a reaction (letters, digits, spaces)', () => {
    for (const e of ALL_EMOJI) expect(e.emoji, e.name).not.toMatch(/[\p{L}\p{N}\s]/u);
  });

  it('names emoji, also without the variation selector or with a skin tone', () => {
    expect(emojiName('👍')).toBe('thumbs up');
    expect(emojiName('👍🏽')).toBe('thumbs up');
    expect(emojiName('❤')).toBe('red heart');
    expect(emojiName('❤️')).toBe('red heart');
    expect(emojiName('🫨')).toBe('🫨'); // not in the table: the emoji itself
  });

  it('offers six named quick reactions', () => {
    expect(QUICK_REACTIONS).toHaveLength(6);
    for (const e of QUICK_REACTIONS) expect(emojiName(e)).not.toBe(e);
  });
});

describe('searchEmoji', () => {
  it('finds emoji by keyword, not only by name', () => {
    const found = searchEmoji('like').map((e) => e.name);
    expect(found).toContain('thumbs up');
    expect(found).not.toContain('pizza');
  });

  it('puts the emoji whose name starts with the query first', () => {
    expect(searchEmoji('pizza')[0]?.name).toBe('pizza');
    expect(searchEmoji('thumbs')[0]?.name).toBe('thumbs up');
  });

  it('needs every word, each as the start of a word', () => {
    expect(searchEmoji('thu up').map((e) => e.name)).toEqual(['thumbs up']);
    expect(searchEmoji('zzqx')).toEqual([]);
    expect(searchEmoji('   ')).toEqual([]);
  });

  it('ignores case and accents', () => {
    expect(searchEmoji('PÏZZA')[0]?.name).toBe('pizza');
  });
});
