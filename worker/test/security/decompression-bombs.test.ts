import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseDocx } from '../../src/parse/docx.js';
import { DEFAULT_ZIP_LIMITS } from '../../src/parse/zip-guard.js';

// Issue #15 finding 7: a DOCX whose zip directory lied about sizes slipped past the zip guard, because
// mammoth re-read the uploaded file and inflated everything.
const DOCX = new URL('../../../data/courses/psychology-learning-and-memory/files/psychology-2e-8.3-problems-with-memory.docx', import.meta.url);

/** Rewrites every declared uncompressed size (local headers and central directory) to `declared`. */
function lieAboutSizes(bytes: Uint8Array, declared: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i += 1) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, declared, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, declared, true);
  }
  return out;
}

describe('decompression bombs in DOCX', () => {
  it('when the zip directory understates a part that inflates to 64 MB, then parsing fails with the zip-bomb error before mammoth reads it', async () => {
    const zip = await JSZip.loadAsync(readFileSync(DOCX));
    zip.file('word/media/padding.bin', new Uint8Array(64 * 1024 * 1024));
    const honest = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const lying = lieAboutSizes(honest, 1000);
    const limits = { ...DEFAULT_ZIP_LIMITS, maxTotalUncompressedBytes: 16 * 1024 * 1024 };
    const error = await parseDocx(lying, limits).then(() => undefined, (e: unknown) => e as { reason?: string; message?: string });
    expect(error, 'the bomb was parsed').toBeDefined();
    expect(['ZIP_BOMB', 'CORRUPT']).toContain(error?.reason);
  });

  it('when a DOCX is honest, then it still parses', async () => {
    const doc = await parseDocx(new Uint8Array(readFileSync(DOCX)));
    expect(doc.blocks.length).toBeGreaterThan(5);
  });
});
