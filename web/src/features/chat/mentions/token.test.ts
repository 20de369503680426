import { codeRanges, findMentionQuery } from './token';

/** The token with the caret where "|" is. */
function at(marked: string) {
  const caret = marked.indexOf('|');
  return findMentionQuery(marked.replace('|', ''), caret);
}

describe('findMentionQuery', () => {
  it('finds "@query" at the start of the text', () => {
    expect(at('@ali|')).toEqual({ start: 0, end: 4, query: 'ali' });
  });

  it('finds it after a space or a new line, with the query up to the caret only', () => {
    expect(at('hi @al|ice')).toEqual({ start: 3, end: 9, query: 'al' });
    expect(at('one\n@bo|')).toEqual({ start: 4, end: 7, query: 'bo' });
  });

  it('offers everyone for a bare "@"', () => {
    expect(at('hey @|')).toEqual({ start: 4, end: 5, query: '' });
  });

  it('accepts letters, digits, _ . - and accented letters', () => {
    expect(at('@zoë_2.b-c|')?.query).toBe('zoë_2.b-c');
  });

  it('ignores an address like a@b and a doubled @', () => {
    expect(at('mail a@b|')).toBeNull();
    expect(at('ada@example.org|')).toBeNull();
    expect(at('@@ada|')).toBeNull();
  });

  it('ends at a space or punctuation that is not part of a name', () => {
    expect(at('@ada |')).toBeNull();
    expect(at('@ada,|')).toBeNull();
    expect(at('(@ada|')).toBeNull();
  });

  it('ignores the caret before the "@" and overlong queries', () => {
    expect(at('|@ada')).toBeNull();
    expect(at(`@${'a'.repeat(40)}|`)).toBeNull();
  });

  it('offers nothing inside code, closed or being typed', () => {
    expect(at('`x @ad|`')).toBeNull();
    expect(at('see `code @ad|')).toBeNull();
    expect(at('```\nlet a = @ad|')).toBeNull();
    expect(at('`x` @ad|')?.query).toBe('ad');
    expect(at('```\ncode\n```\n@ad|')?.query).toBe('ad');
  });
});

describe('codeRanges', () => {
  it('finds fenced blocks and spans closed by a run of the same length', () => {
    expect(codeRanges('a `b` c')).toEqual([[2, 5]]);
    expect(codeRanges('``a ` b`` c')).toEqual([[0, 9]]);
    expect(codeRanges('```\nx\n``` y')).toEqual([[0, 9]]);
  });

  it('leaves lone and escaped backticks alone unless asked about unclosed code', () => {
    expect(codeRanges('a ` b')).toEqual([]);
    expect(codeRanges('a \\`b` c')).toEqual([]);
    expect(codeRanges('a ` b\nc', true)).toEqual([[2, 5]]);
  });
});
