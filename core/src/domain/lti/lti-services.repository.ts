import { type Kysely, sql } from 'kysely';
import type { GradePolicy } from './lti-claims.js';
import type { Database } from '../../db/schema.js';
import { withTransaction } from '../../db/db-types.js';

/** Everything a grade passback needs about one attempt, its link, context and registration. */
export interface PassbackTarget {
  passbackId: string; tenantId: string; courseId: string; attemptId: string; userId: string; status: string;
  scoreGiven: number | null; attemptScore: number; attemptMax: number; attemptAt: Date;
  link: { id: string; resourceLinkId: string; title: string; lineItemUrl: string | null; gradePolicy: GradePolicy };
  sub: string; registrationId: string; lineItemsUrl: string | null; agsScopes: string[];
}

/**
 * Records that an attempt made through a graded link should be passed back (once per attempt).
 * Returns the passback id, or undefined when it was already recorded.
 *
 * @example
 * const id = await recordPassback(db, { tenantId, courseId, linkId, attemptId, userId });
 */
export async function recordPassback(
  db: Kysely<Database>, input: { tenantId: string; courseId: string; linkId: string; attemptId: string; userId: string },
): Promise<string | undefined> {
  const row = await db.insertInto('lti_score_passbacks').values({
    tenant_id: input.tenantId, course_id: input.courseId, link_id: input.linkId, attempt_id: input.attemptId, user_id: input.userId,
  }).onConflict((oc) => oc.column('attempt_id').doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** Attaches the job that carries a passback. */
export async function setPassbackJob(db: Kysely<Database>, passbackId: string, jobId: string): Promise<void> {
  await db.updateTable('lti_score_passbacks').set({ job_id: jobId, updated_at: new Date() }).where('id', '=', passbackId).execute();
}

/**
 * Loads the passback of an attempt with its link, the learner's LMS id and the context's AGS endpoint.
 *
 * @example
 * const target = await findPassbackTarget(db, tenantId, attemptId);
 */
export async function findPassbackTarget(db: Kysely<Database>, tenantId: string, attemptId: string): Promise<PassbackTarget | undefined> {
  const row = await db.selectFrom('lti_score_passbacks as p')
    .innerJoin('quiz_attempts as a', 'a.id', 'p.attempt_id')
    .innerJoin('lti_resource_links as l', 'l.id', 'p.link_id')
    .innerJoin('lti_contexts as c', 'c.course_id', 'p.course_id')
    .innerJoin('lti_user_links as u', (join) => join.onRef('u.user_id', '=', 'p.user_id').onRef('u.registration_id', '=', 'l.registration_id'))
    .select([
      'p.id as passbackId', 'p.tenant_id as tenantId', 'p.course_id as courseId', 'p.attempt_id as attemptId', 'p.user_id as userId',
      'p.status', 'p.score_given as scoreGiven', 'a.score as attemptScore', 'a.max_score as attemptMax', 'a.created_at as attemptAt',
      'l.id as linkId', 'l.resource_link_id as resourceLinkId', 'l.title as linkTitle', 'l.line_item_url as lineItemUrl', 'l.settings',
      'u.sub', 'l.registration_id as registrationId', 'c.lineitems_url as lineItemsUrl', 'c.ags_scopes as agsScopes',
    ])
    .where('p.tenant_id', '=', tenantId).where('p.attempt_id', '=', attemptId).executeTakeFirst();
  if (!row) return undefined;
  const settings = row.settings as { gradePolicy?: GradePolicy };
  return {
    passbackId: row.passbackId, tenantId: row.tenantId, courseId: row.courseId, attemptId: row.attemptId, userId: row.userId,
    status: row.status, scoreGiven: row.scoreGiven, attemptScore: row.attemptScore, attemptMax: row.attemptMax, attemptAt: row.attemptAt,
    link: { id: row.linkId, resourceLinkId: row.resourceLinkId, title: row.linkTitle, lineItemUrl: row.lineItemUrl, gradePolicy: settings.gradePolicy ?? 'latest' },
    sub: row.sub, registrationId: row.registrationId, lineItemsUrl: row.lineItemsUrl, agsScopes: row.agsScopes,
  };
}

/**
 * Fraction scores (0–1) of the learner's attempts through this link, oldest first.
 *
 * @example
 * const scores = await attemptScoresForLink(db, linkId, userId);
 */
export async function attemptScoresForLink(db: Kysely<Database>, linkId: string, userId: string): Promise<number[]> {
  const rows = await db.selectFrom('lti_score_passbacks as p').innerJoin('quiz_attempts as a', 'a.id', 'p.attempt_id')
    .select(['a.score', 'a.max_score']).where('p.link_id', '=', linkId).where('p.user_id', '=', userId)
    .orderBy('a.created_at').execute();
  return rows.map((r) => (r.max_score > 0 ? r.score / r.max_score : 0));
}

/** Remembers the line item of a link; never replaces one already stored (returns the stored one). */
export async function saveLinkLineItem(db: Kysely<Database>, linkId: string, lineItemUrl: string): Promise<string> {
  await db.updateTable('lti_resource_links').set({ line_item_url: lineItemUrl, updated_at: new Date() })
    .where('id', '=', linkId).where('line_item_url', 'is', null).execute();
  const row = await db.selectFrom('lti_resource_links').select('line_item_url').where('id', '=', linkId).executeTakeFirstOrThrow();
  return row.line_item_url ?? lineItemUrl;
}

/** Marks a passback's outcome. */
export async function finishPassback(
  db: Kysely<Database>, passbackId: string, outcome: { status: 'sent' | 'skipped' | 'failed'; scoreGiven?: number; scoreMaximum?: number; error?: string },
): Promise<void> {
  await db.updateTable('lti_score_passbacks').set({
    status: outcome.status, score_given: outcome.scoreGiven ?? null, score_maximum: outcome.scoreMaximum ?? null,
    last_error: outcome.error ?? null, sent_at: outcome.status === 'sent' ? new Date() : null, updated_at: new Date(),
  }).where('id', '=', passbackId).execute();
}

/** Records the last error of a passback while its job retries (visible to instructors). */
export async function notePassbackError(db: Kysely<Database>, passbackId: string, error: string): Promise<void> {
  await db.updateTable('lti_score_passbacks').set({ last_error: error.slice(0, 1000), updated_at: new Date() }).where('id', '=', passbackId).execute();
}

/**
 * A course's LTI status: the last roster sync and a summary of grade passbacks (instructor view).
 *
 * @example
 * const status = await getCourseLtiStatus(db, tenantId, courseId);
 */
export async function getCourseLtiStatus(db: Kysely<Database>, tenantId: string, courseId: string) {
  const context = await db.selectFrom('lti_contexts').selectAll().where('tenant_id', '=', tenantId).where('course_id', '=', courseId).executeTakeFirst();
  const counts = await db.selectFrom('lti_score_passbacks').select(['status', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).groupBy('status').execute();
  const recent = await db.selectFrom('lti_score_passbacks as p').leftJoin('jobs as j', 'j.id', 'p.job_id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.attempt_id', 'p.user_id', 'u.name as user_name', 'u.email as user_email', 'p.status', 'p.score_given', 'p.score_maximum', 'p.last_error', 'p.job_id', 'p.updated_at', 'j.status as job_status', 'j.last_error as job_error'])
    .where('p.tenant_id', '=', tenantId).where('p.course_id', '=', courseId).orderBy('p.updated_at', 'desc').limit(20).execute();
  return {
    courseId,
    linked: context !== undefined,
    roster: {
      lastSyncAt: context?.last_sync_at ?? null, status: context?.last_sync_status ?? null, error: context?.last_sync_error ?? null,
      counts: context?.last_sync_counts ?? null,
    },
    passback: {
      counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
      recent: recent.map((r) => ({
        attemptId: r.attempt_id, userId: r.user_id, userName: r.user_name || r.user_email || null,
        // A dead-lettered job is the truth even when the passback row still says queued.
        status: r.job_status === 'dead_lettered' || r.job_status === 'failed' ? 'failed' : r.status,
        scoreGiven: r.score_given, scoreMaximum: r.score_maximum, lastError: r.job_error ?? r.last_error, jobId: r.job_id, updatedAt: r.updated_at,
      })),
    },
  };
}

/** What a roster sync needs about a course's context. */
export interface RosterTarget { tenantId: string; courseId: string; registrationId: string; membershipsUrl: string | null }

/** The context of a course (for roster sync), or undefined when the course is not from an LMS. */
export async function findRosterTarget(db: Kysely<Database>, tenantId: string, courseId: string): Promise<RosterTarget | undefined> {
  const row = await db.selectFrom('lti_contexts').select(['tenant_id', 'course_id', 'registration_id', 'memberships_url'])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).executeTakeFirst();
  return row ? { tenantId: row.tenant_id, courseId: row.course_id, registrationId: row.registration_id, membershipsUrl: row.memberships_url } : undefined;
}

/** One roster member as the sync applies it. */
export interface RosterEntry { sub: string; name: string; email: string | undefined; courseRole: 'instructor' | 'learner'; tenantRole: 'admin' | 'instructor' | 'learner'; active: boolean }

/**
 * Applies a full roster in one transaction: creates users (pending until first launch) for members who
 * never launched, updates roles, and deactivates course members of this registration who left.
 *
 * @example
 * const counts = await applyRoster(db, target, entries);
 */
export async function applyRoster(db: Kysely<Database>, target: RosterTarget, entries: RosterEntry[]) {
  return withTransaction(db, async (trx) => {
    const counts = { members: entries.length, created: 0, pending: 0, active: 0, deactivated: 0 };
    const seen = new Set<string>();
    for (const entry of entries) {
      let link = await trx.selectFrom('lti_user_links').select(['user_id', 'first_launch_at'])
        .where('registration_id', '=', target.registrationId).where('sub', '=', entry.sub).executeTakeFirst();
      if (!link) {
        // The LMS's email stays on the link, never on users.email (see findOrCreateUser in lti-launch.repository).
        const user = await trx.insertInto('users').values({ email: null, name: entry.name }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('lti_user_links').values({ registration_id: target.registrationId, sub: entry.sub, tenant_id: target.tenantId, user_id: user.id, first_launch_at: null, lms_email: entry.email ?? null }).execute();
        link = { user_id: user.id, first_launch_at: null };
        counts.created += 1;
      }
      seen.add(link.user_id);
      const status = !entry.active ? 'deactivated' : link.first_launch_at ? 'active' : 'pending';
      counts[status === 'deactivated' ? 'deactivated' : status] += 1;
      await trx.insertInto('memberships').values({ tenant_id: target.tenantId, user_id: link.user_id, role: entry.tenantRole, status: status === 'deactivated' ? 'active' : status })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing()).execute();
      await trx.insertInto('course_members').values({ tenant_id: target.tenantId, course_id: target.courseId, user_id: link.user_id, role: entry.courseRole, status })
        .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ role: entry.courseRole, status, updated_at: new Date() })).execute();
    }
    // Members of this course who came through this registration and are no longer on the roster have left.
    const left = await trx.selectFrom('course_members as m')
      .innerJoin('lti_user_links as u', (join) => join.onRef('u.user_id', '=', 'm.user_id').on('u.registration_id', '=', target.registrationId))
      .select('m.user_id').where('m.course_id', '=', target.courseId).where('m.status', '<>', 'deactivated').execute();
    const leavers = left.map((r) => r.user_id).filter((id) => !seen.has(id));
    if (leavers.length > 0) {
      await trx.updateTable('course_members').set({ status: 'deactivated', updated_at: new Date() })
        .where('course_id', '=', target.courseId).where('user_id', 'in', leavers).execute();
      counts.deactivated += leavers.length;
    }
    return counts;
  });
}

