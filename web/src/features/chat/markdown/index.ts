// Chat message Markdown: parse() builds the AST, <Markdown> renders it as React elements.
export { parse, parseInline, toSafeHref } from './parse';
export type { BlockNode, InlineNode } from './parse';
export { Markdown } from './Markdown';
export type { MarkdownProps } from './Markdown';
