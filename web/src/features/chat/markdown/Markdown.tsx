// Renders a chat message's Markdown subset as React elements. Text only ever reaches the DOM
// as React text children or as an href that parse.ts already vetted, never as HTML, so
// "<script>" and friends in a message are just characters on screen.
import { Fragment, useMemo, type ReactNode } from 'react';
import { parse, type BlockNode, type InlineNode } from './parse';

export interface MarkdownProps {
  text: string;
  /** Renders a <@id> mention (e.g. as the member's name); defaults to "@id". */
  renderMention?: (userId: string) => ReactNode;
}

type MentionRenderer = (userId: string) => ReactNode;

const defaultMention: MentionRenderer = (id) => <span className="mention">@{id}</span>;

export function Markdown({ text, renderMention = defaultMention }: MarkdownProps) {
  const blocks = useMemo(() => parse(text), [text]);
  return <div className="markdown">{renderBlocks(blocks, renderMention)}</div>;
}

function renderBlocks(blocks: BlockNode[], mention: MentionRenderer): ReactNode[] {
  return blocks.map((block, i) => {
    switch (block.type) {
      case 'paragraph':
        // No <p>: chat lines sit flush, and the paragraph's own <br>s carry the layout.
        return <Fragment key={i}>{renderInline(block.children, mention)}</Fragment>;
      case 'codeBlock':
        return (
          <pre key={i}>
            <code data-language={block.language ?? undefined}>{block.value}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={i}>{renderBlocks(block.children, mention)}</blockquote>;
    }
  });
}

function renderInline(nodes: InlineNode[], mention: MentionRenderer): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'br':
        return <br key={i} />;
      case 'strong':
        return <strong key={i}>{renderInline(node.children, mention)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children, mention)}</em>;
      case 'del':
        return <del key={i}>{renderInline(node.children, mention)}</del>;
      case 'code':
        return <code key={i}>{node.value}</code>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(node.children, mention)}
          </a>
        );
      case 'mention':
        return <Fragment key={i}>{mention(node.id)}</Fragment>;
    }
  });
}
