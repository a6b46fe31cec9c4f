import type { ParsedDocument } from '@tutorgraph/core';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';
import mammoth from 'mammoth';
import { parseHtml } from './html.js';
import { type ZipLimits, openZipSafely, repackVerified } from './zip-guard.js';

/** Word's Title/Subtitle styles are headings too (mammoth maps only Heading 1–6 by default). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/**
 * Many course handouts use no heading styles at all, only a short paragraph set wholly in bold. When a
 * document has no Heading 1–6, such a paragraph becomes a level-2 heading (bold italic: level 3), so
 * chunks still get a heading path.
 */
function promoteBoldHeadings(html: string): string {
  if (/<h[2-6][\s>]/.test(html)) return html;
  return html
    .replace(/<p><strong><em>([^<]{1,100})<\/em><\/strong><\/p>/g, '<h3>$1</h3>')
    .replace(/<p><strong>([^<]{1,100})<\/strong><\/p>/g, '<h2>$1</h2>');
}

/**
 * DOCX via mammoth → semantic HTML (Heading 1–6 styles become h1–h6, lists and tables kept) → blocks.
 * The package is size-checked first (zip-bomb guard).
 *
 * @example
 * const doc = await parseDocx(bytes); doc.blocks.filter((b) => b.kind === 'heading');
 */
export async function parseDocx(bytes: Uint8Array, limits?: ZipLimits): Promise<ParsedDocument> {
  const zip = await openZipSafely(bytes, 'Word', limits);
  if (!zip.file('word/document.xml')) throw new UnrecoverableJobError('The Word file has no document body (word/document.xml).', 'CORRUPT');
  // mammoth reads the package again: give it the verified re-pack, never the uploaded bytes.
  const verified = await repackVerified(zip, limits);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: verified }, { styleMap: STYLE_MAP })).value;
  } catch (error) {
    throw new UnrecoverableJobError('The Word file could not be read; it may be corrupt.', 'CORRUPT', { cause: error });
  }
  const parsed = parseHtml(promoteBoldHeadings(html), 'docx');
  return { ...parsed, format: 'docx' };
}
