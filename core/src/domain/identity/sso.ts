import { type Db, withTransaction } from '../../db/db-types.js';
import { domainsOwnedElsewhere, findSso, saveSso } from './sso.repository.js';
import { saveClientSecret } from './oidc.repository.js';
import { AppError } from '../../errors/app-error.js';
import { type Actor, assertRole } from './actor.js';
import { audit } from './audit.js';
import { sealSecret } from './sealed.js';

export interface SsoInput {
  type: 'oidc' | 'saml';
  issuer?: string | null | undefined;
  metadataUrl?: string | null | undefined;
  clientId?: string | null | undefined;
  /** What the login page's button says: "Sign in with <displayName>"; unset uses the organisation's name. */
  displayName?: string | null | undefined;
  /** Write-only: sealed at rest, never returned. Omitted or empty keeps the stored one. */
  clientSecret?: string | null | undefined;
  domains: string[];
  enabled: boolean;
}

/** The tenant's SSO configuration; the OIDC client secret is only reported as present or not. */
export async function getSso(db: Db, actor: Actor) {
  assertRole(actor, 'admin');
  const { connection, domains } = await findSso(db, actor.tenantId);
  return {
    configured: Boolean(connection), type: connection?.type ?? 'oidc', issuer: connection?.issuer ?? null,
    metadataUrl: connection?.metadata_url ?? null, clientId: connection?.client_id ?? null, displayName: connection?.display_name ?? null, domains,
    enabled: connection?.enabled ?? false, updatedAt: connection?.updated_at ?? null, hasClientSecret: Boolean(connection?.client_secret_sealed),
  };
}

/**
 * Saves SSO settings. OIDC needs an issuer and client id, SAML a metadata URL; an email domain can belong
 * to one tenant only (CONFLICT otherwise). An enabled OIDC provider needs a client secret, sealed with `sealKey`.
 */
export async function putSso(db: Db, actor: Actor, input: SsoInput, sealKey?: string) {
  assertRole(actor, 'admin');
  const newSecret = input.clientSecret ? input.clientSecret : undefined;
  const hasSecret = Boolean(newSecret) || Boolean((await findSso(db, actor.tenantId)).connection?.client_secret_sealed);
  const domains = [...new Set(input.domains.map((d) => d.toLowerCase()))];
  const problems: Record<string, string> = {};
  if (input.type === 'oidc' && !input.issuer) problems.issuer = 'required for OIDC';
  if (input.type === 'oidc' && !input.clientId) problems.client_id = 'required for OIDC';
  if (input.type === 'saml' && !input.metadataUrl) problems.metadata_url = 'required for SAML';
  if (input.type === 'oidc' && input.enabled && !hasSecret) problems.client_secret = 'required to enable OIDC sign-in';
  if (newSecret && !sealKey) throw new AppError('INTERNAL', 'No key to seal the client secret with');
  if (input.enabled && domains.length === 0) problems.domains = 'at least one email domain is needed to enable SSO';
  if (Object.keys(problems).length > 0) throw new AppError('INVALID_ARGUMENT', 'SSO settings are incomplete', { fields: problems });
  await withTransaction(db, async (trx) => {
    const taken = await domainsOwnedElsewhere(trx, actor.tenantId, domains);
    if (taken.length > 0) throw new AppError('CONFLICT', `Domain already used by another organisation: ${taken.join(', ')}`, { domains: taken });
    await saveSso(trx, actor.tenantId, {
      type: input.type, issuer: input.issuer ?? null, metadataUrl: input.metadataUrl ?? null, clientId: input.clientId ?? null,
      displayName: input.displayName?.trim() || null, enabled: input.enabled, domains,
    });
    if (newSecret && sealKey) await saveClientSecret(trx, actor.tenantId, sealSecret(newSecret, sealKey));
    await audit(trx, actor, 'sso.updated', 'sso', actor.tenantId, { type: input.type, enabled: input.enabled, domains, client_secret_changed: Boolean(newSecret) });
  });
  return getSso(db, actor);
}
