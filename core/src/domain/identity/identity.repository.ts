import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';
import type { Role } from '../../db/schema.js';

export async function findUserById(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').select(['id', 'email', 'name'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

/** Finds the user with this email or creates one; concurrent callers get the same row. */
export async function upsertUserByEmail(db: Db, email: string, name: string) {
  const existing = await findUserByEmail(db, email);
  if (existing) return existing;
  return db.insertInto('users').values({ email: email.toLowerCase(), name })
    .onConflict((oc) => oc.expression(sql`lower(email)`).where('email', 'is not', null).doUpdateSet({ updated_at: sql`now()` }))
    .returning(['id', 'email', 'name']).executeTakeFirstOrThrow();
}

export async function insertTenant(db: Db, name: string, slug: string) {
  return db.insertInto('tenants').values({ name, slug }).returning(['id', 'name', 'slug', 'created_at']).executeTakeFirstOrThrow();
}

export async function findTenant(db: Db, id: string) {
  return db.selectFrom('tenants').select(['id', 'name', 'slug', 'created_at']).where('id', '=', id).executeTakeFirst();
}

export async function findTenantBySlug(db: Db, slug: string) {
  return db.selectFrom('tenants').select(['id', 'name', 'slug', 'created_at']).where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantByName(db: Db, name: string) {
  return db.selectFrom('tenants').select(['id', 'name', 'slug', 'created_at']).where('name', '=', name).executeTakeFirst();
}

/** A new user (email may be null: people a host site or an LMS vouches for need not have one). */
export async function insertUser(db: Db, row: { email: string | null; name: string }) {
  return db.insertInto('users').values(row).returning(['id', 'email', 'name']).executeTakeFirstOrThrow();
}

export async function renameUser(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('users').set({ name }).where('id', '=', id).execute();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** Active memberships of a user, with their tenants. */
export async function listMembershipsOfUser(db: Db, userId: string) {
  return db.selectFrom('memberships as m').innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['t.id', 't.name', 't.slug', 't.created_at', 'm.role'])
    .where('m.user_id', '=', userId).where('m.status', '=', 'active')
    .orderBy('t.created_at').execute();
}

export async function findMembership(db: Db, tenantId: string, userId: string) {
  return db.selectFrom('memberships').select(['id', 'role', 'status'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertMembership(db: Db, tenantId: string, userId: string, role: Role, status: 'active' | 'pending' = 'active') {
  await db.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, role, status })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role, status, updated_at: sql`now()` }))
    .execute();
}

export async function listMemberRows(db: Db, tenantId: string) {
  return db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as user_id', 'u.email', 'u.name', 'm.role', 'm.status', 'm.created_at'])
    .where('m.tenant_id', '=', tenantId).orderBy('m.created_at').execute();
}

export async function countOwners(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId).where('role', '=', 'owner').where('status', '=', 'active').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateMemberRole(db: Db, tenantId: string, userId: string, role: Role) {
  await db.updateTable('memberships').set({ role, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

/** Removes a member from the tenant and from all of its courses. */
export async function deleteMembership(db: Db, tenantId: string, userId: string) {
  await db.deleteFrom('course_members').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  await db.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}
