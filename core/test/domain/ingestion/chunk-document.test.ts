import { describe, expect, it } from 'vitest';
import { chunkDocument, normalisedText } from '../../../src/domain/ingestion/chunk-document.js';
import type { ParsedDocument } from '../../../src/domain/ingestion/types.js';

const sentence = (n: number) => `Sentence number ${n} explains how memories are encoded, stored and retrieved later.`;

function longDocument(): ParsedDocument {
  return {
    format: 'markdown', title: 'Memory',
    blocks: [
      { kind: 'heading', level: 1, text: 'Memory' },
      { kind: 'heading', level: 2, text: 'Encoding' },
      { kind: 'paragraph', text: Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ') },
      { kind: 'heading', level: 2, text: 'Retrieval' },
      { kind: 'paragraph', text: 'Retrieval is the act of getting information out of storage. Cues help.' },
    ],
  };
}

describe('chunkDocument', () => {
  it('when a section is long, then chunks stay near the size, hold whole sentences and overlap', () => {
    const chunks = chunkDocument(longDocument(), { size: 400, overlap: 120 });
    const encoding = chunks.filter((c) => c.headingPath.at(-1) === 'Encoding');
    expect(encoding.length).toBeGreaterThan(4);
    for (const chunk of encoding) {
      expect(chunk.content.length).toBeLessThanOrEqual(400);
      expect(chunk.content).toMatch(/^Sentence number \d+/);
      expect(chunk.content).toMatch(/later\.$/);
    }
    for (let i = 1; i < encoding.length; i += 1) {
      const previous = encoding[i - 1]!;
      const current = encoding[i]!;
      expect(current.charStart).toBeLessThan(previous.charEnd); // overlap
      expect(previous.charEnd - current.charStart).toBeLessThanOrEqual(120);
      expect(current.charStart).toBeGreaterThan(previous.charStart); // progress
    }
  });

  it('when chunks are cut, then offsets point at their exact text and heading paths follow the headings', () => {
    const document = longDocument();
    const text = normalisedText(document);
    const chunks = chunkDocument(document, { size: 400, overlap: 120 });
    for (const chunk of chunks) expect(text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.content);
    expect(chunks.at(-1)?.headingPath).toEqual(['Memory', 'Retrieval']);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('when blocks sit on different pages or slides, then no chunk crosses a page or slide', () => {
    const chunks = chunkDocument({
      format: 'pdf', title: undefined,
      blocks: [
        { kind: 'paragraph', text: 'First page text. It is short.', page: 1 },
        { kind: 'paragraph', text: 'Second page text. Also short.', page: 2 },
      ],
    }, { size: 800, overlap: 120 });
    expect(chunks.map((c) => [c.page, c.content])).toEqual([[1, 'First page text. It is short.'], [2, 'Second page text. Also short.']]);
  });

  it('when a sentence alone is longer than the size, then it is cut at word boundaries', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkDocument({ format: 'text', title: undefined, blocks: [{ kind: 'paragraph', text: words }] }, { size: 300, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(300);
      expect(chunk.content).toMatch(/^word\d+/);
      expect(chunk.content).toMatch(/word\d+$/);
    }
  });

  it('when abbreviations and decimals appear, then sentences are not split inside them', () => {
    const text = 'Use cues, e.g. smells or places. The rate was 3.5 times higher. Dr. Smith agreed.';
    const chunks = chunkDocument({ format: 'text', title: undefined, blocks: [{ kind: 'paragraph', text }] }, { size: 40, overlap: 0 });
    expect(chunks.map((c) => c.content)).toContain('Use cues, e.g. smells or places.');
    expect(chunks.map((c) => c.content)).toContain('The rate was 3.5 times higher.');
  });

  it('when the document has only headings or whitespace, then there are no chunks', () => {
    expect(chunkDocument({ format: 'text', title: undefined, blocks: [{ kind: 'heading', level: 1, text: 'Title' }, { kind: 'paragraph', text: '   ' }] }, { size: 800, overlap: 120 })).toEqual([]);
  });
});
