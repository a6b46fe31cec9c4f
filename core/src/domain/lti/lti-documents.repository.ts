import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A stored ltijs document with its creation time (ltijs expiry is by creation time). */
export interface LtijsDocument { doc: Record<string, unknown>; createdAt: Date }

/** Equality on top-level fields, as ltijs queries MongoDB; `undefined` fields are ignored. */
export type DocumentQuery = Record<string, unknown> | undefined;

const containment = (query: DocumentQuery) => JSON.stringify(query ?? {});

/**
 * Documents of one collection matching `query`, oldest first, skipping those older than `maxAgeSeconds`.
 *
 * @example
 * const rows = await findLtijsDocuments(db, 'platform', { platformUrl: iss, clientId }, undefined);
 */
export async function findLtijsDocuments(
  db: Kysely<Database>, collection: string, query: DocumentQuery, maxAgeSeconds: number | undefined,
): Promise<LtijsDocument[]> {
  let select = db.selectFrom('ltijs_documents').select(['doc', 'created_at'])
    .where('collection', '=', collection)
    .where(sql<boolean>`doc @> ${containment(query)}::jsonb`);
  if (maxAgeSeconds !== undefined) {
    select = select.where('created_at', '>', sql<Date>`now() - make_interval(secs => ${maxAgeSeconds})`);
  }
  const rows = await select.orderBy('id').execute();
  return rows.map((row) => ({ doc: row.doc, createdAt: row.created_at }));
}

/**
 * Inserts a document; a clash on the collection's unique key is a CONFLICT-like database error, as in ltijs.
 *
 * @example
 * await insertLtijsDocument(db, 'nonce', null, { nonce });
 */
export async function insertLtijsDocument(
  db: Kysely<Database>, collection: string, uniqueKey: string | null, doc: Record<string, unknown>,
): Promise<void> {
  await db.insertInto('ltijs_documents')
    .values({ collection, unique_key: uniqueKey, doc: JSON.stringify(doc) })
    .execute();
}

/**
 * MongoDB `replaceOne(query, doc, { upsert: true })`: replaces the first match (resetting its creation
 * time) or inserts; a document with the same unique key is replaced too, so the upsert never duplicates.
 *
 * @example
 * await replaceLtijsDocument(db, 'idtoken', { iss, clientId, deploymentId, user }, null, token);
 */
export async function replaceLtijsDocument(
  db: Kysely<Database>, collection: string, query: DocumentQuery, uniqueKey: string | null, doc: Record<string, unknown>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const match = await trx.selectFrom('ltijs_documents').select('id')
      .where('collection', '=', collection)
      .where(sql<boolean>`doc @> ${containment(query)}::jsonb`)
      .orderBy('id').limit(1).forUpdate().executeTakeFirst();
    if (match) {
      if (uniqueKey !== null) {
        await trx.deleteFrom('ltijs_documents')
          .where('collection', '=', collection).where('unique_key', '=', uniqueKey).where('id', '<>', match.id).execute();
      }
      await trx.updateTable('ltijs_documents')
        .set({ doc: JSON.stringify(doc), unique_key: uniqueKey, created_at: sql<Date>`now()` })
        .where('id', '=', match.id).execute();
      return;
    }
    const insert = trx.insertInto('ltijs_documents').values({ collection, unique_key: uniqueKey, doc: JSON.stringify(doc) });
    if (uniqueKey === null) await insert.execute();
    else {
      await insert.onConflict((oc) => oc.columns(['collection', 'unique_key']).where('unique_key', 'is not', null)
        .doUpdateSet({ doc: JSON.stringify(doc), created_at: sql<Date>`now()` })).execute();
    }
  });
}

/**
 * MongoDB `updateOne(query, fields)`: merges `fields` into the first matching document.
 *
 * @example
 * await modifyLtijsDocument(db, 'platformStatus', { id }, { active: true });
 */
export async function modifyLtijsDocument(
  db: Kysely<Database>, collection: string, query: DocumentQuery, fields: Record<string, unknown>,
): Promise<void> {
  await sql`update ltijs_documents set doc = doc || ${JSON.stringify(fields)}::jsonb
    where id = (select id from ltijs_documents where collection = ${collection}
                and doc @> ${containment(query)}::jsonb order by id limit 1)`.execute(db);
}

/**
 * Deletes every matching document.
 *
 * @example
 * await deleteLtijsDocuments(db, 'state', { state });
 */
export async function deleteLtijsDocuments(db: Kysely<Database>, collection: string, query: DocumentQuery): Promise<void> {
  await db.deleteFrom('ltijs_documents')
    .where('collection', '=', collection)
    .where(sql<boolean>`doc @> ${containment(query)}::jsonb`)
    .execute();
}

/**
 * Removes documents past their collection's lifetime (what MongoDB's TTL indexes did for ltijs).
 *
 * @example
 * await purgeExpiredLtijsDocuments(db, { nonce: 10, state: 600 });
 */
export async function purgeExpiredLtijsDocuments(db: Kysely<Database>, lifetimes: Record<string, number>): Promise<number> {
  let removed = 0;
  for (const [collection, seconds] of Object.entries(lifetimes)) {
    const result = await db.deleteFrom('ltijs_documents')
      .where('collection', '=', collection)
      .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${seconds})`)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}
