import { type DocumentFormat, type ParsedDocument, UnrecoverableJobError } from '@tutorgraph/core';
import { parseDocx } from './docx.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import { parsePdf } from './pdf.js';
import { parsePptx } from './pptx.js';
import { parseText } from './text.js';

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnrecoverableJobError('The text file is not valid UTF-8.', 'CORRUPT', { cause: error });
  }
}

/**
 * Parses a stored file by its detected format (the `DocumentParser` port of the ingest use case).
 *
 * @example
 * const parsed = await parseDocument(bytes, 'pptx', { maxPages: 500 });
 */
export async function parseDocument(bytes: Uint8Array, format: DocumentFormat, limits: { maxPages: number }): Promise<ParsedDocument> {
  switch (format) {
    case 'pdf': return parsePdf(bytes, limits);
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
