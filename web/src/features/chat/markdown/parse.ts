// A small Markdown subset for chat messages, parsed by hand into an AST that Markdown.tsx
// turns into React elements. Message text is hostile input: every scan below moves forward
// (or is capped), nesting is capped, and anything that does not match stays literal text.
// Links only ever carry http(s) URLs that passed the URL constructor (see toSafeHref).

export type InlineNode =
  | { type: 'text'; value: string }
  | { type: 'strong'; children: InlineNode[] }
  | { type: 'em'; children: InlineNode[] }
  | { type: 'del'; children: InlineNode[] }
  | { type: 'code'; value: string }
  | { type: 'link'; href: string; children: InlineNode[] }
  | { type: 'mention'; id: string }
  | { type: 'br' };

export type BlockNode =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'codeBlock'; language: string | null; value: string }
  | { type: 'quote'; children: BlockNode[] };

/** Open emphasis/link frames at once; deeper openers stay literal (bounds render depth). */
export const MAX_INLINE_DEPTH = 12;
/** Nested block quotes; deeper "> " lines stay literal text. */
export const MAX_QUOTE_DEPTH = 5;
/** Longest [text](url) destination we look for; bounds the scan after each "](". */
const MAX_LINK_DEST = 2048;
/** Discord-style snowflakes are 64-bit, so at most 20 decimal digits. */
const MAX_MENTION_DIGITS = 20;

const ESCAPABLE = new Set(['*', '_', '`', '~', '\\', '[', ']', '<', '>']);
// Characters that may start a construct; everything else is copied as a text run.
const SPECIAL = new Set(['\\', '\n', '`', '*', '_', '~', '[', ']', '<', 'h', 'H']);
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;
const FENCE = '```';

const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);
const isAlnum = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/**
 * Returns the normalised href if `raw` is an absolute http(s) URL, else null. The prefix
 * check runs before the URL constructor so that relative, protocol-relative ("//x") and
 * scheme-less forms the constructor would happily resolve can never get through.
 */
export function toSafeHref(raw: string): string | null {
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (isControl(raw.charCodeAt(i)) || isSpace(ch)) return null;
  }
  const lower = raw.slice(0, 8).toLowerCase();
  if (!lower.startsWith('http://') && !lower.startsWith('https://')) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  // "https://bank.com@evil.com" shows one host and opens another.
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** Parses a whole message into blocks: fenced code, quotes, and paragraphs between them. */
export function parse(text: string): BlockNode[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n'), 0);
}

function parseBlocks(text: string, quoteDepth: number): BlockNode[] {
  const blocks: BlockNode[] = [];
  let para: string[] = [];
  // Once no closing fence exists after some point, none exists after any later point.
  let fencesLeft = true;
  const flush = () => {
    if (para.length === 0) return;
    const children = parseInline(para.join('\n'));
    if (children.length > 0) blocks.push({ type: 'paragraph', children });
    para = [];
  };

  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end);

    if (fencesLeft && line.startsWith(FENCE)) {
      const close = text.indexOf(FENCE, pos + FENCE.length);
      if (close === -1) {
        fencesLeft = false;
      } else if (close > pos + FENCE.length) {
        // An empty pair ("``````") is no block; the inline parser keeps it as text.
        flush();
        blocks.push(codeBlock(text.slice(pos + FENCE.length, close)));
        pos = close + FENCE.length;
        if (text.charAt(pos) === '\n') pos++;
        if (pos === text.length) break;
        continue;
      }
    }

    if (quoteDepth < MAX_QUOTE_DEPTH && isQuoteLine(line)) {
      flush();
      const inner: string[] = [];
      let next = pos;
      while (next <= text.length) {
        let lineEnd = text.indexOf('\n', next);
        if (lineEnd === -1) lineEnd = text.length;
        const l = text.slice(next, lineEnd);
        if (!isQuoteLine(l)) break;
        inner.push(l.slice(2));
        next = lineEnd + 1;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner.join('\n'), quoteDepth + 1) });
      pos = next;
      continue;
    }

    para.push(line);
    pos = end + 1;
  }
  flush();
  return blocks;
}

const isQuoteLine = (line: string) => line.startsWith('> ') || line === '>';

