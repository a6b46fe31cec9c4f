import type { ParsedBlock, ParsedDocument } from '@tutorgraph/core';
import { type Token, type Tokens, marked } from 'marked';

/** Inline markdown to plain text: links keep their label, emphasis and code marks go. */
function plain(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(\*|_)(.*?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .trim();
}

function walk(tokens: Token[], blocks: ParsedBlock[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading': blocks.push({ kind: 'heading', level: (token as Tokens.Heading).depth, text: plain(token.text) }); break;
      case 'paragraph': blocks.push({ kind: 'paragraph', text: plain(token.text) }); break;
      case 'text': if (token.text.trim()) blocks.push({ kind: 'paragraph', text: plain(token.text) }); break;
      case 'code': blocks.push({ kind: 'code', text: (token as Tokens.Code).text }); break;
      case 'blockquote': walk((token as Tokens.Blockquote).tokens, blocks); break;
      case 'list':
        for (const item of (token as Tokens.List).items) blocks.push({ kind: 'list_item', text: plain(item.text) });
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) => row.map((cell) => plain(cell.text)).join(' | '));
        blocks.push({ kind: 'table', text: rows.join('\n') });
        break;
      }
      case 'html': {
        const text = plain(token.text);
        if (text) blocks.push({ kind: 'paragraph', text });
        break;
      }
      default: break; // space, hr, def: no text worth indexing
    }
  }
}

/**
 * Markdown via marked's lexer (no HTML rendering): headings keep their depth, lists become items,
 * tables become `a | b` rows. The first level-1 heading is the title.
 *
 * @example
 * parseMarkdown('# Memory\n\nEncoding is…').title; // → 'Memory'
 */
export function parseMarkdown(source: string): ParsedDocument {
  const blocks: ParsedBlock[] = [];
  walk(marked.lexer(source.replace(/^\uFEFF/, '')), blocks);
  const kept = blocks.filter((b) => b.text.trim());
  return { format: 'markdown', title: kept.find((b) => b.kind === 'heading' && b.level === 1)?.text, blocks: kept };
}
