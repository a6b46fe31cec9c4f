import { randomBytes } from 'node:crypto';
import { type Db, withTransaction } from '../../db/db-types.js';
import { insertTenant, listMembershipsOfUser, slugTaken, upsertMembership } from './identity.repository.js';
import { AppError } from '../../errors/app-error.js';
import { audit } from './audit.js';

function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return base || 'tenant';
}

/** A slug for a new tenant named `name`: its slugified name, with a random suffix when that is taken. */
export async function freeTenantSlug(db: Db, name: string): Promise<string> {
  const slug = slugify(name);
  return (await slugTaken(db, slug)) ? `${slug.slice(0, 54)}-${randomBytes(3).toString('hex')}` : slug;
}

/**
 * Creates a tenant with the caller as its owner; audited in the same transaction.
 *
 * @example
 * const tenant = await createTenant(db, { userId, requestId }, { name: 'Springfield High' });
 */
export async function createTenant(db: Db, caller: { userId: string; requestId: string | null }, input: { name: string; slug?: string | undefined }) {
  return withTransaction(db, async (trx) => {
    if (input.slug && (await slugTaken(trx, input.slug))) throw new AppError('CONFLICT', `The slug "${input.slug}" is taken`, { slug: input.slug });
    const slug = input.slug ?? (await freeTenantSlug(trx, input.name));
    const tenant = await insertTenant(trx, input.name, slug);
    await upsertMembership(trx, tenant.id, caller.userId, 'owner');
    await audit(trx, { tenantId: tenant.id, userId: caller.userId, requestId: caller.requestId }, 'tenant.created', 'tenant', tenant.id, { name: tenant.name, slug });
    return { ...tenant, role: 'owner' as const };
  });
}

/** The tenants the user is an active member of, with the user's role in each. */
export async function listMyTenants(db: Db, userId: string) {
  return listMembershipsOfUser(db, userId);
}
