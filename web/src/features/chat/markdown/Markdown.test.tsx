import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

function show(text: string, renderMention?: (id: string) => ReactNode) {
  const { container } = render(<Markdown text={text} renderMention={renderMention} />);
  const root = container.firstElementChild;
  if (!root) throw new Error('Markdown rendered nothing');
  return root;
}

/** Fails if the rendered DOM could run script or load anything. */
function expectInert(root: Element) {
  for (const tag of ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'form']) {
    expect(root.querySelector(tag)).toBeNull();
  }
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of el.getAttributeNames()) {
      expect(attr.toLowerCase().startsWith('on')).toBe(false);
      expect(['src', 'srcset', 'style', 'formaction', 'action']).not.toContain(attr.toLowerCase());
    }
    const href = el.getAttribute('href');
    if (href !== null) expect(new URL(href).protocol).toMatch(/^https?:$/);
  }
}

describe('<Markdown>', () => {
  it('renders emphasis with semantic elements', () => {
    const root = show('**b** *i* _j_ ~~s~~ `c`');
    expect(root.querySelector('strong')?.textContent).toBe('b');
    expect([...root.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['i', 'j']);
    expect(root.querySelector('del')?.textContent).toBe('s');
    expect(root.querySelector('code')?.textContent).toBe('c');
    expect(root.textContent).toBe('b i j s c');
  });

  it('renders nesting', () => {
    const root = show('*it **bold** it*');
    expect(root.querySelector('em > strong')?.textContent).toBe('bold');
    expect(show('**a ~~b _c_~~**').querySelector('strong > del > em')?.textContent).toBe('c');
  });

  it('renders unmatched markers as text', () => {
    const root = show('**no close');
    expect(root.textContent).toBe('**no close');
    expect(root.children).toHaveLength(0);
  });

  it('renders escapes as the literal character', () => {
    const root = show('\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\\\ \\[e\\]');
    expect(root.textContent).toBe('*a* _b_ `c` ~~d~~ \\ [e]');
    expect(root.children).toHaveLength(0);
  });

  it('renders line breaks as <br>', () => {
    const root = show('one\ntwo\nthree');
    expect(root.querySelectorAll('br')).toHaveLength(2);
    expect(root.textContent).toBe('onetwothree');
  });

  it('renders code blocks verbatim with their language', () => {
    const src = '```html\n<script>alert(1)</script>\n**not bold** [x](https://a.org)\n```';
    const root = show(src);
    const code = root.querySelector('pre > code');
    expect(code?.getAttribute('data-language')).toBe('html');
    expect(code?.textContent).toBe('<script>alert(1)</script>\n**not bold** [x](https://a.org)');
    expect(root.querySelector('strong, a')).toBeNull();
    expectInert(root);
    expect(show('```\nplain\n```').querySelector('code')?.hasAttribute('data-language')).toBe(false);
  });

  it('renders block quotes', () => {
    const root = show('> quoted *text*\nreply');
    expect(root.querySelector('blockquote > em')?.textContent).toBe('text');
    expect(root.querySelector('blockquote')?.textContent).toBe('quoted text');
    expect(root.textContent).toBe('quoted textreply');
  });

  it('renders links with safe attributes', () => {
    const root = show('[docs](https://example.com/d) and https://example.org.');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/d',
      'https://example.org/',
    ]);
    expect(links.map((a) => a.textContent)).toEqual(['docs', 'https://example.org']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
    expect(root.textContent).toBe('docs and https://example.org.');
  });

  it('renders mentions with the default or a custom renderer', () => {
    const plain = show('hi <@123456789>');
    const span = plain.querySelector('span.mention');
    expect(span?.textContent).toBe('@123456789');
    const custom = show('hi <@42>!', (id) => <b data-user={id}>Alice</b>);
    expect(custom.querySelector('b')?.getAttribute('data-user')).toBe('42');
    expect(custom.textContent).toBe('hi Alice!');
    expect(show('<@abc>').textContent).toBe('<@abc>');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](data:text/html,<script>)',
    '[x](//evil.com)',
    'javascript:alert(1)',
    '<a href="javascript:alert(1)">',
    '"><svg onload=alert(1)>',
    '[x](java\tscript:alert(1))',
    '[x](https://a.org" onmouseover="alert(1))',
    'https://a.org/"><img src=x onerror=alert(1)>',
  ])('renders %s inert', (src) => {
    const root = show(src);
    expectInert(root);
    // Nothing is dropped or rewritten: the attack is shown as the text that was typed.
    expect(root.textContent).toBe(src);
  });

  it('never links a javascript: target, even nested in formatting', () => {
    const root = show('**[*click*](javascript:alert(1))** ~~[y](vbscript:x)~~');
    expect(root.querySelector('a')).toBeNull();
    expectInert(root);
  });

  it('parses and renders 4,000 characters of pathological markers', () => {
    // Not timed: a super-linear parser would blow the test timeout instead.
    for (const src of ['*'.repeat(4000), '['.repeat(4000), '_'.repeat(4000), '`'.repeat(4000)]) {
      const root = show(src);
      expect(root.textContent).toBe(src);
      expect(root.children).toHaveLength(0);
    }
    const stars = show('*a'.repeat(2000));
    expect(stars.querySelectorAll('em')).toHaveLength(1000);
    expect(stars.textContent).toBe('a'.repeat(2000));
    const brackets = show('[a'.repeat(2000));
    expect(brackets.textContent).toBe('[a'.repeat(2000));
    const links = show('[a]('.repeat(1000));
    expect(links.textContent).toBe('[a]('.repeat(1000));
    expect(links.querySelector('a')).toBeNull();
  });
});
