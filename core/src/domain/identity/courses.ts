import { type Db, withTransaction } from '../../db/db-types.js';
import {
  deleteCourse as deleteCourseRow, deleteCourseMember, findCourse, findCourseMember, insertCourse, listAllCourses,
  listCourseMembers as listCourseMemberRows, listCoursesOfUser, updateCourse as updateCourseRow, upsertCourseMember,
} from './courses.repository.js';
import { findMembership } from './identity.repository.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { type Actor, assertRole, hasRole } from './actor.js';
import { audit } from './audit.js';

export type CourseRole = 'instructor' | 'learner';

/**
 * The actor's role in a course, or an error: NOT_FOUND when the course is not in the actor's tenant,
 * FORBIDDEN when the actor is not enrolled, a learner where an instructor is needed, or bound to another
 * course (LTI sessions). Tenant admins and owners act as instructors in every course.
 *
 * @example
 * const role = await requireCourseRole(db, actor, courseId, 'learner');
 */
export async function requireCourseRole(db: Db, actor: Actor, courseId: string, minimum: CourseRole): Promise<CourseRole> {
  if (actor.boundCourseId && actor.boundCourseId !== courseId) {
    throw new AppError('FORBIDDEN', 'This session is limited to another course');
  }
  const course = await findCourse(db, actor.tenantId, courseId);
  if (!course) throw notFound('Course', { course_id: courseId });
  let role: CourseRole | undefined;
  if (hasRole(actor.role, 'admin')) role = 'instructor';
  else {
    const member = await findCourseMember(db, courseId, actor.userId);
    if (member && member.status !== 'deactivated') role = member.role;
  }
  if (!role) throw new AppError('FORBIDDEN', 'You are not enrolled in this course');
  if (minimum === 'instructor' && role !== 'instructor') throw new AppError('FORBIDDEN', 'Only instructors can do this');
  return role;
}

const present = (row: NonNullable<Awaited<ReturnType<typeof findCourse>>>, role: CourseRole) => ({
  id: row.id, tenantId: row.tenant_id, title: row.title, description: row.description, role,
  ltiContextId: row.lti_context_id, createdAt: row.created_at, updatedAt: row.updated_at,
});

/** Instructors and above create courses and become their instructor. */
export async function createCourse(db: Db, actor: Actor, input: { title: string; description?: string | undefined }) {
  assertRole(actor, 'instructor');
  return withTransaction(db, async (trx) => {
    const course = await insertCourse(trx, { tenantId: actor.tenantId, title: input.title, description: input.description ?? '', createdBy: actor.userId });
    await upsertCourseMember(trx, { tenantId: actor.tenantId, courseId: course.id, userId: actor.userId, role: 'instructor' });
    await audit(trx, actor, 'course.created', 'course', course.id, { title: course.title });
    return present(course, 'instructor');
  });
}

/** Admins see every course of the tenant; others the courses they are enrolled in (LTI sessions: their one course). */
export async function listCourses(db: Db, actor: Actor) {
  const rows = hasRole(actor.role, 'admin')
    ? (await listAllCourses(db, actor.tenantId)).map((row) => present(row, 'instructor'))
    : (await listCoursesOfUser(db, actor.tenantId, actor.userId)).map((row) => present(row, row.member_role));
  return actor.boundCourseId ? rows.filter((c) => c.id === actor.boundCourseId) : rows;
}

export async function getCourse(db: Db, actor: Actor, courseId: string) {
  const role = await requireCourseRole(db, actor, courseId, 'learner');
  const course = await findCourse(db, actor.tenantId, courseId);
  if (!course) throw notFound('Course', { course_id: courseId });
  return present(course, role);
}

export async function updateCourse(db: Db, actor: Actor, courseId: string, patch: { title?: string | undefined; description?: string | undefined }) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  return withTransaction(db, async (trx) => {
    const course = await updateCourseRow(trx, actor.tenantId, courseId, patch);
    if (!course) throw notFound('Course', { course_id: courseId });
    await audit(trx, actor, 'course.updated', 'course', courseId, { fields: Object.keys(patch) });
    return present(course, 'instructor');
  });
}

/** Deletes a course and everything in it (documents, chunks, quizzes, attempts) by cascade. */
export async function deleteCourse(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  await withTransaction(db, async (trx) => {
    if (!(await deleteCourseRow(trx, actor.tenantId, courseId))) throw notFound('Course', { course_id: courseId });
    await audit(trx, actor, 'course.deleted', 'course', courseId);
  });
}

export async function listCourseMembers(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  return listCourseMemberRows(db, courseId);
}

/** Enrols a member of the tenant in a course (instructors of the course, admins). */
export async function addCourseMember(db: Db, actor: Actor, courseId: string, input: { userId: string; role: CourseRole }) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  await withTransaction(db, async (trx) => {
    const membership = await findMembership(trx, actor.tenantId, input.userId);
    if (!membership) throw notFound('Member of this organisation', { user_id: input.userId });
    await upsertCourseMember(trx, { tenantId: actor.tenantId, courseId, userId: input.userId, role: input.role });
    await audit(trx, actor, 'course.member_added', 'course', courseId, { user_id: input.userId, role: input.role });
  });
  return listCourseMemberRows(db, courseId);
}

export async function removeCourseMember(db: Db, actor: Actor, courseId: string, userId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  await withTransaction(db, async (trx) => {
    await deleteCourseMember(trx, courseId, userId);
    await audit(trx, actor, 'course.member_removed', 'course', courseId, { user_id: userId });
  });
}
