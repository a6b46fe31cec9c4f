import type { Db } from '../../db/db-types.js';
import { notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import {
  activityByUser, findCourseDocument, findLtiContext, listCourseLearners, listDocumentChunks, listPassbacks, listPlacements, renameDocument,
} from './analytics.repository.js';
import { getCourseAnalytics } from './class-mastery.js';

/**
 * Per placement (LTI resource link): its grade policy and what was sent to the LMS gradebook, with each
 * passback's state and error.
 *
 * @example
 * const { placements } = await getCourseGrades(db, actor, courseId);
 */
export async function getCourseGrades(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const [links, passbacks] = await Promise.all([listPlacements(db, actor.tenantId, courseId), listPassbacks(db, actor.tenantId, courseId)]);
  return {
    placements: links.map((l) => {
      // A job that gave up is the truth even while its passback row still says queued (the LMS never got the score).
      const own = passbacks.filter((p) => p.link_id === l.id).map((p) => (p.job_status === 'dead_lettered' || p.job_status === 'failed'
        ? { ...p, status: 'failed', last_error: p.job_error ?? p.last_error } : p));
      const count = (status: string) => own.filter((p) => p.status === status).length;
      return {
        linkId: l.id, title: l.title || l.resource_link_id, widget: l.widget,
        gradePolicy: (l.settings as { gradePolicy?: string }).gradePolicy ?? 'latest', hasLineItem: l.line_item_url !== null,
        counts: { queued: count('queued'), sent: count('sent'), skipped: count('skipped'), failed: count('failed') },
        passbacks: own.slice(0, 200).map((p) => ({
          userId: p.user_id, userName: p.user_name || p.user_email || null, status: p.status, scoreGiven: p.score_given, scoreMaximum: p.score_maximum,
          attemptPercent: p.attempt_score !== null && p.attempt_max ? Math.round((10_000 * p.attempt_score) / p.attempt_max) / 100 : null,
          lastError: p.last_error, sentAt: p.sent_at, updatedAt: p.updated_at,
        })),
      };
    }),
  };
}

/**
 * The course's people with their last activity, and the LMS roster sync state when the course is linked.
 *
 * @example
 * const roster = await getCourseRoster(db, actor, courseId);
 */
export async function getCourseRoster(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const [members, activity, context] = await Promise.all([
    listCourseLearners(db, actor.tenantId, courseId), activityByUser(db, actor.tenantId, courseId), findLtiContext(db, actor.tenantId, courseId),
  ]);
  const lastOf = (userId: string) => [...activity.attempts, ...activity.questions].filter((a) => a.user_id === userId)
    .reduce<Date | null>((m, a) => (!m || new Date(a.last) > m ? new Date(a.last) : m), null);
  return {
    items: members.map((m) => ({
      userId: m.id, name: m.name || m.email || 'Unnamed', email: m.email, role: m.role, status: m.status, lastActiveAt: lastOf(m.id), joinedAt: m.created_at,
    })),
    lms: context ? {
      lastSyncAt: context.last_sync_at, lastSyncStatus: context.last_sync_status, lastSyncError: context.last_sync_error,
      counts: (context.last_sync_counts as Record<string, number> | null) ?? null,
    } : null,
  };
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  // Quote always; a leading formula character is prefixed so spreadsheets do not run it.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};
const csv = (rows: unknown[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

/**
 * CSV of the class: `mastery` (one row per learner, course and per-topic mastery with uncertainty) or `grades`
 * (one row per passback sent or queued to the LMS).
 *
 * @example
 * const text = await exportCourseCsv(db, actor, courseId, 'mastery');
 */
export async function exportCourseCsv(db: Db, actor: Actor, courseId: string, kind: 'mastery' | 'grades'): Promise<string> {
  if (kind === 'mastery') {
    const a = await getCourseAnalytics(db, actor, courseId);
    const header = ['learner', 'email', 'course_mastery', 'course_uncertainty', 'attempts', 'questions', 'last_active_at',
      ...a.topics.flatMap((t) => [`${t.title} mastery`, `${t.title} uncertainty`])];
    return csv([header, ...a.learners.map((l) => [l.name, l.email, l.mastery, l.uncertainty, l.attempts, l.questions, l.lastActiveAt,
      ...l.topics.flatMap((c) => [c.mastery, c.uncertainty])])]);
  }
  const grades = await getCourseGrades(db, actor, courseId);
  const rows = grades.placements.flatMap((p) => p.passbacks.map((b) => [p.title, p.gradePolicy, b.userName, b.status, b.scoreGiven, b.scoreMaximum, b.sentAt, b.lastError]));
  return csv([['placement', 'grade_policy', 'learner', 'status', 'score_given', 'score_maximum', 'sent_at', 'last_error'], ...rows]);
}

/** Renames a course document (instructors). */
export async function renameCourseDocument(db: Db, actor: Actor, courseId: string, documentId: string, title: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const doc = await findCourseDocument(db, actor.tenantId, courseId, documentId);
  if (!doc) throw notFound('Document', { document_id: documentId });
  await renameDocument(db, actor.tenantId, documentId, title);
  await audit(db, actor, 'document.renamed', 'document', documentId, { course_id: courseId, from: doc.title, to: title });
  return { ok: true as const };
}

/** The extracted text of a document by section and page/slide, as ingestion chunked it (first 400 chunks). */
export async function previewCourseDocument(db: Db, actor: Actor, courseId: string, documentId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const doc = await findCourseDocument(db, actor.tenantId, courseId, documentId);
  if (!doc) throw notFound('Document', { document_id: documentId });
  const chunks = await listDocumentChunks(db, actor.tenantId, documentId);
  return {
    documentId, title: doc.title, status: doc.status,
    sections: chunks.map((c) => ({ heading: c.heading, headingPath: c.heading_path, page: c.page, slide: c.slide, text: c.content })),
  };
}
