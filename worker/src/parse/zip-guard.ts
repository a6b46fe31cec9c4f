import { UnrecoverableJobError } from '@tutorgraph/core/errors';
import JSZip from 'jszip';

/** Limits for OOXML packages: real course files are far below them; zip bombs are far above. */
export interface ZipLimits {
  /** @defaultValue 200 MiB */
  maxTotalUncompressedBytes: number;
  /** @defaultValue 5000 */
  maxEntries: number;
  /** A single entry expanding more than this many times its compressed size is a bomb. @defaultValue 200 */
  maxCompressionRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalUncompressedBytes: 200 * 1024 * 1024, maxEntries: 5000, maxCompressionRatio: 200 };

interface EntrySizes { uncompressedSize?: number; compressedSize?: number }

/**
 * Opens a ZIP (DOCX/PPTX) after checking the sizes its central directory declares: entry count, total
 * uncompressed size and per-entry compression ratio. JSZip only inflates an entry when it is read,
 * so a bomb is refused before any of it is expanded. Corrupt archives fail as bad input.
 *
 * @example
 * const zip = await openZipSafely(bytes, 'PowerPoint');
 */
export async function openZipSafely(bytes: Uint8Array, what: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    throw new UnrecoverableJobError(`The ${what} file is corrupt or not a valid Office document.`, 'CORRUPT', { cause: error });
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) {
    throw new UnrecoverableJobError(`The ${what} file has ${entries.length} parts (limit ${limits.maxEntries}); it looks like a zip bomb.`, 'ZIP_BOMB');
  }
  let total = 0;
  for (const entry of entries) {
    // JSZip keeps the central-directory sizes on the (untyped) compressed data of each entry.
    const sizes = (entry as unknown as { _data?: EntrySizes })._data ?? {};
    const uncompressed = sizes.uncompressedSize ?? 0;
    const compressed = sizes.compressedSize ?? 0;
    total += uncompressed;
    if (compressed > 0 && uncompressed / compressed > limits.maxCompressionRatio && uncompressed > 1024 * 1024) {
      throw new UnrecoverableJobError(`The ${what} file contains a part that expands ${Math.round(uncompressed / compressed)}× (a zip bomb).`, 'ZIP_BOMB');
    }
  }
  if (total > limits.maxTotalUncompressedBytes) {
    throw new UnrecoverableJobError(`The ${what} file expands to ${Math.round(total / 1024 / 1024)} MB (limit ${Math.round(limits.maxTotalUncompressedBytes / 1024 / 1024)} MB); it looks like a zip bomb.`, 'ZIP_BOMB');
  }
  return zip;
}

/**
 * Reads one part as text, counting what is really inflated against the limit: a lying central
 * directory cannot get past this.
 */
export async function readZipText(zip: JSZip, path: string, maxBytes = DEFAULT_ZIP_LIMITS.maxTotalUncompressedBytes): Promise<string | undefined> {
  const entry = zip.file(path);
  if (!entry) return undefined;
  // Counted while inflating: the limit holds before the bytes exist, not after.
  return new TextDecoder('utf-8').decode(await inflateCounted(entry, maxBytes));
}

/** Inflates one entry while counting the bytes really produced; stops as soon as `budget` is passed. */
function inflateCounted(entry: JSZip.JSZipObject, budget: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let size = 0;
    // Paused on refusal: JSZip's Node stream inflates only as it is read, so nothing more is expanded.
    const stream = entry.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        stream.pause();
        reject(new UnrecoverableJobError(`The part ${entry.name} expands beyond the allowed size (a zip bomb).`, 'ZIP_BOMB'));
        return;
      }
      parts.push(chunk);
    });
    stream.on('error', (error: Error) => reject(new UnrecoverableJobError('The file is corrupt or not a valid Office document.', 'CORRUPT', { cause: error })));
    stream.on('end', () => resolve(Buffer.concat(parts)));
  });
}

/**
 * Re-packs a checked archive from what its entries really inflate to, counted against the total limit,
 * so a library that re-reads the file (mammoth) sees only verified bytes: a central directory that lies
 * about sizes can no longer slip a bomb past `openZipSafely` (issue #15).
 *
 * @example
 * const safe = await repackVerified(await openZipSafely(bytes, 'Word')); await mammoth.convertToHtml({ buffer: safe });
 */
export async function repackVerified(zip: JSZip, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Buffer> {
  const out = new JSZip();
  let remaining = limits.maxTotalUncompressedBytes;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const bytes = await inflateCounted(entry, remaining);
    remaining -= bytes.length;
    out.file(entry.name, bytes);
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}
