import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

export async function findSso(db: Db, tenantId: string) {
  const connection = await db.selectFrom('sso_connections').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  const domains = await db.selectFrom('sso_domains').select('domain').where('tenant_id', '=', tenantId).orderBy('domain').execute();
  return { connection, domains: domains.map((d) => d.domain) };
}

/** Domains already claimed by another tenant. */
export async function domainsOwnedElsewhere(db: Db, tenantId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db.selectFrom('sso_domains').select('domain')
    .where('domain', 'in', domains).where('tenant_id', '!=', tenantId).execute();
  return rows.map((r) => r.domain);
}

export async function saveSso(db: Db, tenantId: string, settings: { type: 'oidc' | 'saml'; issuer: string | null; metadataUrl: string | null; clientId: string | null; displayName: string | null; enabled: boolean; domains: string[] }) {
  await db.insertInto('sso_connections').values({
    tenant_id: tenantId, type: settings.type, issuer: settings.issuer, metadata_url: settings.metadataUrl,
    client_id: settings.clientId, display_name: settings.displayName, enabled: settings.enabled,
  }).onConflict((oc) => oc.column('tenant_id').doUpdateSet({
    type: settings.type, issuer: settings.issuer, metadata_url: settings.metadataUrl, client_id: settings.clientId,
    display_name: settings.displayName, enabled: settings.enabled, updated_at: sql`now()`,
  })).execute();
  await db.deleteFrom('sso_domains').where('tenant_id', '=', tenantId).execute();
  if (settings.domains.length > 0) {
    await db.insertInto('sso_domains').values(settings.domains.map((domain) => ({ domain, tenant_id: tenantId }))).execute();
  }
}
