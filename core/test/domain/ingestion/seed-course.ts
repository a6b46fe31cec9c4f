import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../../src/domain/identity/actor.js';
import type { Database, Role } from '../../../src/db/schema.js';

/** A tenant with one course, an instructor, a learner and an admin — each test gets its own. */
export interface SeededCourse { tenantId: string; courseId: string; instructor: Actor; learner: Actor; admin: Actor }

async function addUser(db: Kysely<Database>, tenantId: string, role: Role): Promise<Actor> {
  const user = await db.insertInto('users').values({ email: `${role}-${randomUUID()}@example.edu`, name: role })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ tenant_id: tenantId, user_id: user.id, role }).execute();
  return { userId: user.id, tenantId, role, requestId: `req-${randomUUID()}` };
}

/**
 * Seeds a tenant and a course with an enrolled instructor and learner (and a tenant admin).
 *
 * @example
 * const { courseId, instructor } = await seedCourse(db);
 */
export async function seedCourse(db: Kysely<Database>): Promise<SeededCourse> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const tenant = await db.insertInto('tenants').values({ name: `Tenant ${slug}`, slug }).returning('id').executeTakeFirstOrThrow();
  const instructor = await addUser(db, tenant.id, 'instructor');
  const learner = await addUser(db, tenant.id, 'learner');
  const admin = await addUser(db, tenant.id, 'admin');
  const course = await db.insertInto('courses').values({ tenant_id: tenant.id, title: 'Intro to Psychology', created_by: instructor.userId })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('course_members').values([
    { tenant_id: tenant.id, course_id: course.id, user_id: instructor.userId, role: 'instructor' },
    { tenant_id: tenant.id, course_id: course.id, user_id: learner.userId, role: 'learner' },
  ]).execute();
  return { tenantId: tenant.id, courseId: course.id, instructor, learner, admin };
}