// Body between the fences: "lang\n..." names a language, a bare "\n..." does not, and a
// one-liner ```like this``` is all content.
function codeBlock(body: string): BlockNode {
  let language: string | null = null;
  const nl = body.indexOf('\n');
  if (nl !== -1) {
    const first = body.slice(0, nl);
    if (LANGUAGE.test(first)) {
      language = first;
      body = body.slice(nl + 1);
    } else if (first.trim() === '') {
      body = body.slice(nl + 1);
    }
  }
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return { type: 'codeBlock', language, value: body };
}

// --- inline ---------------------------------------------------------------------------

type FrameKind = 'root' | 'strong' | 'em' | 'del' | 'link';

/** An opener waiting for its closer; its nodes become literal text if none comes. */
interface Frame {
  kind: FrameKind;
  marker: string; // the opener's source: "**", "*", "_", "~~", "["
  start: number; // source offset of the opener (links fall back to their source text)
  nodes: InlineNode[];
  dead: boolean; // a link opener that can no longer close (links do not nest)
}

function newFrame(kind: FrameKind, marker: string, start: number): Frame {
  return { kind, marker, start, nodes: [], dead: false };
}

function pushText(nodes: InlineNode[], value: string) {
  if (value === '') return;
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') last.value += value;
  else nodes.push({ type: 'text', value });
}

function pushNodes(nodes: InlineNode[], more: InlineNode[]) {
  for (const n of more) {
    if (n.type === 'text') pushText(nodes, n.value);
    else nodes.push(n);
  }
}

/**
 * Parses inline formatting in one paragraph. Single left-to-right pass with a stack of open
 * frames: a closer finds its opener on the stack, and frames that never close are spliced
 * into their parent as literal text, so no input is ever re-scanned (no exponential cases).
 */
export function parseInline(text: string): InlineNode[] {
  return new InlineParser(text).run();
}

class InlineParser {
  private pos = 0;
  private readonly stack: Frame[];
  private openLinks = 0;
  // Backtick run lengths known to have no closer further on (scans only move forward).
  private readonly noCodeCloser = new Set<number>();

  constructor(private readonly text: string) {
    this.stack = [newFrame('root', '', 0)];
  }

