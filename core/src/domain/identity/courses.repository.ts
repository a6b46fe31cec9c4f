import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

const COURSE_COLUMNS = ['c.id', 'c.tenant_id', 'c.title', 'c.description', 'c.lti_context_id', 'c.created_at', 'c.updated_at'] as const;

export async function insertCourse(db: Db, input: { tenantId: string; title: string; description: string; createdBy: string | null; ltiContextId?: string | null; ltiRegistrationId?: string | null }) {
  return db.insertInto('courses').values({
    tenant_id: input.tenantId, title: input.title, description: input.description, created_by: input.createdBy,
    lti_context_id: input.ltiContextId ?? null, lti_registration_id: input.ltiRegistrationId ?? null,
  }).returning(['id', 'tenant_id', 'title', 'description', 'lti_context_id', 'created_at', 'updated_at']).executeTakeFirstOrThrow();
}

export async function findCourse(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('courses as c').select(COURSE_COLUMNS)
    .where('c.tenant_id', '=', tenantId).where('c.id', '=', courseId).executeTakeFirst();
}

export async function listAllCourses(db: Db, tenantId: string) {
  return db.selectFrom('courses as c').select(COURSE_COLUMNS).where('c.tenant_id', '=', tenantId).orderBy('c.created_at').execute();
}

export async function listCoursesOfUser(db: Db, tenantId: string, userId: string) {
  return db.selectFrom('courses as c').innerJoin('course_members as m', 'm.course_id', 'c.id')
    .select([...COURSE_COLUMNS, 'm.role as member_role'])
    .where('c.tenant_id', '=', tenantId).where('m.user_id', '=', userId).where('m.status', '!=', 'deactivated')
    .orderBy('c.created_at').execute();
}

export async function updateCourse(db: Db, tenantId: string, courseId: string, patch: { title?: string | undefined; description?: string | undefined }) {
  return db.updateTable('courses as c').set({
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    updated_at: sql`now()`,
  }).where('c.tenant_id', '=', tenantId).where('c.id', '=', courseId)
    .returning(['c.id', 'c.tenant_id', 'c.title', 'c.description', 'c.lti_context_id', 'c.created_at', 'c.updated_at']).executeTakeFirst();
}

export async function deleteCourse(db: Db, tenantId: string, courseId: string): Promise<boolean> {
  const result = await db.deleteFrom('courses').where('tenant_id', '=', tenantId).where('id', '=', courseId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findCourseMember(db: Db, courseId: string, userId: string) {
  return db.selectFrom('course_members').select(['role', 'status']).where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertCourseMember(db: Db, input: { tenantId: string; courseId: string; userId: string; role: 'instructor' | 'learner'; status?: 'active' | 'pending' | 'deactivated' }) {
  const status = input.status ?? 'active';
  await db.insertInto('course_members').values({ tenant_id: input.tenantId, course_id: input.courseId, user_id: input.userId, role: input.role, status })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ role: input.role, status, updated_at: sql`now()` })).execute();
}

export async function listCourseMembers(db: Db, courseId: string) {
  return db.selectFrom('course_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as user_id', 'u.email', 'u.name', 'm.role', 'm.status'])
    .where('m.course_id', '=', courseId).orderBy('m.created_at').execute();
}

export async function deleteCourseMember(db: Db, courseId: string, userId: string) {
  await db.deleteFrom('course_members').where('course_id', '=', courseId).where('user_id', '=', userId).execute();
}
