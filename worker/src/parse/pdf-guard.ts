import { createInflate } from 'node:zlib';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';

/** Bytes a PDF's compressed streams may inflate to, all together, unless configured (UPLOAD_MAX_INFLATED_BYTES). */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** Inflated size of one zlib stream, counted chunk by chunk and stopped past `budget` (never held in memory). */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    let total = 0;
    const inflate = createInflate({ chunkSize: 64 * 1024 });
    const finish = () => resolve(total);
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) { inflate.removeAllListeners('data'); inflate.destroy(); finish(); }
    });
    // Not zlib data (an image, another filter) or cut short: what inflated so far counts.
    inflate.on('error', finish);
    inflate.on('end', finish);
    inflate.on('close', finish);
    inflate.end(data);
  });
}

/**
 * Refuses a PDF whose compressed streams inflate past `maxInflatedBytes` in total (a decompression bomb: 816 KB
 * inflating to 800 MB was indexed before). Every `stream … endstream` body is inflated as zlib data and only
 * counted, so memory stays flat; streams that are not zlib data count as nothing. pdf.js inflates the same streams
 * later, so a file passing this check is bounded when parsed; the parser thread's heap limit and time budget bound
 * what this scan does not see (filters nested inside other filters).
 *
 * @example
 * await checkPdfInflation(bytes, 256 * 1024 * 1024); // throws UnrecoverableJobError('…', 'DECOMPRESSION_BOMB')
 */
export async function checkPdfInflation(bytes: Uint8Array, maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = buffer.indexOf(STREAM);
  while (at >= 0) {
    // "endstream" also contains "stream": only a keyword that is not the tail of "endstream" opens a stream.
    const isEnd = at >= 3 && buffer.toString('latin1', at - 3, at) === 'end';
    let start = at + STREAM.length;
    if (!isEnd) {
      if (buffer[start] === 0x0d) start += 1;
      if (buffer[start] === 0x0a) start += 1;
      const end = buffer.indexOf(END_STREAM, start);
      if (end < 0) break;
      total += await inflatedSize(buffer.subarray(start, end), maxInflatedBytes - total);
      if (total > maxInflatedBytes) {
        throw new UnrecoverableJobError(
          `The PDF's compressed content inflates to more than ${Math.round(maxInflatedBytes / (1024 * 1024))} MB; it looks like a decompression bomb.`,
          'DECOMPRESSION_BOMB',
        );
      }
      start = end + END_STREAM.length;
    }
    at = buffer.indexOf(STREAM, start);
  }
}
