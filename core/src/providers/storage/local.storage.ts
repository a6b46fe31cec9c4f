import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../errors/app-error.js';
import { type ObjectStorage, SIGNED_URL_DEFAULT_SECONDS, assertSafeKey } from './storage.port.js';

export interface LocalStorageOptions {
  /** Folder that holds every object (config.storage.root). */
  root: string;
  /** Secret for signing URLs (HMAC-SHA256). Derive it from a config secret; never a default. */
  signingKey: Uint8Array;
  /** Base of signed URLs, e.g. `https://tool.example.org/v1/files` (a function when it is only known later). */
  urlBase: string | (() => string);
  now?: () => number;
}

/** Verified contents of a signed local URL. */
export interface SignedToken { key: string; expiresAt: number }

function sign(secret: Uint8Array, key: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${key}\n${expiresAt}`).digest('base64url');
}

/**
 * Object storage in a local folder (the embedded default). Writes go to a temporary file and are renamed
 * into place, so a crash never leaves half a file under a real key. Signed URLs carry the key, an expiry
 * and an HMAC; `verifyToken` checks them in the route that serves the file.
 *
 * @example
 * const storage = new LocalStorage({ root: config.storage.root, signingKey, urlBase: `${config.publicUrl}/v1/files` });
 */
export class LocalStorage implements ObjectStorage {
  readonly kind = 'local' as const;
  private readonly now: () => number;

  constructor(private readonly options: LocalStorageOptions) {
    if (options.signingKey.length < 16) throw new Error('LocalStorage: signingKey must be at least 16 bytes');
    this.now = options.now ?? Date.now;
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.options.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'Stored file not found', { key });
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async signedUrl(key: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
    assertSafeKey(key);
    const expiresAt = Math.floor(this.now() / 1000) + (options.expiresInSeconds ?? SIGNED_URL_DEFAULT_SECONDS);
    const token = `${Buffer.from(key).toString('base64url')}.${expiresAt}.${sign(this.options.signingKey, key, expiresAt)}`;
    const base = typeof this.options.urlBase === 'function' ? this.options.urlBase() : this.options.urlBase;
    return `${base.replace(/\/$/, '')}/${token}`;
  }

  /**
   * Checks a token from a signed URL. Returns the key, or throws FORBIDDEN when the signature is wrong
   * or the link has expired.
   */
  verifyToken(token: string): SignedToken {
    const [encodedKey, expiry, signature] = token.split('.');
    const expiresAt = Number(expiry);
    if (!encodedKey || !signature || !Number.isInteger(expiresAt)) throw new AppError('FORBIDDEN', 'Invalid file link');
    const key = Buffer.from(encodedKey, 'base64url').toString('utf8');
    const expected = Buffer.from(sign(this.options.signingKey, key, expiresAt));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('FORBIDDEN', 'Invalid file link');
    if (expiresAt * 1000 < this.now()) throw new AppError('FORBIDDEN', 'This file link has expired', { expired_at: new Date(expiresAt * 1000).toISOString() });
    assertSafeKey(key);
    return { key, expiresAt };
  }
}
