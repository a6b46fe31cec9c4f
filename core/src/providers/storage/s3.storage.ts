import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '../../errors/app-error.js';
import { type ObjectStorage, SIGNED_URL_DEFAULT_SECONDS, assertSafeKey, safeFileName } from './storage.port.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, R2, …); absent for AWS. */
  endpoint?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** @defaultValue true (most S3-compatible stores need path-style addressing) */
  forcePathStyle?: boolean;
  /** Inject a client in tests. */
  client?: S3Client;
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Object storage on any S3-compatible store. Objects are private; reads go through presigned GET URLs
 * that expire in minutes.
 *
 * @example
 * const storage = new S3Storage({ bucket: 'tutorgraph', region: 'us-east-1', endpoint: 'http://minio:9000' });
 */
export class S3Storage implements ObjectStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle ?? true };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.accessKeyId && options.secretAccessKey) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = options.client ?? new S3Client(config);
  }

  async put(key: string, bytes: Uint8Array, options: { contentType?: string } = {}): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new PutObjectCommand({
      Bucket: this.options.bucket, Key: key, Body: bytes, ContentType: options.contentType ?? 'application/octet-stream',
    }));
  }

  async get(key: string): Promise<Uint8Array> {
    assertSafeKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!response.Body) throw new AppError('NOT_FOUND', 'Stored file not found', { key });
      return await response.Body.transformToByteArray();
    } catch (error) {
      if (isMissing(error)) throw new AppError('NOT_FOUND', 'Stored file not found', { key }, { cause: error });
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async signedUrl(key: string, options: { expiresInSeconds?: number; fileName?: string } = {}): Promise<string> {
    assertSafeKey(key);
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ...(options.fileName ? { ResponseContentDisposition: `attachment; filename="${safeFileName(options.fileName)}"` } : {}),
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds ?? SIGNED_URL_DEFAULT_SECONDS });
  }
}