  run(): InlineNode[] {
    const { text } = this;
    while (this.pos < text.length) {
      const ch = text.charAt(this.pos);
      switch (ch) {
        case '\\':
          this.escape();
          break;
        case '\n':
          this.top().nodes.push({ type: 'br' });
          this.pos++;
          break;
        case '`':
          this.codeSpan();
          break;
        case '*':
        case '_':
        case '~':
          this.delimiter(ch);
          break;
        case '[':
          this.openBracket();
          break;
        case ']':
          this.closeBracket();
          break;
        case '<':
          this.mention();
          break;
        case 'h':
        case 'H':
          this.bareUrl();
          break;
        default:
          this.plain();
      }
    }
    while (this.stack.length > 1) this.collapseTop();
    return this.top().nodes;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1] ?? newFrame('root', '', 0);
  }

  private addText(value: string) {
    pushText(this.top().nodes, value);
  }

  private plain() {
    const { text } = this;
    let end = this.pos + 1;
    while (end < text.length && !SPECIAL.has(text.charAt(end))) end++;
    this.addText(text.slice(this.pos, end));
    this.pos = end;
  }

  private escape() {
    const next = this.text.charAt(this.pos + 1);
    if (ESCAPABLE.has(next)) {
      this.addText(next);
      this.pos += 2;
    } else {
      this.addText('\\');
      this.pos++;
    }
  }

  private runLength(at: number, ch: string): number {
    let end = at;
    while (this.text.charAt(end) === ch) end++;
    return end - at;
  }

  private codeSpan() {
    const { text } = this;
    const len = this.runLength(this.pos, '`');
    const fence = text.slice(this.pos, this.pos + len);
    const close = this.noCodeCloser.has(len) ? -1 : this.findCodeCloser(this.pos + len, len);
    if (close === -1) {
      this.noCodeCloser.add(len);
      this.addText(fence);
      this.pos += len;
      return;
    }
    let value = text.slice(this.pos + len, close);
    // As in CommonMark, one padding space each side lets code start or end with a backtick.
    if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') {
      value = value.slice(1, -1);
    }
    this.top().nodes.push({ type: 'code', value });
    this.pos = close + len;
  }

  private findCodeCloser(from: number, len: number): number {
    let i = from;
    for (;;) {
      const at = this.text.indexOf('`', i);
      if (at === -1) return -1;
      const run = this.runLength(at, '`');
      if (run === len) return at;
      i = at + run;
    }
  }

  // "*" (em), "**" (strong), "***" (both), "_" (em), "~~" (del). Other run lengths are text.
  private delimiter(ch: '*' | '_' | '~') {
    const { text } = this;
    const len = this.runLength(this.pos, ch);
    const run = text.slice(this.pos, this.pos + len);
    const before = text.charAt(this.pos - 1) || undefined;
    const after = text.charAt(this.pos + len) || undefined;
    this.pos += len;
    const valid = ch === '*' ? len <= 3 : ch === '_' ? len === 1 : len === 2;
    if (!valid) {
      this.addText(run);
      return;
    }
    // Flanking: closers hug the text before them, openers the text after. "_" also must not
    // sit inside a word, so snake_case_names stay as they are.
    let canClose = !isSpace(before);
    let canOpen = !isSpace(after);
    if (ch === '_') {
      canClose &&= !isAlnum(after);
      canOpen &&= !isAlnum(before);
    }

    let left = len;
    if (canClose) {
      while (left > 0) {
        const i = this.findOpener(ch);
        const opener = i === -1 ? undefined : this.stack[i];
        if (!opener || opener.marker.length > left || opener.nodes.length === 0) break;
        this.close(i);
        left -= opener.marker.length;
      }
    }
    if (left === 0) return;
    const markers = ch !== '*' ? [run] : left === 3 ? ['**', '*'] : [run.slice(0, left)];
    if (!canOpen || this.stack.length + markers.length > MAX_INLINE_DEPTH) {
      this.addText(ch.repeat(left));
      return;
    }
    const kind = (m: string): FrameKind => (m === '**' ? 'strong' : m === '~~' ? 'del' : 'em');
    for (const m of markers) this.stack.push(newFrame(kind(m), m, this.pos - left));
  }

  /** Innermost opener a `ch` closer can match; emphasis never closes across a link label. */
  private findOpener(ch: string): number {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const f = this.stack[i];
      if (!f || f.kind === 'link') return -1;
      if (f.marker.charAt(0) === ch) return i;
    }
    return -1;
  }

  /** Closes stack[i] into a node; unclosed frames above it fall back to literal text. */
  private close(i: number) {
    while (this.stack.length - 1 > i) this.collapseTop();
    const f = this.stack.pop();
    if (!f) return;
    const parent = this.top().nodes;
    if (f.kind === 'strong' || f.kind === 'em' || f.kind === 'del') {
      parent.push({ type: f.kind, children: f.nodes });
    }
  }

  private collapseTop() {
    const f = this.stack.pop();
    if (!f) return;
    if (f.kind === 'link') this.openLinks--;
    const parent = this.top().nodes;
    pushText(parent, f.marker);
    pushNodes(parent, f.nodes);
  }

  private openBracket() {
    if (this.stack.length >= MAX_INLINE_DEPTH) {
      this.addText('[');
    } else {
      this.stack.push(newFrame('link', '[', this.pos));
      this.openLinks++;
    }
    this.pos++;
  }

  private closeBracket() {
    let i = this.stack.length - 1;
    while (i > 0 && this.stack[i]?.kind !== 'link') i--;
    const opener = this.stack[i];
    if (i === 0 || !opener) {
      this.addText(']');
      this.pos++;
      return;
    }
    const dest = opener.dead ? null : this.scanDestination(this.pos + 1);
    if (!dest) {
      // Just a bracket: drop the opener to text but keep frames opened after it, so
      // "[a *b] c*" still gets its emphasis.
      this.stack.splice(i, 1);
      this.openLinks--;
      const below = this.stack[i - 1];
      if (below) {
        pushText(below.nodes, '[');
        pushNodes(below.nodes, opener.nodes);
      }
      this.addText(']');
      this.pos++;
      return;
    }

    const href = toSafeHref(dest.raw);
    if (href === null) {
      // Unsafe or malformed target: the whole "[text](target)" shows as typed, unlinked.
      while (this.stack.length > i) this.stack.pop();
      this.openLinks = this.stack.filter((f) => f.kind === 'link').length;
      this.addText(this.text.slice(opener.start, dest.end));
      this.pos = dest.end;
      return;
    }
    this.close(i);
    this.openLinks--;
    const label = unwrapLinks(opener.nodes);
    this.top().nodes.push({
      type: 'link',
      href,
      children: label.length > 0 ? label : [{ type: 'text', value: href }],
    });
    // No links inside links: outer "[" openers can only end up as text now.
    for (const f of this.stack) if (f.kind === 'link') f.dead = true;
    this.pos = dest.end;
  }

  /** "(target)" right after "]": returns the raw target, or null if there is none. */
  private scanDestination(at: number): { raw: string; end: number } | null {
    const { text } = this;
    if (text.charAt(at) !== '(') return null;
    let depth = 0;
    const limit = Math.min(text.length, at + 1 + MAX_LINK_DEST);
    for (let i = at + 1; i < limit; i++) {
      const c = text.charAt(i);
      if (c === '\n') return null;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return { raw: text.slice(at + 1, i), end: i + 1 };
        depth--;
      }
    }
    return null;
  }

  private mention() {
    const { text } = this;
    if (text.charAt(this.pos + 1) === '@') {
      let end = this.pos + 2;
      while (end - this.pos - 2 < MAX_MENTION_DIGITS && isDigit(text.charAt(end))) end++;
      if (end > this.pos + 2 && text.charAt(end) === '>') {
        this.top().nodes.push({ type: 'mention', id: text.slice(this.pos + 2, end) });
        this.pos = end + 1;
        return;
      }
    }
    this.addText('<');
    this.pos++;
  }

  private bareUrl() {
    const { text } = this;
    const start = this.pos;
    const head = text.slice(start, start + 8).toLowerCase();
    const scheme = head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : 0;
    if (scheme === 0 || isAlnum(text.charAt(start - 1) || undefined)) {
      this.plainChar();
      return;
    }
    let end = start + scheme;
    while (end < text.length && !this.endsUrl(text.charAt(end), text.charCodeAt(end))) end++;
    end = trimUrlEnd(text, start + scheme, end);
    const candidate = text.slice(start, end);
    const href = end > start + scheme ? toSafeHref(candidate) : null;
    if (href === null) {
      // Emit the whole rejected candidate so nothing inside it is scanned for a URL again.
      this.addText(text.slice(start, Math.max(end, start + scheme)));
      this.pos = Math.max(end, start + scheme);
      return;
    }
    this.top().nodes.push({ type: 'link', href, children: [{ type: 'text', value: candidate }] });
    this.pos = end;
  }

  private plainChar() {
    this.addText(this.text.charAt(this.pos));
    this.pos++;
  }

  private endsUrl(ch: string, code: number): boolean {
    if (isControl(code) || isSpace(ch)) return true;
    if (ch === '<' || ch === '>' || ch === '"' || ch === '`') return true;
    // Inside "[label ...]" the "]" belongs to the label, not to the URL.
    return ch === ']' && this.openLinks > 0;
  }
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

const TRAILING = new Set(['.', ',', ':', ';', '!', '?', "'", '"', '*', '_', '~']);

/** Drops sentence punctuation (and an unbalanced ")") from the end of a bare URL. */
function trimUrlEnd(text: string, from: number, end: number): number {
  let open = 0;
  let close = 0;
  for (let i = from; i < end; i++) {
    const c = text.charAt(i);
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  while (end > from) {
    const c = text.charAt(end - 1);
    if (TRAILING.has(c)) end--;
    else if (c === ')' && close > open) {
      close--;
      end--;
    } else break;
  }
  return end;
}

/** Bare URLs inside a link label become plain text: an <a> must not contain another. */
function unwrapLinks(nodes: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const n of nodes) {
    if (n.type === 'link') pushNodes(out, unwrapLinks(n.children));
    else if (n.type === 'strong' || n.type === 'em' || n.type === 'del') {
      out.push({ type: n.type, children: unwrapLinks(n.children) });
    } else if (n.type === 'text') pushText(out, n.value);
    else out.push(n);
  }
  return out;
}
