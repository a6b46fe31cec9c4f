import type { DocumentFormat, ParsedBlock, ParsedDocument } from '@tutorgraph/core';
import { Parser } from 'htmlparser2';

/** Elements whose text is never course content. */
const DROPPED = new Set(['script', 'style', 'nav', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'button', 'form', 'select']);
const BLOCK_KINDS: Record<string, ParsedBlock['kind']> = {
  p: 'paragraph', div: 'paragraph', section: 'paragraph', article: 'paragraph', blockquote: 'paragraph',
  li: 'list_item', dt: 'paragraph', dd: 'paragraph', pre: 'code', table: 'table', figcaption: 'paragraph', caption: 'paragraph',
  main: 'paragraph', body: 'paragraph', td: 'table', th: 'table', tr: 'table',
};

/**
 * HTML via htmlparser2: `h1`–`h6` become headings, paragraphs/list items/table rows become blocks;
 * `script`, `style`, `nav` and other chrome are dropped. Also parses mammoth's DOCX output.
 *
 * @example
 * parseHtml('<h1>Memory</h1><nav>Home</nav><p>Encoding is…</p>').blocks.length; // → 2
 */
export function parseHtml(source: string, format: DocumentFormat = 'html'): ParsedDocument {
  const blocks: ParsedBlock[] = [];
  let title: string | undefined;
  let inTitle = false;
  let dropDepth = 0;
  let buffer = '';
  let heading: number | undefined;
  let kind: ParsedBlock['kind'] = 'paragraph';
  let inPre = 0;

  const flush = (): void => {
    // No `\s+$`: it backtracks quadratically over a long run of spaces inside <pre> (issue #15).
    let start = 0;
    while (inPre > 0 && buffer[start] === '\n') start += 1;
    const text = inPre > 0 ? buffer.slice(start).trimEnd() : buffer.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(heading ? { kind: 'heading', level: heading, text } : { kind, text });
    buffer = '';
  };

  const parser = new Parser({
    onopentag(name) {
      if (name === 'title') inTitle = true;
      if (DROPPED.has(name)) { dropDepth += 1; return; }
      if (dropDepth > 0) return;
      const level = /^h([1-6])$/.exec(name)?.[1];
      if (level) { flush(); heading = Number(level); return; }
      if (name === 'br') { buffer += '\n'; return; }
      if (name === 'td' || name === 'th') { buffer += buffer ? ' | ' : ''; return; }
      if (BLOCK_KINDS[name] && name !== 'td' && name !== 'th') {
        flush();
        kind = BLOCK_KINDS[name] ?? 'paragraph';
        if (name === 'pre') inPre += 1;
      }
    },
    ontext(text) {
      if (inTitle) title = (title ?? '') + text;
      if (dropDepth > 0) return;
      buffer += text;
    },
    onclosetag(name) {
      if (name === 'title') inTitle = false;
      if (DROPPED.has(name)) { dropDepth = Math.max(0, dropDepth - 1); return; }
      if (dropDepth > 0) return;
      if (/^h[1-6]$/.test(name)) { flush(); heading = undefined; return; }
      if (BLOCK_KINDS[name] && name !== 'td' && name !== 'th') {
        flush();
        if (name === 'pre') inPre = Math.max(0, inPre - 1);
        kind = 'paragraph';
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.write(source);
  parser.end();
  flush();
  const firstH1 = blocks.find((b) => b.kind === 'heading' && b.level === 1)?.text;
  return { format, title: title?.replace(/\s+/g, ' ').trim() || firstH1, blocks };
}
