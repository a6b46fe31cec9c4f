import type { ParsedBlock, ParsedDocument } from '@tutorgraph/core';
import { markdownInlineToText as plain } from './markdown-inline.js';

// A line-by-line Markdown reader, linear in the input. It replaced marked's lexer, whose inline rules
// backtrack: 300 KB of `<` blocked the event loop for two minutes, 1 MB of `1. ` for fifty seconds, and
// 1 MB of `>` overflowed the stack (issue #15). Every pattern here is anchored to a line start with
// bounded repetition, or is a hand-written scan.

const leadingSpaces = (line: string) => { let n = 0; while (n < line.length && line[n] === ' ') n += 1; return n; };
const isBlank = (line: string) => line.trim() === '';

function fenceOf(line: string): { char: string; length: number } | undefined {
  const indent = leadingSpaces(line);
  if (indent > 3) return undefined;
  const char = line[indent];
  if (char !== '`' && char !== '~') return undefined;
  let end = indent;
  while (line[end] === char) end += 1;
  return end - indent >= 3 ? { char, length: end - indent } : undefined;
}

function atxHeading(line: string): { level: number; text: string } | undefined {
  const indent = leadingSpaces(line);
  if (indent > 3 || line[indent] !== '#') return undefined;
  let end = indent;
  while (line[end] === '#') end += 1;
  const level = end - indent;
  if (level > 6 || (end < line.length && line[end] !== ' ' && line[end] !== '\t')) return undefined;
  let text = line.slice(end).trim();
  // A closing run of #s ("## Title ##") is decoration.
  let close = text.length;
  while (close > 0 && text[close - 1] === '#') close -= 1;
  if (close === 0 || text[close - 1] === ' ' || text[close - 1] === '\t') text = text.slice(0, close).trim();
  return { level, text };
}

function isThematicBreak(line: string): boolean {
  const compact = line.replace(/[ \t]/g, '');
  const char = compact[0];
  if (leadingSpaces(line) > 3 || compact.length < 3 || (char !== '-' && char !== '*' && char !== '_')) return false;
  for (const c of compact) if (c !== char) return false;
  return true;
}

function setextLevel(line: string): number | undefined {
  if (leadingSpaces(line) > 3) return undefined;
  const t = line.trim();
  if (t.length === 0) return undefined;
  const char = t[0];
  if (char !== '=' && char !== '-') return undefined;
  for (const c of t) if (c !== char) return undefined;
  return char === '=' ? 1 : 2;
}

/** `- item`, `* item`, `+ item`, `1. item`, `1) item` → the item's text. */
function listItem(line: string): string | undefined {
  const indent = leadingSpaces(line);
  const marker = line[indent];
  let end = indent;
  if (marker === '-' || marker === '*' || marker === '+') end += 1;
  else {
    while (end - indent < 9 && line[end] !== undefined && line[end]! >= '0' && line[end]! <= '9') end += 1;
    if (end === indent || (line[end] !== '.' && line[end] !== ')')) return undefined;
    end += 1;
  }
  if (line[end] !== ' ' && line[end] !== '\t') return undefined;
  return line.slice(end).trim();
}

