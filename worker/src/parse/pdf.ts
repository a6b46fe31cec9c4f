import type { ParsedBlock, ParsedDocument } from '@tutorgraph/core';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { checkPdfInflation } from './pdf-guard.js';

interface TextItem { str: string; transform: number[]; width: number; height: number; hasEOL?: boolean }
interface Line { text: string; y: number; size: number }

/** Groups a page's text items into lines (same baseline ±2pt), top to bottom, left to right. */
function linesOf(items: TextItem[]): Line[] {
  const rows: { y: number; items: TextItem[] }[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const y = item.transform[5] ?? 0;
    let row = rows.find((r) => Math.abs(r.y - y) <= 2);
    if (!row) { row = { y, items: [] }; rows.push(row); }
    row.items.push(item);
  }
  rows.sort((a, b) => b.y - a.y);
  return rows.map((row) => {
    row.items.sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
    // Separate items that do not touch (text boxes side by side in a diagram); touching runs join as one word.
    let text = '';
    let endX = Number.NEGATIVE_INFINITY;
    for (const item of row.items) {
      const x = item.transform[4] ?? 0;
      if (text && x - endX > Math.max(1, (item.height || 10) * 0.25) && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
      text += item.str;
      endX = x + (item.width ?? 0);
    }
    text = text.replace(/\s+/g, ' ').trim();
    const size = Math.max(...row.items.filter((i) => i.str.trim()).map((i) => Math.round(i.height || Math.abs(i.transform[0] ?? 0))), 0);
    return { text, y: row.y, size };
  }).filter((line) => line.text);
}

/** A line with its page number masked, so "Page 3 of 10" and "Page 4 of 10" count as the same footer. */
const shape = (text: string, page: number): string =>
  text.toLowerCase().replace(new RegExp(`\\b${page}\\b`, 'g'), '#').replace(/\s+/g, ' ').trim();

/**
 * Running headers and footers: lines no larger than the body text that repeat (page number masked) among
 * the first/last two lines of at least 40% of pages (and 3+ pages). Bare page numbers go too. Returns a
 * predicate over (line, page).
 */
function boilerplate(pages: Line[][], body: number): (line: Line, page: number) => boolean {
  const counts = new Map<string, number>();
  pages.forEach((lines, index) => {
    const edge = [...lines.slice(0, 2), ...lines.slice(-2)].filter((l) => l.size <= body);
    for (const key of new Set(edge.map((l) => shape(l.text, index + 1)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const threshold = Math.max(3, Math.ceil(pages.length * 0.4));
  const repeated = new Set([...counts].filter(([, n]) => n >= threshold).map(([key]) => key));
  return (line, page) => {
    const key = shape(line.text, page);
    if (/^(page )?#( (of|\/) (#|\d+))?$|^[-–] # [-–]$/.test(key)) return true;
    return line.size <= body && repeated.has(key);
  };
}

/** The most common line size: the body text size. */
function bodySize(pages: Line[][]): number {
  const weight = new Map<number, number>();
  for (const line of pages.flat()) weight.set(line.size, (weight.get(line.size) ?? 0) + line.text.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
}

function joinLines(previous: string, next: string): string {
  // A word hyphenated across lines is rejoined; otherwise lines join with a space.
  if (/[a-z]-$/.test(previous) && /^[a-z]/.test(next)) return previous.slice(0, -1) + next;
  return `${previous} ${next}`;
}

/**
 * PDF via pdf.js (legacy build, no worker thread, no eval): per-page text grouped into lines, lines into
 * paragraphs by vertical gaps; lines set clearly larger than the body text become headings (level by
 * size); repeated headers/footers are dropped. Encrypted files and corrupt files fail as bad input;
 * more pages than `maxPages` fails before any text is extracted, and so do streams inflating past
 * `maxInflatedBytes` (checkPdfInflation).
 *
 * @example
 * const doc = await parsePdf(bytes, { maxPages: 500 }); doc.blocks[0]; // → { kind: 'heading', level: 1, text: '…', page: 1 }
 */
export async function parsePdf(bytes: Uint8Array, limits: { maxPages: number; maxInflatedBytes?: number | undefined }): Promise<ParsedDocument> {
  await checkPdfInflation(bytes, limits.maxInflatedBytes);
  let pdf: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new UnrecoverableJobError('The PDF is password-protected; upload an unlocked copy.', 'ENCRYPTED', { cause: error });
    }
    throw new UnrecoverableJobError('The PDF is corrupt or not a valid PDF file.', 'CORRUPT', { cause: error });
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new UnrecoverableJobError(`The PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}.`, 'TOO_MANY_PAGES');
    }
    const pages: Line[][] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items.filter((i): i is TextItem & typeof i => 'str' in i) as TextItem[]));
      page.cleanup();
    }
    const body = bodySize(pages);
    const isBoilerplate = boilerplate(pages, body);
    const headingSizes = [...new Set(pages.flat().filter((l) => l.size >= body * 1.15 && l.text.length <= 150).map((l) => l.size))].sort((a, b) => b - a);
    const blocks: ParsedBlock[] = [];
    pages.forEach((lines, index) => {
      const page = index + 1;
      let paragraph: { text: string; lastY: number; size: number } | undefined;
      const flush = (): void => {
        if (paragraph) blocks.push({ kind: /^[•◦▪\-–*]\s/.test(paragraph.text) ? 'list_item' : 'paragraph', text: paragraph.text, page });
        paragraph = undefined;
      };
      for (const line of lines) {
        if (isBoilerplate(line, page)) continue;
        const level = headingSizes.indexOf(line.size);
        if (level >= 0 && level < 6) {
          const last = blocks.at(-1);
          // A heading wrapped over two lines arrives as two lines of the same size: keep it one heading.
          if (!paragraph && last?.kind === 'heading' && last.page === page && last.level === level + 1 && last.text.length < 80) last.text = `${last.text} ${line.text}`;
          else { flush(); blocks.push({ kind: 'heading', level: level + 1, text: line.text, page }); }
          continue;
        }
        const gap = paragraph ? paragraph.lastY - line.y : 0;
        const startsItem = /^[•◦▪]/.test(line.text);
        if (paragraph && (gap > line.size * 1.6 || startsItem || line.size !== paragraph.size)) flush();
        paragraph = paragraph
          ? { text: joinLines(paragraph.text, line.text), lastY: line.y, size: line.size }
          : { text: line.text, lastY: line.y, size: line.size };
      }
      flush();
    });
    const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
    const metaTitle = info?.Title?.trim();
    const title = metaTitle && !/^microsoft (word|powerpoint)|\.(docx?|pptx?)$/i.test(metaTitle) ? metaTitle : blocks.find((b) => b.kind === 'heading')?.text;
    return { format: 'pdf', title, blocks, pageCount: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}
