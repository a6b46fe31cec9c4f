/**
 * Where uploaded course files live: a local folder by default, any S3-compatible store in production.
 * Keys are `raw/{tenant}/{course}/{document}/{file}`; files are only ever handed out through short-lived
 * signed URLs, never public ones.
 *
 * @example
 * await storage.put(rawDocumentKey(ids), bytes, { contentType: 'application/pdf' });
 * const url = await storage.signedUrl(key, { expiresInSeconds: 300 });
 */
export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** Throws AppError NOT_FOUND when the key does not exist. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing a missing object is not an error (deletes are retried). */
  delete(key: string): Promise<void>;
  /** A URL that grants read access to this one object until it expires. */
  signedUrl(key: string, options?: { expiresInSeconds?: number; fileName?: string }): Promise<string>;
}

/** Identifies one stored upload. */
export interface RawDocumentKeyParts { tenantId: string; courseId: string; documentId: string; fileName: string }

/** Default lifetime of a signed URL: long enough to open a file, short enough that a leaked link dies soon. */
export const SIGNED_URL_DEFAULT_SECONDS = 300;

/**
 * File names come from users: keep letters, digits, dot, dash and underscore so a key can never climb
 * out of its folder (`../`) or carry control characters.
 */
export function safeFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKD').replace(/[^\w.-]+/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'file';
}

/**
 * The storage key of a document's original file.
 *
 * @example
 * rawDocumentKey({ tenantId: 't1', courseId: 'c1', documentId: 'd1', fileName: 'Week 1.pdf' }); // → 'raw/t1/c1/d1/Week_1.pdf'
 */
export function rawDocumentKey(parts: RawDocumentKeyParts): string {
  return `raw/${parts.tenantId}/${parts.courseId}/${parts.documentId}/${safeFileName(parts.fileName)}`;
}

/** Rejects keys that could escape the storage root or are not ours. */
export function assertSafeKey(key: string): void {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}
