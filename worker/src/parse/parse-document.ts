import type { DocumentFormat, ParsedDocument } from '@tutorgraph/core';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';
import { parseDocx } from './docx.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import { parsePptx } from './pptx.js';
import { parseText } from './text.js';

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnrecoverableJobError('The text file is not valid UTF-8.', 'CORRUPT', { cause: error });
  }
}

/** Limits of one parse: pages or slides, and (PDF) the bytes its compressed streams may inflate to. */
export interface ParseLimits {
  maxPages: number;
  /** @defaultValue DEFAULT_MAX_INFLATED_BYTES (256 MiB) */
  maxInflatedBytes?: number | undefined;
}

/**
 * Parses a stored file by its detected format (the `DocumentParser` port of the ingest use case). Runs on the
 * calling thread: the job runtime calls it through `createThreadedParser`, off the event loop.
 *
 * @example
 * const parsed = await parseDocument(bytes, 'pptx', { maxPages: 500 });
 */
export async function parseDocument(bytes: Uint8Array, format: DocumentFormat, limits: ParseLimits): Promise<ParsedDocument> {
  switch (format) {
    // pdf.js is large: loaded on the first PDF only, so a parser thread starts quickly.
    case 'pdf': return (await import('./pdf.js')).parsePdf(bytes, limits);
    case 'docx': return parseDocx(bytes);
    case 'pptx': {
      const deck = await parsePptx(bytes);
      if ((deck.slideCount ?? 0) > limits.maxPages) {
        throw new UnrecoverableJobError(`The presentation has ${deck.slideCount} slides; the limit is ${limits.maxPages}.`, 'TOO_MANY_PAGES');
      }
      return deck;
    }
    case 'html': return parseHtml(decodeUtf8(bytes));
    case 'markdown': return parseMarkdown(decodeUtf8(bytes));
    case 'text': return parseText(decodeUtf8(bytes));
    default: throw new UnrecoverableJobError(`Unsupported format: ${String(format)}`, 'UNSUPPORTED');
  }
}