/** Records the outcome of a roster sync on the course's context. */
export async function recordRosterSync(
  db: Kysely<Database>, courseId: string, outcome: { status: 'succeeded' | 'failed'; error?: string; counts?: Record<string, number> },
): Promise<void> {
  await db.updateTable('lti_contexts').set({
    last_sync_at: new Date(), last_sync_status: outcome.status, last_sync_error: outcome.error?.slice(0, 1000) ?? null,
    ...(outcome.counts ? { last_sync_counts: JSON.stringify(outcome.counts) } : {}), updated_at: new Date(),
  }).where('course_id', '=', courseId).execute();
}

/** The link an attempt was made through, when it belongs to that course and tenant: what decides a passback. */
export async function findCourseLink(db: Kysely<Database>, tenantId: string, courseId: string, linkId: string) {
  return db.selectFrom('lti_resource_links').select(['id', 'widget', 'settings', 'line_item_url']).where('tenant_id', '=', tenantId)
    .where('id', '=', linkId).where('course_id', '=', courseId).executeTakeFirst();
}

/** The course of a quiz attempt in the tenant (undefined when there is none). */
export async function findAttemptCourseId(db: Kysely<Database>, tenantId: string, attemptId: string): Promise<string | undefined> {
  const row = await db.selectFrom('quiz_attempts').select('course_id').where('tenant_id', '=', tenantId).where('id', '=', attemptId).executeTakeFirst();
  return row?.course_id;
}

