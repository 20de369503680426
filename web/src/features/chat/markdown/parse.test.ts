import { describe, expect, it } from 'vitest';
import {
  MAX_INLINE_DEPTH,
  MAX_QUOTE_DEPTH,
  parse,
  parseInline,
  toSafeHref,
  type BlockNode,
  type InlineNode,
} from './parse';

const t = (value: string): InlineNode => ({ type: 'text', value });
const strong = (...children: InlineNode[]): InlineNode => ({ type: 'strong', children });
const em = (...children: InlineNode[]): InlineNode => ({ type: 'em', children });
const del = (...children: InlineNode[]): InlineNode => ({ type: 'del', children });
const code = (value: string): InlineNode => ({ type: 'code', value });
const link = (href: string, ...children: InlineNode[]): InlineNode => ({
  type: 'link',
  href,
  children,
});
const br: InlineNode = { type: 'br' };
const para = (...children: InlineNode[]): BlockNode => ({ type: 'paragraph', children });

/** Deepest nesting of inline containers, to check the depth cap. */
function depth(nodes: InlineNode[]): number {
  let max = 0;
  for (const n of nodes) {
    if ('children' in n) max = Math.max(max, 1 + depth(n.children));
  }
  return max;
}

describe('parseInline: emphasis', () => {
  it('parses bold, italic (both markers), strike', () => {
    expect(parseInline('**b**')).toEqual([strong(t('b'))]);
    expect(parseInline('*i*')).toEqual([em(t('i'))]);
    expect(parseInline('_i_')).toEqual([em(t('i'))]);
    expect(parseInline('~~s~~')).toEqual([del(t('s'))]);
    expect(parseInline('a **b** c')).toEqual([t('a '), strong(t('b')), t(' c')]);
  });

  it('nests', () => {
    expect(parseInline('*a **b** c*')).toEqual([em(t('a '), strong(t('b')), t(' c'))]);
    expect(parseInline('**a *b* c**')).toEqual([strong(t('a '), em(t('b')), t(' c'))]);
    expect(parseInline('~~a _b_~~')).toEqual([del(t('a '), em(t('b')))]);
    expect(parseInline('***x***')).toEqual([strong(em(t('x')))]);
    expect(parseInline('**~~_x_~~**')).toEqual([strong(del(em(t('x'))))]);
  });

  it('leaves unmatched markers literal', () => {
    expect(parseInline('**no close')).toEqual([t('**no close')]);
    expect(parseInline('no open**')).toEqual([t('no open**')]);
    expect(parseInline('*a **b*')).toEqual([t('*a **b*')]);
    expect(parseInline('a * b * c')).toEqual([t('a * b * c')]);
    expect(parseInline('~single~')).toEqual([t('~single~')]);
    expect(parseInline('****')).toEqual([t('****')]);
    expect(parseInline('** **')).toEqual([t('** **')]);
    expect(parseInline('**a ~~b**')).toEqual([strong(t('a ~~b'))]);
  });

  it('does not italicise inside words with underscores', () => {
    expect(parseInline('snake_case_name')).toEqual([t('snake_case_name')]);
    expect(parseInline('2*3*4')).toEqual([t('2'), em(t('3')), t('4')]);
  });
});

describe('parseInline: code, escapes, breaks, mentions', () => {
  it('keeps inline code verbatim', () => {
    expect(parseInline('use `**x**` here')).toEqual([t('use '), code('**x**'), t(' here')]);
    expect(parseInline('`<b>[a](https://x.y)</b>`')).toEqual([code('<b>[a](https://x.y)</b>')]);
    expect(parseInline('`` a`b ``')).toEqual([code('a`b')]);
    expect(parseInline('`open')).toEqual([t('`open')]);
    expect(parseInline('**`x`**')).toEqual([strong(code('x'))]);
  });

  it('turns backslash escapes into the literal character', () => {
    expect(parseInline('\\*not\\*')).toEqual([t('*not*')]);
    expect(parseInline('\\_ \\` \\~ \\\\ \\[ \\] \\< \\>')).toEqual([t('_ ` ~ \\ [ ] < >')]);
    expect(parseInline('\\**a**')).toEqual([t('*'), em(t('a')), t('*')]);
    expect(parseInline('a\\b')).toEqual([t('a\\b')]);
    expect(parseInline('\\<@123>')).toEqual([t('<@123>')]);
  });

  it('keeps line breaks', () => {
    expect(parseInline('a\nb')).toEqual([t('a'), br, t('b')]);
    expect(parse('a\n\nb')).toEqual([para(t('a'), br, br, t('b'))]);
    expect(parse('a\r\nb')).toEqual([para(t('a'), br, t('b'))]);
  });

  it('parses mentions', () => {
    expect(parseInline('hi <@123456789>!')).toEqual([
      t('hi '),
      { type: 'mention', id: '123456789' },
      t('!'),
    ]);
    expect(parseInline('<@>')).toEqual([t('<@>')]);
    expect(parseInline('<@12a>')).toEqual([t('<@12a>')]);
    expect(parseInline('<@-1>')).toEqual([t('<@-1>')]);
    expect(parseInline('<@' + '1'.repeat(21) + '>')).toEqual([t('<@' + '1'.repeat(21) + '>')]);
    expect(parseInline('**<@1>**')).toEqual([strong({ type: 'mention', id: '1' })]);
  });
});

