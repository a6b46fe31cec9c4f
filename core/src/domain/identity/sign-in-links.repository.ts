import type { Db } from '../../db/db-types.js';

/** Stores a link by the hash of its token. */
export async function insertSignInLink(db: Db, row: { userId: string; tenantId: string | null; tokenHash: string; expiresAt: Date }) {
  return db.insertInto('sign_in_links')
    .values({ user_id: row.userId, tenant_id: row.tenantId, token_hash: row.tokenHash, expires_at: row.expiresAt })
    .returning(['id', 'expires_at']).executeTakeFirstOrThrow();
}

/** Marks a live link used and returns it; `undefined` when it is unknown, used or expired (one statement, so a link works once). */
export async function consumeSignInLink(db: Db, tokenHash: string, now: Date) {
  return db.updateTable('sign_in_links').set({ used_at: now })
    .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now)
    .returning(['user_id', 'tenant_id']).executeTakeFirst();
}
