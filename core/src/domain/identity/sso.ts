import { type Db, withTransaction } from '../../db/db-types.js';
import { domainsOwnedElsewhere, findSso, saveSso } from '../../db/repositories/sso.repository.js';
import { AppError } from '../../errors/app-error.js';
import { type Actor, assertRole } from './actor.js';
import { audit } from './audit.js';

export interface SsoInput {
  type: 'oidc' | 'saml';
  issuer?: string | null | undefined;
  metadataUrl?: string | null | undefined;
  clientId?: string | null | undefined;
  domains: string[];
  enabled: boolean;
}

/** The tenant's SSO configuration (configuration only: sign-in through it is not built yet). */
export async function getSso(db: Db, actor: Actor) {
  assertRole(actor, 'admin');
  const { connection, domains } = await findSso(db, actor.tenantId);
  return {
    configured: Boolean(connection), type: connection?.type ?? 'oidc', issuer: connection?.issuer ?? null,
    metadataUrl: connection?.metadata_url ?? null, clientId: connection?.client_id ?? null, domains,
    enabled: connection?.enabled ?? false, updatedAt: connection?.updated_at ?? null,
  };
}

/**
 * Saves SSO settings. OIDC needs an issuer and client id, SAML a metadata URL; an email domain can belong
 * to one tenant only (CONFLICT otherwise).
 */
export async function putSso(db: Db, actor: Actor, input: SsoInput) {
  assertRole(actor, 'admin');
  const domains = [...new Set(input.domains.map((d) => d.toLowerCase()))];
  const problems: Record<string, string> = {};
  if (input.type === 'oidc' && !input.issuer) problems.issuer = 'required for OIDC';
  if (input.type === 'oidc' && !input.clientId) problems.client_id = 'required for OIDC';
  if (input.type === 'saml' && !input.metadataUrl) problems.metadata_url = 'required for SAML';
  if (input.enabled && domains.length === 0) problems.domains = 'at least one email domain is needed to enable SSO';
  if (Object.keys(problems).length > 0) throw new AppError('INVALID_ARGUMENT', 'SSO settings are incomplete', { fields: problems });
  await withTransaction(db, async (trx) => {
    const taken = await domainsOwnedElsewhere(trx, actor.tenantId, domains);
    if (taken.length > 0) throw new AppError('CONFLICT', `Domain already used by another organisation: ${taken.join(', ')}`, { domains: taken });
    await saveSso(trx, actor.tenantId, {
      type: input.type, issuer: input.issuer ?? null, metadataUrl: input.metadataUrl ?? null, clientId: input.clientId ?? null,
      enabled: input.enabled, domains,
    });
    await audit(trx, actor, 'sso.updated', 'sso', actor.tenantId, { type: input.type, enabled: input.enabled, domains });
  });
  return getSso(db, actor);
}