/** Splits a table row on unescaped pipes; the outer empty cells of `| a | b |` go. */
function tableCells(line: string): string[] {
  const cells = line.replaceAll('\\|', '\u0000').split('|').map((cell) => cell.replaceAll('\u0000', '|').trim());
  if (cells[0] === '') cells.shift();
  if (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** `|---|:---:|` under a header row. */
function isTableDelimiter(line: string): boolean {
  if (!line.includes('-') || !line.includes('|')) return false;
  const cells = tableCells(line);
  return cells.length > 0 && cells.every((cell) => {
    const dashes = cell.slice(cell.startsWith(':') ? 1 : 0, cell.endsWith(':') ? -1 : undefined);
    return dashes.length > 0 && [...dashes].every((ch) => ch === '-');
  });
}

/** Strips leading `>` markers (any depth): quoted text is read as text. */
function unquote(line: string): string {
  let i = 0;
  while (i < line.length) {
    const indent = i + Math.min(3, leadingSpaces(line.slice(i, i + 4)));
    if (line[indent] !== '>') break;
    i = indent + 1;
    if (line[i] === ' ') i += 1;
  }
  return line.slice(i);
}

const HTML_DROPPED = ['script', 'style', 'textarea'];
const htmlBlockName = (line: string) => {
  const t = line.trimStart();
  if (t[0] !== '<') return undefined;
  return /^<\/?([A-Za-z][A-Za-z0-9-]{0,30})/.exec(t)?.[1]?.toLowerCase() ?? (t.startsWith('<!--') ? '!--' : undefined);
};

/**
 * Markdown to blocks: headings keep their depth (ATX and setext), lists become items, tables become
 * `a | b` rows, fenced and indented code stay code, block quotes read as text, HTML blocks keep their
 * text but never the contents of `<script>`/`<style>`. The first level-1 heading is the title.
 *
 * @example
 * parseMarkdown('# Memory\n\nEncoding is…').title; // → 'Memory'
 */
export function parseMarkdown(source: string): ParsedDocument {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: ParsedBlock[] = [];
  let paragraph: string[] = [];
  let item: string[] | undefined;
  const push = (block: ParsedBlock) => { if (block.text.trim()) blocks.push(block); };
  const flushParagraph = () => { if (paragraph.length) push({ kind: 'paragraph', text: plain(paragraph.join('\n')) }); paragraph = []; };
  const flushItem = () => { if (item) push({ kind: 'list_item', text: plain(item.join('\n')) }); item = undefined; };
  const flush = () => { flushParagraph(); flushItem(); };

  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] as string;
    const fence = fenceOf(raw);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length; i += 1) {
        const closing = fenceOf(lines[i] as string);
        if (closing && closing.char === fence.char && closing.length >= fence.length && (lines[i] as string).trim().length === closing.length) break;
        code.push(lines[i] as string);
      }
      push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (isBlank(raw)) { flush(); continue; }
    if (leadingSpaces(raw) >= 4 && paragraph.length === 0 && !item) {
      const code: string[] = [];
      for (; i < lines.length && (leadingSpaces(lines[i] as string) >= 4 || isBlank(lines[i] as string)); i += 1) code.push((lines[i] as string).slice(4));
      i -= 1;
      push({ kind: 'code', text: code.join('\n').trimEnd() });
      continue;
    }
    const line = unquote(raw);
    if (isBlank(line)) { flush(); continue; }
    const heading = atxHeading(line);
    if (heading) { flush(); push({ kind: 'heading', level: heading.level, text: plain(heading.text) }); continue; }
    const setext = paragraph.length > 0 ? setextLevel(line) : undefined;
    if (setext) { push({ kind: 'heading', level: setext, text: plain(paragraph.join(' ')) }); paragraph = []; continue; }
    if (isThematicBreak(line)) { flush(); continue; }
    const html = htmlBlockName(line);
    if (html && paragraph.length === 0) {
      flush();
      const chunk: string[] = [];
      const dropped = HTML_DROPPED.includes(html);
      for (; i < lines.length; i += 1) {
        const current = lines[i] as string;
        if (!dropped && isBlank(current)) break;
        chunk.push(current);
        if (dropped && current.toLowerCase().includes(`</${html}`)) break;
      }
      push({ kind: 'paragraph', text: plain(chunk.join('\n')) });
      continue;
    }
    if (line.includes('|') && paragraph.length === 0 && i + 1 < lines.length && isTableDelimiter(unquote(lines[i + 1] as string))) {
      flush();
      // Cells are joined before the inline pass: one pass per row, however many pipes it has.
      const rows = [plain(tableCells(line).filter(Boolean).join(' | '))];
      for (i += 2; i < lines.length && !isBlank(lines[i] as string) && (lines[i] as string).includes('|'); i += 1) {
        rows.push(plain(tableCells(unquote(lines[i] as string)).filter(Boolean).join(' | ')));
      }
      i -= 1;
      push({ kind: 'table', text: rows.join('\n') });
      continue;
    }
    const itemText = listItem(line);
    if (itemText !== undefined) { flush(); item = [itemText]; continue; }
    if (item) { item.push(line.trim()); continue; }
    paragraph.push(line.trim());
  }
  flush();
  return { format: 'markdown', title: blocks.find((b) => b.kind === 'heading' && b.level === 1)?.text, blocks };
}
