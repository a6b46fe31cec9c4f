import { type Inflate, createInflate } from 'node:zlib';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';

/** Bytes a PDF's compressed streams may inflate to, all together, unless configured (UPLOAD_MAX_INFLATED_BYTES). */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** Flate layers followed inside one stream (`/Filter [/FlateDecode /FlateDecode …]`). */
const MAX_LAYERS = 4;

/** A zlib header: deflate method, a window of at most 32 KB, and a check value making CMF·256 + FLG a multiple of 31. */
const isZlibHeader = (chunk: Buffer): boolean => chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && chunk[0]! >> 4 <= 7 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0;

/**
 * Inflated size of one zlib stream, counted chunk by chunk and stopped past `budget` (never held in memory). When
 * what comes out is itself zlib data (a filter chain of several Flate layers, which readers inflate in turn), that
 * is inflated too, up to {@link MAX_LAYERS} deep, and every layer's output counts.
 */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    let total = 0;
    let isDone = false;
    const layers: Inflate[] = [];
    const finish = () => {
      if (isDone) return;
      isDone = true;
      for (const layer of layers) { layer.removeAllListeners('data'); layer.destroy(); }
      resolve(total);
    };
    const open = (depth: number): Inflate => {
      const inflate = createInflate({ chunkSize: 64 * 1024 });
      layers.push(inflate);
      let inner: Inflate | undefined;
      let isFirst = true;
      inflate.on('data', (chunk: Buffer) => {
        if (isDone) return;
        total += chunk.length;
        if (total > budget) { finish(); return; }
        if (isFirst) {
          isFirst = false;
          if (depth < MAX_LAYERS && isZlibHeader(chunk)) inner = open(depth + 1);
        }
        // The next layer sets the pace: this one waits while it catches up (memory stays flat).
        if (inner && !inner.write(chunk)) { inflate.pause(); inner.once('drain', () => inflate.resume()); }
      });
      // Not zlib data (an image, another filter) or cut short: what inflated so far counts. The innermost layer
      // ends the count; an outer one hands its end on.
      const close = () => { if (inner) inner.end(); else finish(); };
      inflate.once('error', close);
      inflate.once('end', close);
      return inflate;
    };
    open(1).end(data);
  });
}

/**
 * Refuses a PDF whose compressed streams inflate past `maxInflatedBytes` in total (a decompression bomb: 816 KB
 * inflating to 800 MB was indexed before). Every `stream … endstream` body is inflated as zlib data and only
 * counted, so memory stays flat; streams that are not zlib data count as nothing. pdf.js inflates the same streams
 * later, so a file passing this check is bounded when parsed. Flate inside Flate is followed; the parser thread's heap
 * limit and time budget bound what this scan does not see (Flate under another filter such as ASCII85).
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