/** A passback with its course and current job status (for an instructor's retry). */
export async function findPassbackForRetry(db: Kysely<Database>, tenantId: string, attemptId: string) {
  return db.selectFrom('lti_score_passbacks as p').leftJoin('jobs as j', 'j.id', 'p.job_id')
    .select(['p.id', 'p.course_id as courseId', 'p.status', 'j.status as jobStatus'])
    .where('p.tenant_id', '=', tenantId).where('p.attempt_id', '=', attemptId).executeTakeFirst();
}

/** Puts a passback back in the queue under a new job. */
export async function requeuePassback(db: Kysely<Database>, passbackId: string, jobId: string): Promise<void> {
  await db.updateTable('lti_score_passbacks').set({ status: 'queued', job_id: jobId, last_error: null, updated_at: new Date() })
    .where('id', '=', passbackId).execute();
}

/**
 * Courses whose roster is due: an NRPS endpoint, no sync within `maxAgeHours`, and no sync job waiting or running.
 *
 * @example
 * const due = await listCoursesDueForRosterSync(db, 24, 'lti_roster_sync');
 */
export async function listCoursesDueForRosterSync(db: Kysely<Database>, maxAgeHours: number, kind: string): Promise<{ tenantId: string; courseId: string }[]> {
  const rows = await db.selectFrom('lti_contexts as c').select(['c.tenant_id', 'c.course_id'])
    .where('c.memberships_url', 'is not', null)
    .where((eb) => eb.or([eb('c.last_sync_at', 'is', null), eb('c.last_sync_at', '<', sql<Date>`now() - make_interval(hours => ${maxAgeHours})`)]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('jobs as j').select('j.id')
      .whereRef('j.target_id', '=', 'c.course_id').where('j.kind', '=', kind)
      .where('j.status', 'not in', ['succeeded', 'failed', 'dead_lettered', 'cancelled']))))
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, courseId: r.course_id }));
}
