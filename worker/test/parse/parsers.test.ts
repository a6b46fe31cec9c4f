import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '@tutorgraph/core';
import { parseDocument } from '../../src/parse/parse-document.js';
import { parseDocx } from '../../src/parse/docx.js';
import { parsePdf } from '../../src/parse/pdf.js';
import { makeLecturePdf, makePdf } from '../helpers/make-pdf.js';

const file = (path: string) => new Uint8Array(readFileSync(new URL(`../../../data/courses/${path}`, import.meta.url)));
const PSY = 'psychology-learning-and-memory/files';
const CARP = 'carpentries-instructor-training/files';
const text = (value: string) => new TextEncoder().encode(value);

async function failure(run: () => Promise<unknown>): Promise<{ name?: string; reason?: string; message?: string }> {
  try { await run(); } catch (error) { return error as { name?: string; reason?: string; message?: string }; }
  throw new Error('expected a failure');
}

describe('parsers on the real course files', () => {
  it('when the OpenStax chapter PDF is parsed, then every page is numbered and section headings carry their page', async () => {
    const doc = await parseDocument(file(`${PSY}/psychology-2e-chapter-6-learning.pdf`), 'pdf', { maxPages: 500 });
    expect(doc.pageCount).toBe(36);
    expect(doc.title).toBe('Psychology 2e — Chapter 6: Learning');
    expect(new Set(doc.blocks.map((b) => b.page)).size).toBe(36);
    expect(doc.blocks).toContainEqual(expect.objectContaining({ kind: 'heading', text: '6.1 What Is Learning?', page: 2 }));
    const chunks = chunkDocument(doc, { size: 800, overlap: 120 });
    const whatIsLearning = chunks.find((c) => c.headingPath.includes('6.1 What Is Learning?'));
    expect(whatIsLearning?.page).toBe(2);
  });

  it('when the OpenStax DOCX is parsed, then its Heading styles become nested headings', async () => {
    const doc = await parseDocument(file(`${PSY}/psychology-2e-8.3-problems-with-memory.docx`), 'docx', { maxPages: 500 });
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => `${b.level}:${b.text}`);
    expect(headings).toEqual(expect.arrayContaining(['1:Amnesia', '2:Anterograde Amnesia', '2:Retrograde Amnesia']));
    const chunks = chunkDocument(doc, { size: 800, overlap: 120 });
    expect(chunks.some((c) => c.headingPath.join('/') === 'Amnesia/Anterograde Amnesia' && /anterograde amnesia/i.test(c.content))).toBe(true);
  });

  it('when the Carpentries handout without heading styles is parsed, then its bold lines become headings', async () => {
    const doc = await parseDocx(file(`${CARP}/Carpentries_MotivationDemotivation.docx`));
    expect(doc.blocks).toContainEqual(expect.objectContaining({ kind: 'heading', level: 2, text: 'Motivation – what to do' }));
  });

  it('when the review deck PPTX is parsed, then slides come in order with titles, body text and speaker notes', async () => {
    const doc = await parseDocument(file(`${PSY}/psychology-2e-chapter-8-memory-review.pptx`), 'pptx', { maxPages: 500 });
    expect(doc.slideCount).toBe(31);
    const titles = doc.blocks.filter((b) => b.kind === 'heading');
    expect(titles.map((b) => b.slide)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(titles[0]?.text).toBe('Psychology 2e — Chapter 8: Memory (review deck)');
    expect(titles[3]?.text).toBe('8.1 How Memory Functions');
    const notes = doc.blocks.filter((b) => b.kind === 'notes');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toMatchObject({ slide: 3 });
    expect(notes[0]?.text).toMatch(/^Take a few minutes to imagine/);
    const chunks = chunkDocument(doc, { size: 800, overlap: 120 });
    expect(chunks.find((c) => c.content.includes('Take a few minutes to imagine'))?.slide).toBe(3);
  });

  it('when the Carpentries PPTX is parsed, then its text boxes are read and no master/layout placeholder prompt leaks in', async () => {
    const bytes = file(`${CARP}/Carpentries_teaching_practices.pptx`);
    const layouts = await JSZip.loadAsync(bytes);
    const layoutXml = await layouts.file('ppt/slideLayouts/slideLayout1.xml')!.async('string');
    expect(layoutXml).toContain('Click to edit'); // the template text is in the file…
    const doc = await parseDocument(bytes, 'pptx', { maxPages: 500 });
    const all = doc.blocks.map((b) => b.text).join('\n');
    expect(all).not.toMatch(/click to edit/i); // …and not in what we index
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', text: 'Carpentries Teaching Practices', slide: 1 });
    expect(all).toContain('Formative Assessment');
  });

  it('when HTML is parsed, then headings are kept and nav, script and style are dropped', async () => {
    const html = '<html><head><title>Week 2</title><style>p{color:red}</style></head><body><nav>Home | Courses</nav>'
      + '<h1>Operant conditioning</h1><script>alert(1)</script><p>Behaviour is shaped by <b>consequences</b>.</p>'
      + '<h2>Reinforcement</h2><ul><li>Positive</li><li>Negative</li></ul></body></html>';
    const doc = await parseDocument(text(html), 'html', { maxPages: 10 });
    expect(doc.title).toBe('Week 2');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Operant conditioning' },
      { kind: 'paragraph', text: 'Behaviour is shaped by consequences.' },
      { kind: 'heading', level: 2, text: 'Reinforcement' },
      { kind: 'list_item', text: 'Positive' },
      { kind: 'list_item', text: 'Negative' },
    ]);
  });

  it('when Markdown is parsed, then headings, paragraphs, list items and tables become blocks', async () => {
    const md = '# Memory\n\nMemory has **three** stages.\n\n## Stages\n\n- Encoding\n- Storage\n\n| Stage | Example |\n|---|---|\n| Encoding | [rehearsal](http://x) |\n';
    const doc = await parseDocument(text(md), 'markdown', { maxPages: 10 });
    expect(doc.title).toBe('Memory');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Memory' },
      { kind: 'paragraph', text: 'Memory has three stages.' },
      { kind: 'heading', level: 2, text: 'Stages' },
      { kind: 'list_item', text: 'Encoding' },
      { kind: 'list_item', text: 'Storage' },
      { kind: 'table', text: 'Stage | Example\nEncoding | rehearsal' },
    ]);
  });
});

