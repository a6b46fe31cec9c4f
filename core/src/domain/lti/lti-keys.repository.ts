import { createCipheriv, createDecipheriv, createHash, generateKeyPair as generateKeyPairCb, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { type CryptoKey, type JWK, exportJWK, importPKCS8, importSPKI } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { deleteLtijsDocuments, findLtijsDocuments, replaceLtijsDocument } from './lti-documents.repository.js';

const generateKeyPair = promisify(generateKeyPairCb);
const keyFrom = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Seals text with AES-256-GCM under a key derived from LTI_KEY (the format of encrypted ltijs documents).
 *
 * @example
 * const sealed = sealText(pem, config.ltiKey); // { iv, tag, data }
 */
export function sealText(plain: string, secret: string): { iv: string; tag: string; data: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('hex'), tag: cipher.getAuthTag().toString('hex'), data: data.toString('hex') };
}

/**
 * Opens what `sealText` sealed; throws when the key is wrong or the data was altered.
 *
 * @example
 * const pem = openText(doc, config.ltiKey);
 */
export function openText(doc: Record<string, unknown>, secret: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(String(doc.iv), 'hex'));
  decipher.setAuthTag(Buffer.from(String(doc.tag), 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(String(doc.data), 'hex')), decipher.final()]).toString('utf8');
}

/** The tool's signing key (client assertions, deep-linking responses), published at `/lti/keys`. */
export interface ToolKey { kid: string; privateKey: CryptoKey; publicJwk: JWK }

// Kept in ltijs's publickey/privatekey collections so ltijs's keyset route serves it. One key for the tool,
// not ltijs's 4096-bit key per platform generated synchronously (see docs/decisions/0020-ltijs-pin-and-plugin.md).
const OWNER = { platformUrl: 'tutorgraph-tool', clientId: 'tutorgraph-tool' } as const;

async function readSealed(db: Kysely<Database>, collection: string, query: Record<string, unknown>, secret: string) {
  const [row] = await findLtijsDocuments(db, collection, query, undefined);
  return row ? (JSON.parse(openText(row.doc, secret)) as { key: string; kid: string }) : undefined;
}

async function toToolKey(kid: string, privatePem: string, publicPem: string): Promise<ToolKey> {
  const publicJwk = { ...(await exportJWK(await importSPKI(publicPem, 'RS256', { extractable: true }))), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey: await importPKCS8(privatePem, 'RS256'), publicJwk };
}

/**
 * Loads the tool key, or generates it (2048-bit RSA, off the event loop) and stores it sealed. Safe to call
 * from the server and the worker; the first one to run creates it.
 *
 * @example
 * const key = await ensureToolKey(db, config.ltiKey);
 */
export async function ensureToolKey(db: Kysely<Database>, secret: string): Promise<ToolKey> {
  const existing = await readSealed(db, 'privatekey', OWNER, secret);
  if (existing) {
    const pub = await readSealed(db, 'publickey', { kid: existing.kid }, secret);
    if (!pub) throw new Error(`Tool public key ${existing.kid} is missing from the key store`);
    return toToolKey(existing.kid, existing.key, pub.key);
  }
  const pair = await generateKeyPair('rsa', {
    modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const kid = `tg-${randomUUID()}`;
  const index = { kid, ...OWNER };
  await replaceLtijsDocument(db, 'publickey', OWNER, JSON.stringify([kid]), { ...index, ...sealText(JSON.stringify({ key: pair.publicKey, kid }), secret) });
  await replaceLtijsDocument(db, 'privatekey', OWNER, JSON.stringify([kid]), { ...index, ...sealText(JSON.stringify({ key: pair.privateKey, kid }), secret) });
  return toToolKey(kid, pair.privateKey, pair.publicKey);
}

/** A cached platform access token; `renewAt` (ms) is when it is renewed ahead of `expiresAt` (absent on older rows: a minute before). */
export interface CachedAccessToken { accessToken: string; expiresAt: number; renewAt?: number }

/**
 * A cached access token for (issuer, client id, scopes) that is not yet due for renewal.
 *
 * @example
 * const cached = await findCachedAccessToken(db, secret, issuer, clientId, scopes);
 */
export async function findCachedAccessToken(
  db: Kysely<Database>, secret: string, issuer: string, clientId: string, scopes: string,
): Promise<CachedAccessToken | undefined> {
  const [row] = await findLtijsDocuments(db, 'accesstoken', { platformUrl: issuer, clientId, scopes }, 3600);
  if (!row) return undefined;
  const token = JSON.parse(openText(row.doc, secret)) as CachedAccessToken;
  return (token.renewAt ?? token.expiresAt - 60_000) > Date.now() ? token : undefined;
}

/**
 * Stores (sealed) an access token until its expiry.
 *
 * @example
 * await cacheAccessToken(db, secret, issuer, clientId, scopes, { accessToken, expiresAt });
 */
export async function cacheAccessToken(
  db: Kysely<Database>, secret: string, issuer: string, clientId: string, scopes: string, token: CachedAccessToken,
): Promise<void> {
  const index = { platformUrl: issuer, clientId, scopes };
  await replaceLtijsDocument(db, 'accesstoken', index, JSON.stringify([issuer, clientId, scopes]), { ...index, ...sealText(JSON.stringify(token), secret) });
}

/**
 * Forgets a cached access token (the platform rejected it before its expiry, e.g. revoked).
 *
 * @example
 * await dropCachedAccessToken(db, issuer, clientId, scopes);
 */
export async function dropCachedAccessToken(db: Kysely<Database>, issuer: string, clientId: string, scopes: string): Promise<void> {
  await deleteLtijsDocuments(db, 'accesstoken', { platformUrl: issuer, clientId, scopes });
}
