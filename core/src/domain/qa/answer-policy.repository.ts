import type { Kysely, Selectable } from 'kysely';
import type { AnswerPolicy, AnswerPolicyStore } from './answer-policy.js';
import type { AnswerPoliciesTable, Database } from '../../db/schema.js';

function toPolicy(row: Selectable<AnswerPoliciesTable>): AnswerPolicy {
  return {
    mode: row.mode,
    window: row.window_mode && row.window_starts_at && row.window_ends_at
      ? { mode: row.window_mode, startsAt: new Date(row.window_starts_at), endsAt: new Date(row.window_ends_at) } : null,
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * Answer policies in Postgres: one row per course (link_id null) and per placement.
 *
 * @example
 * const { course, placement } = await createAnswerPolicyRepository(db).findPolicies({ tenantId, courseId, linkId: null });
 */
export function createAnswerPolicyRepository(db: Kysely<Database>): AnswerPolicyStore {
  const find = (tenantId: string, courseId: string, linkId: string | null) => {
    const query = db.selectFrom('answer_policies').selectAll().where('tenant_id', '=', tenantId).where('course_id', '=', courseId);
    return (linkId === null ? query.where('link_id', 'is', null) : query.where('link_id', '=', linkId)).executeTakeFirst();
  };
  return {
    async findPolicies({ tenantId, courseId, linkId }) {
      const [course, placement] = await Promise.all([find(tenantId, courseId, null), linkId ? find(tenantId, courseId, linkId) : Promise.resolve(undefined)]);
      return { course: course ? toPolicy(course) : null, placement: placement ? toPolicy(placement) : null };
    },
    async upsertPolicy({ tenantId, courseId, linkId, policy, userId }) {
      const values = {
        mode: policy.mode, window_mode: policy.window?.mode ?? null, window_starts_at: policy.window?.startsAt ?? null,
        window_ends_at: policy.window?.endsAt ?? null, updated_by: userId, updated_at: new Date(),
      };
      const existing = await find(tenantId, courseId, linkId);
      const row = existing
        ? await db.updateTable('answer_policies').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
        : await db.insertInto('answer_policies').values({ tenant_id: tenantId, course_id: courseId, link_id: linkId, ...values }).returningAll().executeTakeFirstOrThrow();
      return toPolicy(row);
    },
    async linkInCourse({ tenantId, courseId, linkId }) {
      const row = await db.selectFrom('lti_resource_links').select('id').where('id', '=', linkId).where('tenant_id', '=', tenantId).where('course_id', '=', courseId).executeTakeFirst();
      return row !== undefined;
    },
  };
}
