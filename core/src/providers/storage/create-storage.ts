import { createHmac } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { LocalStorage } from './local.storage.js';
import { S3Storage } from './s3.storage.js';
import type { ObjectStorage } from './storage.port.js';

/**
 * The storage adapter chosen by configuration. Local signed URLs use a key derived from the first app
 * token key (a separate purpose label, so a file link can never double as an app token).
 *
 * @example
 * const storage = createStorage(loadConfig());
 */
export function createStorage(config: Config): ObjectStorage {
  if (config.storage.kind === 's3') {
    const s3 = config.storage;
    return new S3Storage({
      bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: s3.forcePathStyle,
    });
  }
  const secret = config.appTokenKeys[0]?.secret;
  if (!secret) throw new Error('createStorage: no app token key to derive the file-link key from');
  const signingKey = new Uint8Array(createHmac('sha256', secret).update('tutorgraph:local-storage-url:v1').digest());
  return new LocalStorage({ root: config.storage.root, signingKey, urlBase: () => `${config.publicUrl}/v1/files` });
}