describe('parseInline: links', () => {
  it('parses [text](url) with formatting in the label', () => {
    expect(parseInline('[docs](https://example.com/a)')).toEqual([
      link('https://example.com/a', t('docs')),
    ]);
    expect(parseInline('see [the **docs**](http://x.org).')).toEqual([
      t('see '),
      link('http://x.org/', t('the '), strong(t('docs'))),
      t('.'),
    ]);
    expect(parseInline('[a](https://en.wikipedia.org/wiki/A_(b))')).toEqual([
      link('https://en.wikipedia.org/wiki/A_(b)', t('a')),
    ]);
    expect(parseInline('[](https://x.org)')).toEqual([link('https://x.org/', t('https://x.org/'))]);
  });

  it('keeps plain brackets as text without disturbing emphasis', () => {
    expect(parseInline('[a]')).toEqual([t('[a]')]);
    expect(parseInline('[a *b] c*')).toEqual([t('[a '), em(t('b] c'))]);
    expect(parseInline('[a] (https://x.org)')).toEqual([
      t('[a] ('),
      link('https://x.org/', t('https://x.org')),
      t(')'),
    ]);
  });

  it('renders unsafe targets as their source text', () => {
    for (const src of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](data:text/html,<script>)',
      '[x](//evil.com)',
      '[x](/relative)',
      '[x](vbscript:msgbox(1))',
      '[x](file:///etc/passwd)',
      '[x](https://exa mple.com)',
      '[x](https://example.com/\ttab)',
      '[*x*](ftp://a.b)',
    ]) {
      expect(parseInline(src)).toEqual([t(src)]);
    }
  });

  it('does not nest links', () => {
    expect(parseInline('[see https://a.org](https://b.org)')).toEqual([
      link('https://b.org/', t('see https://a.org')),
    ]);
    expect(parseInline('[[a](https://a.org)](https://b.org)')).toEqual([
      t('['),
      link('https://a.org/', t('a')),
      t(']('),
      link('https://b.org/', t('https://b.org')),
      t(')'),
    ]);
  });

  it('auto-links bare http(s) URLs without trailing punctuation', () => {
    const bare = (s: string) => parseInline(s);
    expect(bare('go to https://example.com/x?y=1#z now')).toEqual([
      t('go to '),
      link('https://example.com/x?y=1#z', t('https://example.com/x?y=1#z')),
      t(' now'),
    ]);
    expect(bare('https://example.com.')).toEqual([
      link('https://example.com/', t('https://example.com')),
      t('.'),
    ]);
    expect(bare('(see https://example.com/a)')).toEqual([
      t('(see '),
      link('https://example.com/a', t('https://example.com/a')),
      t(')'),
    ]);
    expect(bare('https://en.wikipedia.org/wiki/A_(b)!?,')).toEqual([
      link('https://en.wikipedia.org/wiki/A_(b)', t('https://en.wikipedia.org/wiki/A_(b)')),
      t('!?,'),
    ]);
    expect(bare('HTTP://EXAMPLE.COM')).toEqual([link('http://example.com/', t('HTTP://EXAMPLE.COM'))]);
    expect(bare('**https://a.org**')).toEqual([strong(link('https://a.org/', t('https://a.org')))]);
    expect(bare('https://a.org/x_y_z')).toEqual([link('https://a.org/x_y_z', t('https://a.org/x_y_z'))]);
  });

  it('does not auto-link other things', () => {
    for (const src of [
      'ftp://a.org',
      'www.example.com',
      'javascript:alert(1)',
      'https://',
      'http:// x',
      'xhttps://a.org',
      'https://user:pw@a.org',
      'https://[bad',
    ]) {
      expect(depth(parseInline(src))).toBe(0);
      expect(parseInline(src)).toEqual([t(src)]);
    }
  });
});

describe('toSafeHref', () => {
  it('accepts absolute http(s) only', () => {
    expect(toSafeHref('https://a.org/p?q#f')).toBe('https://a.org/p?q#f');
    expect(toSafeHref('http://a.org')).toBe('http://a.org/');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' https://a.org',
      'java\nscript:alert(1)',
      'https://a.org\u0000',
      'https://a.org/\u2028',
      'data:text/html,x',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.com',
      '/x',
      'x',
      'http:evil.com',
      'https:\\\\evil.com',
      '',
    ]) {
      expect(toSafeHref(bad)).toBeNull();
    }
  });
});

