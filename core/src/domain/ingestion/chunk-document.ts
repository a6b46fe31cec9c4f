import type { Chunk, ChunkingOptions, ParsedBlock, ParsedDocument } from './types.js';
import { splitSentences } from '../qa/text-analysis.js';

/** A span of the normalised text: [start, end). */
interface Span { start: number; end: number }

/** Consecutive body blocks under one heading path on one page/slide: chunks never cross a section. */
interface Section { headingPath: string[]; page: number | undefined; slide: number | undefined; units: Span[] }

const BLOCK_SEPARATOR = '\n\n';

/** Collapses runs of spaces and tabs, trims, and keeps single line breaks inside a block. */
function normaliseBlockText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Sentence spans of one block (the one splitter, every line break an end), offset into the document text. */
function sentenceSpans(text: string, offset: number): Span[] {
  return splitSentences(text, { isLineBreakAnEnd: true }).map((s) => ({ start: offset + s.start, end: offset + s.end }));
}

/** Splits a span longer than `size` at word boundaries (a sentence that long has to be cut somewhere). */
function splitLongSpan(text: string, span: Span, size: number): Span[] {
  if (span.end - span.start <= size) return [span];
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > size) {
    // Look for the space only inside this piece's window: searching the whole text backwards from here
    // made a long run without spaces (1 MB of `|`) quadratic.
    const space = text.slice(start, start + size + 1).lastIndexOf(' ');
    const cut = space > 0 ? start + space : start + size;
    pieces.push({ start, end: cut });
    start = cut;
    while (text[start] === ' ') start += 1;
  }
  if (start < span.end) pieces.push({ start, end: span.end });
  return pieces;
}

/** Builds the normalised text (blocks joined by blank lines) and the sections of body text. */
function buildSections(blocks: ParsedBlock[], size: number): { text: string; sections: Section[] } {
  let text = '';
  const sections: Section[] = [];
  const headingStack: { level: number; text: string }[] = [];
  let current: Section | undefined;
  for (const block of blocks) {
    const blockText = normaliseBlockText(block.text);
    if (!blockText) continue;
    const start = text.length === 0 ? 0 : text.length + BLOCK_SEPARATOR.length;
    text = text.length === 0 ? blockText : text + BLOCK_SEPARATOR + blockText;
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      while (headingStack.length > 0 && (headingStack.at(-1)?.level ?? 0) >= level) headingStack.pop();
      headingStack.push({ level, text: blockText.replace(/\s+/g, ' ') });
      current = undefined;
      continue;
    }
    const headingPath = headingStack.map((h) => h.text);
    if (!current || current.page !== block.page || current.slide !== block.slide) {
      current = { headingPath, page: block.page, slide: block.slide, units: [] };
      sections.push(current);
    }
    for (const sentence of sentenceSpans(blockText, start)) current.units.push(...splitLongSpan(text, sentence, size));
  }
  return { text, sections };
}

/**
 * Cuts a parsed document into retrievable chunks: about `size` characters of whole sentences, each
 * chunk starting with up to `overlap` characters (whole sentences) from the end of the one before.
 * Chunks never cross a heading, page or slide, so every chunk can be cited precisely. Offsets point
 * into the normalised text (blocks joined by blank lines), and `content` is exactly that slice.
 *
 * @example
 * const chunks = chunkDocument(parsed, { size: 800, overlap: 120 });
 * chunks[0]; // → { index: 0, content: '…', headingPath: ['Learning', 'Classical Conditioning'], page: 3, … }
 */
export function chunkDocument(document: ParsedDocument, options: ChunkingOptions): Chunk[] {
  const { size, overlap } = options;
  const { text, sections } = buildSections(document.blocks, size);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const units = section.units;
    let first = 0;
    while (first < units.length) {
      let last = first;
      const startAt = units[first]?.start ?? 0;
      while (last + 1 < units.length && (units[last + 1]?.end ?? 0) - startAt <= size) last += 1;
      const start = units[first]?.start ?? 0;
      const end = units[last]?.end ?? start;
      chunks.push({
        index: chunks.length,
        content: text.slice(start, end),
        headingPath: section.headingPath,
        page: section.page,
        slide: section.slide,
        charStart: start,
        charEnd: end,
      });
      if (last + 1 >= units.length) break;
      // Step back over whole trailing sentences that fit in the overlap, but always move forward.
      let next = last + 1;
      while (next - 1 > first && (units[last]?.end ?? 0) - (units[next - 1]?.start ?? 0) <= overlap) next -= 1;
      first = next;
    }
  }
  return chunks;
}

/**
 * The normalised text the chunk offsets refer to (blocks joined by blank lines), e.g. to show a
 * citation in context.
 *
 * @example
 * const text = normalisedText(parsed); text.slice(chunk.charStart, chunk.charEnd) === chunk.content; // → true
 */
export function normalisedText(document: ParsedDocument): string {
  return buildSections(document.blocks, Number.MAX_SAFE_INTEGER).text;
}
