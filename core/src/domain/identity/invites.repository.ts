import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';
import type { Role } from '../../db/schema.js';

const COLUMNS = ['id', 'tenant_id', 'email', 'role', 'status', 'course_id', 'expires_at', 'created_at', 'accepted_at', 'sent_count', 'invited_by', 'token_sealed'] as const;

export async function insertInvite(db: Db, input: { tenantId: string; email: string; role: Role; courseId: string | null; tokenHash: string; expiresAt: Date; invitedBy: string; tokenSealed?: string | null }) {
  return db.insertInto('invites').values({
    tenant_id: input.tenantId, email: input.email.toLowerCase(), role: input.role, course_id: input.courseId,
    token_hash: input.tokenHash, expires_at: input.expiresAt, invited_by: input.invitedBy, token_sealed: input.tokenSealed ?? null,
  }).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function listInvites(db: Db, tenantId: string) {
  return db.selectFrom('invites').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
}

export async function findInvite(db: Db, tenantId: string, inviteId: string) {
  return db.selectFrom('invites').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', inviteId).executeTakeFirst();
}

export async function findInviteByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('invites').select(COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Rotates the token (only its hash is kept, so a resend must issue a new link) and extends the expiry. */
export async function rotateInvite(db: Db, inviteId: string, tokenHash: string, expiresAt: Date, tokenSealed: string | null = null) {
  return db.updateTable('invites').set({
    token_hash: tokenHash, token_sealed: tokenSealed, expires_at: expiresAt, sent_count: sql`sent_count + 1`, last_sent_at: sql`now()`,
  }).where('id', '=', inviteId).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function setInviteStatus(db: Db, inviteId: string, status: 'accepted' | 'revoked', acceptedBy?: string) {
  // A used or withdrawn invite's link is never shown again: its sealed token goes.
  await db.updateTable('invites').set({
    status, token_sealed: null, ...(status === 'accepted' ? { accepted_by: acceptedBy ?? null, accepted_at: new Date() } : {}),
  }).where('id', '=', inviteId).execute();
}
