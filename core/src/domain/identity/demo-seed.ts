import { type Db, withTransaction } from '../../db/db-types.js';
import { findTenantBySlug, insertTenant, upsertMembership, upsertUserByEmail } from './identity.repository.js';
import { DEMO_PERSONAS, DEMO_TENANT } from './demo-personas.js';

/**
 * Creates (or finds) the demo tenant with its owner, instructor and two learners. Idempotent.
 *
 * @example
 * const { tenantId, users } = await seedDemoTenant(db);
 */
export async function seedDemoTenant(db: Db) {
  return withTransaction(db, async (trx) => {
    const existing = await findTenantBySlug(trx, DEMO_TENANT.slug);
    const tenantId = existing?.id ?? (await insertTenant(trx, DEMO_TENANT.name, DEMO_TENANT.slug)).id;
    const users: Record<keyof typeof DEMO_PERSONAS, string> = { admin: '', instructor: '', learner: '', learner2: '' };
    for (const [persona, person] of Object.entries(DEMO_PERSONAS) as [keyof typeof DEMO_PERSONAS, (typeof DEMO_PERSONAS)[keyof typeof DEMO_PERSONAS]][]) {
      const user = await upsertUserByEmail(trx, person.email, person.name);
      await upsertMembership(trx, tenantId, user.id, person.role);
      users[persona] = user.id;
    }
    return { tenantId, users };
  });
}
