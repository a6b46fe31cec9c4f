import { AppError } from '../../errors/app-error.js';
import type { DocumentFormat } from '../../db/schema.js';

/** What content sniffing found: the format we will parse and the media type we will store. */
export interface DetectedFormat { format: DocumentFormat; mediaType: string }

export const MEDIA_TYPES = {
  markdown: 'text/markdown',
  text: 'text/plain',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const satisfies Record<DocumentFormat, string>;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/**
 * Reads the file names of a ZIP's local file headers (no decompression). Enough to tell a DOCX from a
 * PPTX from any other ZIP: OOXML packages name `[Content_Types].xml` and `word/…` or `ppt/…` parts.
 */
function zipEntryNames(bytes: Uint8Array, limit = 2000): string[] {
  const names: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let offset = 0; offset + 30 <= bytes.length && names.length < limit;) {
    if (!startsWith(bytes, ZIP_MAGIC, offset)) break;
    const flags = view.getUint16(offset + 6, true);
    const compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    names.push(decoder.decode(bytes.subarray(offset + 30, offset + 30 + nameLength)));
    // With a data descriptor (bit 3) the size is only known after the data; fall back to scanning.
    if (flags & 0x08) {
      const next = indexOfSignature(bytes, offset + 30 + nameLength + extraLength);
      if (next < 0) break;
      offset = next;
    } else {
      offset += 30 + nameLength + extraLength + compressedSize;
    }
  }
  return names;
}

function indexOfSignature(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= bytes.length; i += 1) {
    if (startsWith(bytes, ZIP_MAGIC, i)) return i;
  }
  return -1;
}

/** True when the bytes decode as UTF-8 and look like text: no NULs, few control characters. */
function looksLikeText(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, 64 * 1024);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
  } catch {
    // A multi-byte sequence cut at the sample edge is fine; anything else is not UTF-8.
    if (sample.length < bytes.length) {
      try { text = new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - 4)); } catch { return undefined; }
    } else {
      return undefined;
    }
  }
  let control = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0) return undefined;
    if (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t' && ch !== '\f') control += 1;
  }
  return control / Math.max(1, text.length) < 0.01 ? text : undefined;
}

// Sniffing looks at a bounded prefix with patterns that cannot backtrack far: every repetition is
// bounded or stops at a line end, so 64 KB of `[` or `<` costs microseconds, not seconds (issue #15).
const SNIFF_PREFIX_CHARS = 16 * 1024;
const HTML_SNIFF = /^[ \t\r\n]{0,200}(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<!--[^\n]{0,500}?-->[ \t\r\n]{0,200}<html)/i;
const MARKDOWN_HINTS = [
  /^#{1,6}[ \t]+\S/m, /^[ \t]{0,8}[-*+][ \t]+\S/m, /^[ \t]{0,8}\d{1,9}\.[ \t]+\S/m, /\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)/, /^```/m,
  /\*\*[^*\n]{1,200}\*\*/,
];

/**
 * Decides a file's format from its content (magic bytes), using the file name only to tell Markdown
 * from plain text, which no byte pattern can. Refuses anything else with UNSUPPORTED_MEDIA_TYPE.
 *
 * @example
 * const { format, mediaType } = detectFormat(bytes, 'week-1.pdf'); // → { format: 'pdf', mediaType: 'application/pdf' }
 */
export function detectFormat(bytes: Uint8Array, fileName?: string): DetectedFormat {
  if (bytes.length === 0) throw new AppError('INVALID_ARGUMENT', 'The file is empty.', { file_name: fileName });
  // %PDF may follow a few bytes of junk; readers accept it within the first 1 KiB.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return { format: 'pdf', mediaType: MEDIA_TYPES.pdf };
  if (startsWith(bytes, ZIP_MAGIC)) {
    const names = zipEntryNames(bytes);
    if (names.includes('[Content_Types].xml')) {
      if (names.some((n) => n.startsWith('word/'))) return { format: 'docx', mediaType: MEDIA_TYPES.docx };
      if (names.some((n) => n.startsWith('ppt/'))) return { format: 'pptx', mediaType: MEDIA_TYPES.pptx };
    }
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This ZIP file is not a Word (.docx) or PowerPoint (.pptx) document.', { file_name: fileName });
  }
  const text = looksLikeText(bytes);
  if (text === undefined) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported file type: upload PDF, DOCX, PPTX, HTML, Markdown or plain text.', { file_name: fileName });
  }
  const body = text.replace(/^\uFEFF/, '').slice(0, SNIFF_PREFIX_CHARS);
  if (HTML_SNIFF.test(body)) return { format: 'html', mediaType: MEDIA_TYPES.html };
  const lowerName = fileName?.toLowerCase() ?? '';
  if (/\.(md|markdown)$/.test(lowerName)) return { format: 'markdown', mediaType: MEDIA_TYPES.markdown };
  if (/\.(html?|xhtml)$/.test(lowerName) && /<[a-z][^<>]{0,200}>/i.test(body)) return { format: 'html', mediaType: MEDIA_TYPES.html };
  if (!/\.txt$/.test(lowerName) && MARKDOWN_HINTS.filter((re) => re.test(body)).length >= 2) {
    return { format: 'markdown', mediaType: MEDIA_TYPES.markdown };
  }
  return { format: 'text', mediaType: MEDIA_TYPES.text };
}
