import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

const PROVIDER_COLUMNS = ['sso_connections.tenant_id', 'tenants.name as tenant_name', 'tenants.slug as tenant_slug', 'sso_connections.display_name'] as const;

/** The enabled OIDC connection that owns this email domain, with its tenant's name and slug. */
export async function findOidcConnectionByDomain(db: Db, domain: string) {
  return db.selectFrom('sso_domains')
    .innerJoin('sso_connections', 'sso_connections.tenant_id', 'sso_domains.tenant_id')
    .innerJoin('tenants', 'tenants.id', 'sso_domains.tenant_id')
    .select(PROVIDER_COLUMNS)
    .where('sso_domains.domain', '=', domain.toLowerCase())
    .where('sso_connections.type', '=', 'oidc').where('sso_connections.enabled', '=', true)
    .executeTakeFirst();
}

/** The enabled OIDC connection of the tenant with this slug, with its tenant's name. */
export async function findOidcConnectionBySlug(db: Db, slug: string) {
  return db.selectFrom('sso_connections')
    .innerJoin('tenants', 'tenants.id', 'sso_connections.tenant_id')
    .select(PROVIDER_COLUMNS)
    .where('tenants.slug', '=', slug.toLowerCase())
    .where('sso_connections.type', '=', 'oidc').where('sso_connections.enabled', '=', true)
    .executeTakeFirst();
}

/** Whether any tenant has OIDC sign-in enabled (the login page then offers the email field). */
export async function hasEnabledOidcConnection(db: Db): Promise<boolean> {
  const row = await db.selectFrom('sso_connections').select('id').where('type', '=', 'oidc').where('enabled', '=', true).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** A tenant's SSO connection with its sealed client secret (sign-in only; never presented). */
export async function findOidcConnection(db: Db, tenantId: string) {
  return db.selectFrom('sso_connections').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function saveClientSecret(db: Db, tenantId: string, sealed: string | null) {
  await db.updateTable('sso_connections').set({ client_secret_sealed: sealed, updated_at: sql`now()` }).where('tenant_id', '=', tenantId).execute();
}

export async function insertOidcLogin(db: Db, row: { state: string; tenantId: string; codeVerifier: string; nonce: string; inviteTokenSealed: string | null; expiresAt: Date }) {
  await db.deleteFrom('oidc_logins').where('expires_at', '<', new Date()).execute();
  await db.insertInto('oidc_logins').values({
    state: row.state, tenant_id: row.tenantId, code_verifier: row.codeVerifier, nonce: row.nonce,
    invite_token_sealed: row.inviteTokenSealed, expires_at: row.expiresAt,
  }).execute();
}

/** Takes the sign-in in flight for `state` (deleting it, so a state works once) if it has not expired. */
export async function takeOidcLogin(db: Db, state: string) {
  return db.deleteFrom('oidc_logins').where('state', '=', state).where('expires_at', '>', new Date())
    .returningAll().executeTakeFirst();
}

export async function findUserIdentity(db: Db, issuer: string, subject: string) {
  return db.selectFrom('user_identities').select(['id', 'user_id', 'tenant_id']).where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
}

export async function linkUserIdentity(db: Db, row: { issuer: string; subject: string; userId: string; tenantId: string }) {
  await db.insertInto('user_identities').values({ issuer: row.issuer, subject: row.subject, user_id: row.userId, tenant_id: row.tenantId })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ last_login_at: sql`now()` })).execute();
}
