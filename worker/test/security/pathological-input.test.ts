import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chunkDocument, detectFormat, type DocumentFormat } from '@tutorgraph/core';
import { parseDocument } from '../../src/parse/parse-document.js';

// Issue #15 findings 3–4: 300 KB of `<` as Markdown blocked the event loop for 119 s, and 64 KB of `[`
// cost 5 s in format detection. Each parser and detection now gets every shape that used to backtrack, at
// 256 KB and at 1 MB, and must grow about linearly: 4× the input may cost at most 12× the CPU (quadratic
// backtracking costs 16×; a quadratic chunker split was found this way). How fast it is lives in `npm run bench`, not here; the absolute ceiling below only
// catches a hang (the old code needed minutes). CPU time, not wall time, so a busy machine does not flake.
const MB = 1024 * 1024;
const SHAPES: Record<string, (size: number) => string> = {
  '<': (n) => '<'.repeat(n), '[': (n) => '['.repeat(n), '*': (n) => '*'.repeat(n), '_': (n) => '_'.repeat(n), backticks: (n) => '`'.repeat(n),
  'nested brackets': (n) => '[('.repeat(n / 2), 'unclosed links': (n) => '[a]('.repeat(n / 4), 'unclosed tags': (n) => '<a '.repeat(n / 3),
  'block quotes': (n) => '>'.repeat(n), 'ordered list markers': (n) => '1. '.repeat(n / 3), 'whitespace lines': (n) => '\n \t'.repeat(n / 3),
  'pipes under a table header': (n) => `a|b\n-|-\n${'|'.repeat(n)}`, 'unclosed script': (n) => '<script>'.repeat(n / 8), entities: (n) => '&'.repeat(n),
  'pre with spaces': (n) => `<pre>${' '.repeat(n)}x</pre>`, 'emphasis pairs': (n) => '**a'.repeat(n / 3),
  // The /health bench's nested.md: a run of closing brackets made the sentence splitter's look-behind rescan it at
  // every position (1 MB: 199 s of chunking on the event loop).
  'balanced nesting': (n) => '[['.repeat(n / 4) + ']]'.repeat(n / 4), 'closing quotes': (n) => `a.${'"'.repeat(n - 2)}`,
};
const SMALL = MB / 4;
const GROWTH_LIMIT = 12;
const HANG_CEILING_MS = 10_000;
/** Below this, a CPU reading is mostly timer and JIT noise; ratios are taken against at least this much. */
const NOISE_FLOOR_MS = 40;

const cpuMs = async (work: () => unknown) => {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** CPU for the 256 KB and the 1 MB input (each the best of two runs, after a warm-up run of the small one). */
const growth = async (shape: (size: number) => string, work: (bytes: Uint8Array) => unknown) => {
  const small = new TextEncoder().encode(shape(SMALL));
  const large = new TextEncoder().encode(shape(MB));
  await work(small);
  const smallMs = Math.min(await cpuMs(() => work(small)), await cpuMs(() => work(small)));
  const first = await cpuMs(() => work(large));
  const largeMs = first > HANG_CEILING_MS ? first : Math.min(first, await cpuMs(() => work(large)));
  return { smallMs, largeMs, ratio: largeMs / Math.max(smallMs, NOISE_FLOOR_MS) };
};

const docxWith = async (text: string) => {
  const base = new Uint8Array(readFileSync(new URL('../../../data/courses/psychology-learning-and-memory/files/psychology-2e-8.3-problems-with-memory.docx', import.meta.url)));
  const zip = await JSZip.loadAsync(base);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">${escaped}</w:t></w:r></w:p></w:body></w:document>`);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'STORE' }));
};

describe('1 MB pathological inputs', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`when ${name} grows from 256 KB to 1 MB and is sniffed, then detection grows linearly`, async () => {
      for (const fileName of ['notes', 'notes.md', 'notes.html', 'notes.txt']) {
        const { largeMs, ratio } = await growth(shape, (bytes) => { try { detectFormat(bytes, fileName); } catch { /* refusals are fine */ } });
        expect(largeMs, fileName).toBeLessThan(HANG_CEILING_MS);
        expect(ratio, fileName).toBeLessThan(GROWTH_LIMIT);
      }
    });

    for (const format of ['markdown', 'html', 'text'] as DocumentFormat[]) {
      it(`when ${name} grows from 256 KB to 1 MB and is parsed as ${format} and chunked, then the work grows linearly`, async () => {
        const { largeMs, ratio } = await growth(shape, async (bytes) => chunkDocument(await parseDocument(bytes, format, { maxPages: 500 }), { size: 800, overlap: 120 }));
        expect(largeMs).toBeLessThan(HANG_CEILING_MS);
        expect(ratio).toBeLessThan(GROWTH_LIMIT);
      });
    }
  }

  // mammoth's own XML reading costs about 1 s of CPU per MB of document text on this machine, so for
  // DOCX the test checks the shape: 4× the input must cost well under the 16× of quadratic backtracking.
  it('when a DOCX holds 1 MB of `<` and `[` in one paragraph, then parsing grows linearly with the input', async () => {
    const small = await docxWith('<['.repeat(MB / 8));
    const large = await docxWith('<['.repeat(MB / 2));
    await parseDocument(small, 'docx', { maxPages: 500 });
    const smallMs = await cpuMs(() => parseDocument(small, 'docx', { maxPages: 500 }));
    const largeMs = await cpuMs(() => parseDocument(large, 'docx', { maxPages: 500 }));
    expect(largeMs).toBeLessThan(3000);
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(8);
  });
});

describe('what the Markdown reader keeps', () => {
  it('when Markdown holds a <script> block or inline script, then its contents are not indexed', async () => {
    const doc = await parseDocument(new TextEncoder().encode('# T\n\n<script>\nsteal("cookies")\n</script>\n\nBefore <script>alert(1)</script> after <style>p{}</style>.\n'), 'markdown', { maxPages: 10 });
    const text = doc.blocks.map((b) => b.text).join(' ');
    expect(text).not.toMatch(/steal|alert|p\{\}/);
    expect(text).toContain('Before');
    expect(text).toContain('after');
  });

  it('when Markdown uses links, images, emphasis, code, quotes, setext headings and fences, then the text reads as written', async () => {
    const md = 'Title\n=====\n\n> A *quoted* [link](http://x "t") and ![an image](a.png), `code`, snake_case, 2 * 3 &amp; __bold__.\n\n```\nraw <b>code</b>\n```\n\n1. first\n2. second\n';
    const doc = await parseDocument(new TextEncoder().encode(md), 'markdown', { maxPages: 10 });
    expect(doc.title).toBe('Title');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'A quoted link and an image, code, snake_case, 2 * 3 & bold.' },
      { kind: 'code', text: 'raw <b>code</b>' },
      { kind: 'list_item', text: 'first' },
      { kind: 'list_item', text: 'second' },
    ]);
  });
});
