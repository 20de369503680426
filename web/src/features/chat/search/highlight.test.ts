import { displayText, highlightPieces } from './highlight';
import { checkQuery, queryWords } from './query';

describe('highlightPieces', () => {
  it('marks the words that start with a searched word, case and accents aside', () => {
    expect(highlightPieces('The quick brown Fox, café time', 'quick fo cafe')).toEqual([
      { text: 'The ', match: false },
      { text: 'quick', match: true },
      { text: ' brown ', match: false },
      { text: 'Fox', match: true },
      { text: ', ', match: false },
      { text: 'café', match: true },
      { text: ' time', match: false },
    ]);
  });

  it('does not mark a word found only inside another', () => {
    expect(highlightPieces('unquick', 'quick')).toEqual([{ text: 'unquick', match: false }]);
  });

  it('leaves markup-looking text as characters', () => {
    const pieces = highlightPieces('<img src=x onerror=alert(1)>', '<img onerror>');
    expect(pieces.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)>');
    expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(['img', 'onerror']);
  });

  it('returns the text whole when the query has no word', () => {
    expect(highlightPieces('hello', '!!')).toEqual([{ text: 'hello', match: false }]);
    expect(highlightPieces('', 'x')).toEqual([]);
  });
});

describe('displayText', () => {
  it('names mentions', () => {
    expect(displayText('hi <@2> and <@9>', (id) => (id === '2' ? 'Ada' : undefined))).toBe('hi @Ada and @unknown user');
  });
});

describe('checkQuery', () => {
  it('follows the server rules', () => {
    expect(checkQuery('  hello  ')).toEqual({ ok: true, q: 'hello' });
    expect(checkQuery('   ')).toEqual({ ok: false, reason: null });
    expect(checkQuery('?! 🎉')).toMatchObject({ ok: false, reason: expect.stringContaining('Type a word') });
    expect(checkQuery('x'.repeat(201))).toMatchObject({ ok: false, reason: expect.stringContaining('200 characters') });
    expect(checkQuery(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('16 words'),
    });
    expect(queryWords('"quick" fo*')).toEqual(['quick', 'fo']);
  });
});