describe('PDF boilerplate and limits', () => {
  it('when every page repeats a running header and a page-number footer, then both are dropped and the page headings stay', async () => {
    const doc = await parsePdf(makeLecturePdf(5), { maxPages: 50 });
    const texts = doc.blocks.map((b) => b.text);
    expect(texts.some((t) => t.includes('PSY 101 Lecture Notes - Spring Term'))).toBe(false);
    expect(texts.some((t) => /^Page \d+ of 5$/.test(t))).toBe(false);
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.page])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`Section ${n}: Memory topic ${n}`, n]),
    );
  });

  it('when a PDF has more pages than the limit, then it fails as bad input naming both numbers', async () => {
    const error = await failure(() => parseDocument(makeLecturePdf(4), 'pdf', { maxPages: 3 }));
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'TOO_MANY_PAGES' });
    expect(error.message).toBe('The PDF has 4 pages; the limit is 3.');
  });
});

describe('bad input fails as unrecoverable', () => {
  it('when the PDF is password-protected, then the reason says so', async () => {
    const error = await failure(() => parseDocument(makePdf([[{ text: 'Secret exam answers' }]], { isEncrypted: true }), 'pdf', { maxPages: 10 }));
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'ENCRYPTED', message: 'The PDF is password-protected; upload an unlocked copy.' });
  });

  it('when the PDF is corrupt, then it fails as CORRUPT', async () => {
    const real = file(`${CARP}/Carpentries_roles_worksheet_v4.pdf`);
    const error = await failure(() => parseDocument(real.subarray(0, 600), 'pdf', { maxPages: 10 }));
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'CORRUPT' });
  });

  it('when a DOCX or PPTX is truncated, then it fails as CORRUPT', async () => {
    const docx = file(`${CARP}/Carpentries_roles_worksheet_v4.docx`);
    expect(await failure(() => parseDocument(docx.subarray(0, docx.length / 2), 'docx', { maxPages: 10 }))).toMatchObject({ reason: 'CORRUPT' });
    const pptx = file(`${CARP}/Carpentries_teaching_practices.pptx`);
    expect(await failure(() => parseDocument(pptx.subarray(0, 2000), 'pptx', { maxPages: 10 }))).toMatchObject({ reason: 'CORRUPT' });
  });

  it('when an Office file is a zip bomb, then it is refused before being inflated', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', new Uint8Array(60 * 1024 * 1024)); // 60 MB of zeros: ~60 KB compressed
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await failure(() => parseDocument(bomb, 'docx', { maxPages: 10 }));
    expect(error).toMatchObject({ name: 'UnrecoverableJobError', reason: 'ZIP_BOMB' });
  });

  it('when a text file is not UTF-8, then it fails as CORRUPT', async () => {
    expect(await failure(() => parseDocument(new Uint8Array([0xff, 0xfe, 0xfd, 0x41]), 'text', { maxPages: 10 }))).toMatchObject({ reason: 'CORRUPT' });
  });
});
