import type { Kysely } from 'kysely';
import {
  type Database, type DocumentQuery, deleteLtijsDocuments, findLtijsDocuments, insertLtijsDocument, modifyLtijsDocument,
  openText, purgeExpiredLtijsDocuments, replaceLtijsDocument, sealText,
} from '@tutorgraph/core';

/** Lifetimes ltijs gives its collections through MongoDB TTL indexes (seconds). */
export const LTIJS_LIFETIMES = { idtoken: 86_400, contexttoken: 86_400, accesstoken: 3600, nonce: 10, state: 600 } as const;

/** The fields of each collection's unique index in ltijs's MongoDB schema. */
const UNIQUE_FIELDS: Record<string, readonly string[]> = {
  platform: ['platformUrl', 'clientId'],
  platformStatus: ['id'],
  publickey: ['kid'],
  privatekey: ['kid'],
  accesstoken: ['platformUrl', 'clientId', 'scopes'],
  state: ['state'],
};

function uniqueKeyOf(collection: string, doc: Record<string, unknown>): string | null {
  const fields = UNIQUE_FIELDS[collection];
  if (!fields) return null;
  return JSON.stringify(fields.map((field) => doc[field] ?? null));
}

/** Mongo drops `undefined` fields from a query; so do we. */
function clean(query: DocumentQuery): DocumentQuery {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

/**
 * The ltijs database plugin, backed by kysely (PGlite or Postgres) instead of MongoDB. It implements the
 * interface ltijs calls (`setup`, `Close`, `Get`, `Insert`, `Replace`, `Modify`, `Delete`). Collections
 * ltijs asks to encrypt (keys, access tokens) are sealed with AES-256-GCM under a key derived from LTI_KEY.
 * The database can be swapped (`useDatabase`) because ltijs is a per-process singleton while tests
 * each have their own database.
 *
 * @example
 * const plugin = new KyselyLtijsPlugin(db);
 * lti.setup(config.ltiKey, { plugin }, { ... });
 */
export class KyselyLtijsPlugin {
  #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Points the plugin at another database (tests; one ltijs per process). */
  useDatabase(db: Kysely<Database>): void {
    this.#db = db;
  }

  async setup(): Promise<boolean> {
    return true;
  }

  async Close(): Promise<boolean> {
    return true;
  }

  async Get(encryptionKey: string | false, collection: string, query?: Record<string, unknown>): Promise<Record<string, unknown>[] | false> {
    const lifetime = (LTIJS_LIFETIMES as Record<string, number>)[collection];
    const rows = await findLtijsDocuments(this.#db, collection, clean(query), lifetime);
    if (rows.length === 0) return false;
    return rows.map(({ doc, createdAt }) => {
      if (encryptionKey && typeof doc.data === 'string') {
        return { ...(JSON.parse(openText(doc, encryptionKey)) as Record<string, unknown>), createdAt: createdAt.getTime() };
      }
      return { ...doc, createdAt };
    });
  }

  async Insert(encryptionKey: string | false, collection: string, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const doc = encryptionKey ? { ...index, ...sealText(JSON.stringify(item), encryptionKey) } : item;
    await insertLtijsDocument(this.#db, collection, uniqueKeyOf(collection, doc), doc);
    return true;
  }

  async Replace(
    encryptionKey: string | false, collection: string, query: Record<string, unknown>, item: Record<string, unknown>, index?: Record<string, unknown>,
  ): Promise<boolean> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const doc = encryptionKey ? { ...index, ...sealText(JSON.stringify(item), encryptionKey) } : item;
    await replaceLtijsDocument(this.#db, collection, clean(query), uniqueKeyOf(collection, doc), doc);
    return true;
  }

  async Modify(encryptionKey: string | false, collection: string, query: Record<string, unknown>, modification: Record<string, unknown>): Promise<boolean> {
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    if (encryptionKey) {
      const current = await this.Get(encryptionKey, collection, query);
      if (!current || !current[0]) return true;
      const { createdAt: _createdAt, ...plain } = current[0];
      const index = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      await this.Replace(encryptionKey, collection, query, { ...plain, ...modification }, index);
      return true;
    }
    await modifyLtijsDocument(this.#db, collection, clean(query), modification);
    return true;
  }

  async Delete(collection: string, query: Record<string, unknown>): Promise<boolean> {
    if (!collection || !query) throw new Error('MISSING_PARAMS');
    await deleteLtijsDocuments(this.#db, collection, clean(query));
    return true;
  }

  /** Deletes expired documents; call it from a periodic job (reads already ignore them). */
  async purgeExpired(): Promise<number> {
    return purgeExpiredLtijsDocuments(this.#db, LTIJS_LIFETIMES);
  }
}
