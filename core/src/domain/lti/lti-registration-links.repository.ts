import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

/** One dynamic-registration link as the console lists it. */
export interface RegistrationLink {
  id: string; tenantId: string; createdBy: string | null; createdAt: Date; expiresAt: Date;
  usedAt: Date | null; revokedAt: Date | null; registrationId: string | null;
}

const toLink = (row: {
  id: string; tenant_id: string; created_by: string | null; created_at: Date | string; expires_at: Date | string;
  used_at: Date | string | null; revoked_at: Date | string | null; registration_id: string | null;
}): RegistrationLink => ({
  id: row.id, tenantId: row.tenant_id, createdBy: row.created_by, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at),
  usedAt: row.used_at ? new Date(row.used_at) : null, revokedAt: row.revoked_at ? new Date(row.revoked_at) : null, registrationId: row.registration_id,
});

/** Stores a new link row; the signed token carries its id. */
export async function insertRegistrationLink(db: Db, tenantId: string, createdBy: string, expiresAt: Date): Promise<RegistrationLink> {
  const row = await db.insertInto('lti_registration_links').values({ tenant_id: tenantId, created_by: createdBy, expires_at: expiresAt })
    .returningAll().executeTakeFirstOrThrow();
  return toLink(row);
}

/** The tenant's links, newest first (the last 100). */
export async function listRegistrationLinks(db: Db, tenantId: string): Promise<RegistrationLink[]> {
  const rows = await db.selectFrom('lti_registration_links').selectAll().where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc').limit(100).execute();
  return rows.map(toLink);
}

/** Revokes an unused link; false when there is no such link in the tenant. */
export async function revokeRegistrationLinkRow(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db.updateTable('lti_registration_links').set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('tenant_id', '=', tenantId).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes a link for one registration attempt, atomically: only an unused, unrevoked, unexpired link of
 * the tenant is taken, so two LMSs racing with the same link cannot both register.
 */
export async function claimRegistrationLinkRow(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db.updateTable('lti_registration_links').set({ used_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId).where('id', '=', id)
    .where('used_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Records which registration a used link produced. */
export async function noteRegistrationLinkResult(db: Db, id: string, registrationId: string): Promise<void> {
  await db.updateTable('lti_registration_links').set({ registration_id: registrationId }).where('id', '=', id).execute();
}
