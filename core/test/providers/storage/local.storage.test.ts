import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors/app-error.js';
import { LocalStorage } from '../../../src/providers/storage/local.storage.js';
import { rawDocumentKey } from '../../../src/providers/storage/storage.port.js';

const root = mkdtempSync(join(tmpdir(), 'tg-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function storageAt(now: () => number, key = 'k'.repeat(32)) {
  return new LocalStorage({ root, signingKey: new TextEncoder().encode(key), urlBase: 'http://localhost:3000/v1/files', now });
}

async function errorOf(run: () => unknown): Promise<unknown> {
  try { await run(); } catch (error) { return error; }
  return undefined;
}

describe('LocalStorage', () => {
  it('when a file is put, then it can be read back, checked and deleted (deleting twice is fine)', async () => {
    const storage = storageAt(Date.now);
    const key = rawDocumentKey({ tenantId: 't1', courseId: 'c1', documentId: 'd1', fileName: 'Week 1 notes.pdf' });
    expect(key).toBe('raw/t1/c1/d1/Week_1_notes.pdf');
    await storage.put(key, new TextEncoder().encode('hello'));
    expect(new TextDecoder().decode(await storage.get(key))).toBe('hello');
    expect(await storage.exists(key)).toBe(true);
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    const missing = await errorOf(() => storage.get(key));
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  });

  it('when a file name tries to climb out of its folder, then the key stays inside', async () => {
    const key = rawDocumentKey({ tenantId: 't', courseId: 'c', documentId: 'd', fileName: '../../../etc/passwd' });
    expect(key).toBe('raw/t/c/d/passwd');
    await expect(storageAt(Date.now).put('raw/../../x', new Uint8Array([1]))).rejects.toThrow(/Unsafe storage key/);
  });

  it('when a signed URL is made, then its token verifies until it expires, and a tampered or foreign token is refused', async () => {
    let now = 1_700_000_000_000;
    const storage = storageAt(() => now);
    const url = await storage.signedUrl('raw/t/c/d/file.pdf', { expiresInSeconds: 60 });
    expect(url.startsWith('http://localhost:3000/v1/files/')).toBe(true);
    const token = url.split('/').pop() as string;
    expect(storage.verifyToken(token).key).toBe('raw/t/c/d/file.pdf');

    const tampered = token.replace(/^[^.]+/, Buffer.from('raw/t/c/d/other.pdf').toString('base64url'));
    expect((await errorOf(() => storage.verifyToken(tampered)) as { code?: string }).code).toBe('FORBIDDEN');
    expect((await errorOf(() => storageAt(() => now, 'z'.repeat(32)).verifyToken(token)) as { code?: string }).code).toBe('FORBIDDEN');

    now += 61_000;
    const expired = await errorOf(() => storage.verifyToken(token));
    expect((expired as { code?: string; message?: string }).message).toMatch(/expired/);
  });
});
