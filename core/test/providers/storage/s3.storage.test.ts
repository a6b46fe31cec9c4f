import { describe, expect, it } from 'vitest';
import { S3Storage } from '../../../src/providers/storage/s3.storage.js';

// No S3 service runs on this machine: presigning is local computation, so it is tested for real;
// network calls are not.
describe('S3Storage', () => {
  it('when a signed URL is made, then it is a short-lived presigned GET for exactly that key', async () => {
    const storage = new S3Storage({
      bucket: 'tutorgraph', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-key',
    });
    const url = new URL(await storage.signedUrl('raw/t1/c1/d1/week1.pdf', { expiresInSeconds: 120, fileName: 'Week 1.pdf' }));
    expect(url.pathname).toBe('/tutorgraph/raw/t1/c1/d1/week1.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="Week_1.pdf"');
  });

  it('when a key could escape its prefix, then it is refused before any request', async () => {
    const storage = new S3Storage({ bucket: 'b', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' });
    await expect(storage.signedUrl('raw/../secrets')).rejects.toThrow(/Unsafe storage key/);
  });
});
