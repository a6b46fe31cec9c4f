import { createHash, randomBytes } from 'node:crypto';
import { type Db, withTransaction } from '../../db/db-types.js';
import { findTenant, findTenantByName, findTenantBySlug, findUserById, insertTenant, listMembershipsOfUser, upsertMembership, upsertUserByEmail } from './identity.repository.js';
import { consumeSignInLink, insertSignInLink } from './sign-in-links.repository.js';
import { AppError } from '../../errors/app-error.js';
import { freeTenantSlug } from './tenants.js';
import { recordAudit } from './audit.repository.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** How long an operator's sign-in link stays valid unless told otherwise. */
export const SIGN_IN_LINK_TTL_SECONDS = 60 * 60;

/**
 * Issues a one-time sign-in link token for a user (only its hash is stored). The caller builds the URL:
 * `${publicUrl}/#signin=${token}` — a fragment, so the token never reaches a server log or a Referer header.
 *
 * @example
 * const { token } = await createSignInLink(db, { userId, tenantId });
 */
export async function createSignInLink(db: Db, input: { userId: string; tenantId: string | null; ttlSeconds?: number }) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.ttlSeconds ?? SIGN_IN_LINK_TTL_SECONDS) * 1000);
  await insertSignInLink(db, { userId: input.userId, tenantId: input.tenantId, tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

/**
 * Redeems a sign-in link once: the user and the tenant it was issued for. Unknown, used and expired links are all
 * the same answer, so a caller learns nothing by guessing.
 *
 * @example
 * const { user, tenantId } = await redeemSignInLink(db, token);
 */
export async function redeemSignInLink(db: Db, token: string) {
  const link = await consumeSignInLink(db, hashToken(token), new Date());
  if (!link) throw new AppError('UNAUTHENTICATED', 'This sign-in link is not valid: it was used already or it expired. Ask your administrator for a new one.');
  const user = await findUserById(db, link.user_id);
  if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
  return { user, tenantId: link.tenant_id, memberships: await listMembershipsOfUser(db, user.id) };
}

/**
 * The operator's way in on a new production install: makes `email` the owner of a tenant (found by id or slug,
 * or created with that name) and returns a one-time sign-in link token. Safe to run again: it re-issues a link.
 *
 * @example
 * const { tenant, user, token } = await createOwner(db, { email: 'it@school.edu', tenant: 'Springfield High' });
 */
export async function createOwner(db: Db, input: { email: string; tenant: string; name?: string | undefined; ttlSeconds?: number | undefined }) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('INVALID_ARGUMENT', `"${input.email}" is not an email address`);
  const tenantRef = input.tenant.trim();
  if (!tenantRef) throw new AppError('INVALID_ARGUMENT', 'A tenant name, slug or id is required');
  return withTransaction(db, async (trx) => {
    const user = await upsertUserByEmail(trx, email, input.name ?? email.split('@')[0] ?? email);
    let tenant = /^[0-9a-f-]{36}$/i.test(tenantRef) ? await findTenant(trx, tenantRef) : undefined;
    tenant ??= await findTenantBySlug(trx, tenantRef);
    tenant ??= await findTenantByName(trx, tenantRef);
    let isNewTenant = false;
    if (!tenant) {
      tenant = await insertTenant(trx, tenantRef, await freeTenantSlug(trx, tenantRef));
      isNewTenant = true;
    }
    await upsertMembership(trx, tenant.id, user.id, 'owner');
    // The operator at the console is not a user of the product: the audit entry has no actor.
    await recordAudit(trx, { tenantId: tenant.id, actorId: null, action: 'owner.created_by_operator', targetType: 'user', targetId: user.id, metadata: { email, isNewTenant }, requestId: null });
    const { token, expiresAt } = await createSignInLink(trx, { userId: user.id, tenantId: tenant.id, ttlSeconds: input.ttlSeconds });
    return { tenant, user, token, expiresAt, isNewTenant };
  });
}
