import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

const COLUMNS = ['id', 'tenant_id', 'name', 'prefix', 'scopes', 'course_id', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;

export async function insertApiKey(db: Db, row: { tenantId: string; name: string; prefix: string; keyHash: string; scopes: string[]; courseId: string | null; createdBy: string }) {
  return db.insertInto('api_keys').values({
    tenant_id: row.tenantId, name: row.name, prefix: row.prefix, key_hash: row.keyHash, scopes: row.scopes,
    course_id: row.courseId, created_by: row.createdBy,
  }).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function listApiKeys(db: Db, tenantId: string) {
  return db.selectFrom('api_keys').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
}

export async function findApiKey(db: Db, tenantId: string, id: string) {
  return db.selectFrom('api_keys').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The key with this prefix, with its hash (authentication only). */
export async function findApiKeyByPrefix(db: Db, prefix: string) {
  return db.selectFrom('api_keys').select([...COLUMNS, 'key_hash']).where('prefix', '=', prefix).executeTakeFirst();
}

export async function markApiKeyRevoked(db: Db, id: string) {
  await db.updateTable('api_keys').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touchApiKey(db: Db, id: string) {
  await db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('id', '=', id).execute();
}
