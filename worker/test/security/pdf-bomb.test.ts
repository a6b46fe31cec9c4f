import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkPdfInflation } from '../../src/parse/pdf-guard.js';
import { parsePdf } from '../../src/parse/pdf.js';
import { makePdf } from '../helpers/make-pdf.js';

// Issue #15 finding 7: an 816 KB PDF whose stream inflates to 800 MB was indexed "succeeded" after 31 s and +1.3 GB.

/** A one-page PDF with a real text content stream plus a Flate stream of `inflatedBytes` spaces (a bomb when large). */
function pdfWithFlateStream(inflatedBytes: number, layers = 1): Uint8Array {
  const base = Buffer.from(makePdf([[{ text: 'Classical conditioning pairs a neutral stimulus with a meaningful one.' }]])).toString('latin1');
  let packed = Buffer.alloc(inflatedBytes, 0x20);
  for (let n = 0; n < layers; n += 1) packed = deflateSync(packed, { level: 9 });
  const filter = layers === 1 ? '/FlateDecode' : `[${' /FlateDecode'.repeat(layers)} ]`;
  const object = `99 0 obj\n<< /Length ${packed.length} /Filter ${filter} >>\nstream\n${packed.toString('latin1')}\nendstream\nendobj\n`;
  // An unreferenced object before the xref: readers skip it, an inflation check must still see it.
  const at = base.lastIndexOf('xref\n');
  return new Uint8Array(Buffer.from(base.slice(0, at) + object + base.slice(at), 'latin1'));
}

describe('decompression bombs in PDF', () => {
  it('when a PDF stream inflates past the limit, then parsing fails with the decompression-bomb error', async () => {
    const bomb = pdfWithFlateStream(64 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const error = await parsePdf(bomb, { maxPages: 50, maxInflatedBytes: 16 * 1024 * 1024 }).then(() => undefined, (e: unknown) => e as { reason?: string; message?: string });
    expect(error, 'the bomb was parsed').toMatchObject({ reason: 'DECOMPRESSION_BOMB', message: expect.stringContaining('decompression bomb') });
  });

  it('when the bomb is Flate inside Flate (its first layer inflates to only kilobytes), then it is refused too', async () => {
    const bomb = pdfWithFlateStream(64 * 1024 * 1024, 2);
    expect(bomb.byteLength).toBeLessThan(10 * 1024);
    const error = await parsePdf(bomb, { maxPages: 50, maxInflatedBytes: 16 * 1024 * 1024 }).then(() => undefined, (e: unknown) => e as { reason?: string });
    expect(error, 'the doubly compressed bomb was parsed').toMatchObject({ reason: 'DECOMPRESSION_BOMB' });
    await expect(checkPdfInflation(pdfWithFlateStream(64 * 1024 * 1024, 3), 16 * 1024 * 1024)).rejects.toMatchObject({ reason: 'DECOMPRESSION_BOMB' });
    // Two layers of a small stream are fine.
    await expect(checkPdfInflation(pdfWithFlateStream(1024 * 1024, 2), 16 * 1024 * 1024)).resolves.toBeUndefined();
  });

  it('when a PDF stream inflates within the limit, then it still parses', async () => {
    const doc = await parsePdf(pdfWithFlateStream(1024 * 1024), { maxPages: 50, maxInflatedBytes: 16 * 1024 * 1024 });
    expect(doc.blocks.map((b) => b.text).join(' ')).toContain('Classical conditioning');
  });
});