describe('parse: blocks', () => {
  it('parses fenced code blocks verbatim, with an optional language', () => {
    expect(parse('```ts\nconst a = **b**;\n<script>x</script>\n```')).toEqual([
      { type: 'codeBlock', language: 'ts', value: 'const a = **b**;\n<script>x</script>' },
    ]);
    expect(parse('```\n> not a quote\n[x](https://a.org)\n```')).toEqual([
      { type: 'codeBlock', language: null, value: '> not a quote\n[x](https://a.org)' },
    ]);
    expect(parse('```one *liner*```')).toEqual([
      { type: 'codeBlock', language: null, value: 'one *liner*' },
    ]);
  });

  it('splits text around code blocks', () => {
    expect(parse('before\n```js\nx\n```\nafter')).toEqual([
      para(t('before')),
      { type: 'codeBlock', language: 'js', value: 'x' },
      para(t('after')),
    ]);
  });

  it('leaves an empty fence pair literal', () => {
    expect(parse('``````')).toEqual([para(t('``````'))]);
  });

  it('leaves an unclosed fence literal', () => {
    expect(parse('```js\nno close *x*')).toEqual([
      para(t('```js'), br, t('no close '), em(t('x'))),
    ]);
  });

  it('parses block quotes, including nested ones and content inside', () => {
    expect(parse('> **hi**\n> there\nafter')).toEqual([
      { type: 'quote', children: [para(strong(t('hi')), br, t('there'))] },
      para(t('after')),
    ]);
    expect(parse('> > deep')).toEqual([
      { type: 'quote', children: [{ type: 'quote', children: [para(t('deep'))] }] },
    ]);
    expect(parse('>not a quote')).toEqual([para(t('>not a quote'))]);
    expect(parse('\\> escaped')).toEqual([para(t('> escaped'))]);
    expect(parse('> ```\n> code\n> ```')).toEqual([
      { type: 'quote', children: [{ type: 'codeBlock', language: null, value: 'code' }] },
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(parse('')).toEqual([]);
  });
});

describe('limits and pathological input', () => {
  it('caps inline nesting depth', () => {
    const nested = '**a *b ~~c _d '.repeat(40) + 'x';
    const blocks = parse(nested);
    expect(blocks).toHaveLength(1);
    const first = blocks[0];
    expect(first?.type).toBe('paragraph');
    if (first?.type === 'paragraph') expect(depth(first.children)).toBeLessThanOrEqual(MAX_INLINE_DEPTH);
    const closed = '*_'.repeat(100) + 'x' + '_*'.repeat(100);
    expect(depth(parseInline(closed))).toBeLessThanOrEqual(MAX_INLINE_DEPTH);
  });

  it('caps quote depth', () => {
    let blocks = parse('> '.repeat(200) + 'x');
    let levels = 0;
    while (blocks[0]?.type === 'quote') {
      levels++;
      blocks = blocks[0].children;
    }
    expect(levels).toBe(MAX_QUOTE_DEPTH);
  });

  it('handles 4,000-character runs of markers as text', () => {
    expect(parseInline('*'.repeat(4000))).toEqual([t('*'.repeat(4000))]);
    expect(parseInline('['.repeat(4000))).toEqual([t('['.repeat(4000))]);
    expect(parseInline('`'.repeat(4000))).toEqual([t('`'.repeat(4000))]);
    expect(parseInline('[a]('.repeat(1000))).toEqual([t('[a]('.repeat(1000))]);
    expect(parseInline('<@1'.repeat(1333))).toEqual([t('<@1'.repeat(1333))]);
  });

  it('handles alternating markers in linear structure', () => {
    const stars = parseInline('*a'.repeat(2000));
    expect(stars.filter((n) => n.type === 'em')).toHaveLength(1000);
    const brackets = parseInline('[a'.repeat(2000));
    expect(brackets).toEqual([t('[a'.repeat(2000))]);
    const ticks = parseInline('`a``'.repeat(1000));
    expect(ticks.length).toBeGreaterThan(0);
  });

  it('handles large inputs without blowing up', () => {
    const mixed = '**_~~[`<@1 https://a.org/(x *b [c](https://d.org) '.repeat(2000);
    expect(parse(mixed)).toHaveLength(1);
    expect(parse('http://['.repeat(5000))).toHaveLength(1);
    expect(parse('> a\n'.repeat(5000))).toHaveLength(1);
    expect(parse('```\n'.repeat(5000)).length).toBeGreaterThan(0);
  });
});
