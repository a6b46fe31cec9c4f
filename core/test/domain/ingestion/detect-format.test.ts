import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/domain/ingestion/detect-format.js';
import { estimatePageCount } from '../../../src/domain/ingestion/estimate-page-count.js';
import { isAppError } from '../../../src/errors/app-error.js';

const file = (path: string) => new Uint8Array(readFileSync(new URL(`../../../../data/courses/${path}`, import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);

function codeOf(run: () => unknown): string | undefined {
  try { run(); } catch (error) { return isAppError(error) ? error.code : 'not-app-error'; }
  return undefined;
}

describe('detectFormat', () => {
  it('when given the real course PDF, DOCX and PPTX files, then it names each by its bytes', () => {
    expect(detectFormat(file('psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf')).format).toBe('pdf');
    expect(detectFormat(file('psychology-learning-and-memory/files/psychology-2e-8.3-problems-with-memory.docx')).format).toBe('docx');
    expect(detectFormat(file('psychology-learning-and-memory/files/psychology-2e-chapter-8-memory-review.pptx')).format).toBe('pptx');
    expect(detectFormat(file('carpentries-instructor-training/files/Carpentries_teaching_practices.pptx')).mediaType)
      .toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
  });

  it('when a PDF is uploaded under a misleading name, then content wins over the name', () => {
    const pdf = file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf');
    expect(detectFormat(pdf, 'notes.txt').format).toBe('pdf');
    expect(detectFormat(pdf, 'slides.pptx').format).toBe('pdf');
  });

  it('when the bytes are HTML, Markdown or plain text, then they are told apart', () => {
    expect(detectFormat(text('<!DOCTYPE html><html><body><p>Hi</p></body></html>')).format).toBe('html');
    expect(detectFormat(text('# Memory\n\n- encoding\n- storage\n'), 'notes').format).toBe('markdown');
    expect(detectFormat(text('Some notes.'), 'notes.md').format).toBe('markdown');
    expect(detectFormat(text('Plain words about memory, nothing else.'), 'notes.txt').format).toBe('text');
  });

  it('when the bytes are binary junk, an image or a non-Office ZIP, then it refuses with UNSUPPORTED_MEDIA_TYPE', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(codeOf(() => detectFormat(png, 'photo.pdf'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const zipHeader = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, ...text('a.txt')]);
    expect(codeOf(() => detectFormat(zipHeader, 'archive.docx'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const junk = Uint8Array.from({ length: 512 }, (_, i) => (i * 73 + 11) % 256);
    expect(codeOf(() => detectFormat(junk, 'file.md'))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the file is empty, then it is an INVALID_ARGUMENT', () => {
    expect(codeOf(() => detectFormat(new Uint8Array(), 'empty.pdf'))).toBe('INVALID_ARGUMENT');
  });
});

describe('estimatePageCount', () => {
  it('when reading the real PDF and PPTX at upload time, then it finds their page and slide counts without parsing', () => {
    expect(estimatePageCount(file('psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf'), 'pdf')).toBe(36);
    expect(estimatePageCount(file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf'), 'pdf')).toBe(1);
    expect(estimatePageCount(file('psychology-learning-and-memory/files/psychology-2e-chapter-8-memory-review.pptx'), 'pptx')).toBe(31);
  });

  it('when the page tree is not readable (compressed) or the format has no pages, then it says it cannot tell', () => {
    expect(estimatePageCount(file('carpentries-instructor-training/files/Carpentries_teaching_practices.pdf'), 'pdf')).toBeUndefined();
    expect(estimatePageCount(file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.docx'), 'docx')).toBeUndefined();
  });
});
