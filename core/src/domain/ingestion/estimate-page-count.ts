import type { DocumentFormat } from '../../db/schema.js';

/** The largest `/Count` of an uncompressed `/Type /Pages` object: the page tree's root holds the total. */
function pdfPageCount(bytes: Uint8Array): number | undefined {
  const text = new TextDecoder('latin1').decode(bytes);
  let best: number | undefined;
  for (const match of text.matchAll(/\/Type\s*\/Pages\b/g)) {
    const at = match.index ?? 0;
    // The enclosing indirect object: outline dictionaries also have a /Count, but never /Type /Pages.
    const objectStart = Math.max(text.lastIndexOf('obj', at), at - 4000, 0);
    const objectEnd = text.indexOf('endobj', at);
    const object = text.slice(objectStart, objectEnd < 0 ? at + 4000 : Math.min(objectEnd, at + 4000));
    const count = /\/Count\s+(\d+)/.exec(object)?.[1];
    if (count !== undefined) best = Math.max(best ?? 0, Number(count));
  }
  return best;
}

/** Slides are the `ppt/slides/slideN.xml` parts, named in the ZIP's local headers (no inflation). */
function pptxSlideCount(bytes: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(bytes);
  return new Set(text.match(/ppt\/slides\/slide\d+\.xml/g) ?? []).size;
}

/**
 * A cheap page (PDF) or slide (PPTX) count read from the raw bytes at upload time, so an obviously
 * too-long file is refused with 413 before it is stored. Undefined when it cannot tell (e.g. a PDF whose
 * page tree sits in a compressed object stream); the worker then enforces the limit exactly.
 *
 * @example
 * estimatePageCount(bytes, 'pdf'); // → 36
 */
export function estimatePageCount(bytes: Uint8Array, format: DocumentFormat): number | undefined {
  if (format === 'pdf') return pdfPageCount(bytes);
  if (format === 'pptx') return pptxSlideCount(bytes);
  return undefined;
}
