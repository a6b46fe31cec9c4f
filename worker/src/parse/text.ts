import type { ParsedBlock, ParsedDocument } from '@tutorgraph/core';

/**
 * Plain text: paragraphs are separated by blank lines. A short first line followed by a blank line is
 * taken as the title (and a heading, so chunks carry it).
 *
 * @example
 * parseText('Week 1\n\nMemory is…').blocks; // → [{ kind: 'heading', level: 1, text: 'Week 1' }, { kind: 'paragraph', … }]
 */
export function parseText(source: string): ParsedDocument {
  const paragraphs = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const blocks: ParsedBlock[] = [];
  let title: string | undefined;
  paragraphs.forEach((paragraph, i) => {
    const isTitle = i === 0 && paragraphs.length > 1 && !paragraph.includes('\n') && paragraph.length <= 120 && !/[.!?]$/.test(paragraph);
    if (isTitle) {
      title = paragraph;
      blocks.push({ kind: 'heading', level: 1, text: paragraph });
    } else {
      blocks.push({ kind: 'paragraph', text: paragraph.replace(/\n/g, ' ') });
    }
  });
  return { format: 'text', title, blocks };
}
