import { generateKeyPair as generateKeyPairCb, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { importPKCS8, importSPKI, exportJWK, type CryptoKey, type JWK } from 'jose';
import type { KyselyLtijsPlugin } from './ltijs-kysely.plugin.js';

const generateKeyPair = promisify(generateKeyPairCb);

/** The tool's signing key (client assertions, deep-linking responses), published at `/lti/keys`. */
export interface ToolKey { kid: string; privateKey: CryptoKey; publicJwk: JWK }

// Stored in ltijs's publickey/privatekey collections so ltijs's keyset route serves it. One key for the
// tool rather than ltijs's one 4096-bit key per platform, generated synchronously (~4.5 s of blocked
// event loop each): see docs/decisions/0020-ltijs-pin-and-plugin.md.
const OWNER = { platformUrl: 'tutorgraph-tool', clientId: 'tutorgraph-tool' } as const;
const cache = new WeakMap<KyselyLtijsPlugin, Map<string, Promise<ToolKey>>>();

async function loadOrCreate(plugin: KyselyLtijsPlugin, encryptionKey: string): Promise<ToolKey> {
  const existing = await plugin.Get(encryptionKey, 'privatekey', OWNER);
  let kid: string;
  let privatePem: string;
  let publicPem: string;
  if (existing && existing[0]) {
    kid = String(existing[0].kid);
    privatePem = String(existing[0].key);
    const pub = await plugin.Get(encryptionKey, 'publickey', { kid });
    if (!pub || !pub[0]) throw new Error(`Tool public key ${kid} is missing from the key store`);
    publicPem = String(pub[0].key);
  } else {
    // 2048-bit RSA generated off the event loop (~0.1–0.5 s): ample for RS256 and what LMSs expect.
    const pair = await generateKeyPair('rsa', {
      modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    kid = `tg-${randomUUID()}`;
    privatePem = pair.privateKey;
    publicPem = pair.publicKey;
    await plugin.Replace(encryptionKey, 'publickey', OWNER, { key: publicPem, kid }, { kid, ...OWNER });
    await plugin.Replace(encryptionKey, 'privatekey', OWNER, { key: privatePem, kid }, { kid, ...OWNER });
  }
  const publicJwk = { ...(await exportJWK(await importSPKI(publicPem, 'RS256', { extractable: true }))), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey: await importPKCS8(privatePem, 'RS256'), publicJwk };
}

/**
 * The tool's key pair: loaded from the key store, or generated once and stored (encrypted) there.
 *
 * @example
 * const key = await ensureToolKey(plugin, encryptionKey);
 */
export function ensureToolKey(plugin: KyselyLtijsPlugin, encryptionKey: string, scope: string): Promise<ToolKey> {
  let perPlugin = cache.get(plugin);
  if (!perPlugin) cache.set(plugin, (perPlugin = new Map()));
  let key = perPlugin.get(scope);
  if (!key) {
    key = loadOrCreate(plugin, encryptionKey);
    key.catch(() => perPlugin.delete(scope));
    perPlugin.set(scope, key);
  }
  return key;
}
