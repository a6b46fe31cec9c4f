import { applyRoster, findRosterTarget, listCoursesDueForRosterSync, recordRosterSync, type RosterEntry } from './lti-services.repository.js';
import { findLtiRegistrationById } from './lti-registrations.repository.js';
import type { DbConnection } from '../../db/db-types.js';
import { UnrecoverableJobError } from '../../errors/unrecoverable-error.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import { createAndEnqueueJob } from '../jobs/enqueue.js';
import type { JobHandler } from '../jobs/job-handlers.js';
import { mapLtiRoles } from './map-roles.js';
import { callPlatform, PlatformHttpError, type PlatformClientDeps } from './platform-client.js';

export const ROSTER_SYNC_KIND = 'lti_roster_sync';
const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const NRPS_ACCEPT = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const MAX_PAGES = 500;
const MAX_RATE_LIMIT_WAITS = 3;

interface NrpsMember { user_id?: string; name?: string; email?: string; roles?: string[]; status?: string }

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /rel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pulls the course's LMS roster (NRPS 2.0, following `Link: rel="next"`, waiting out 429s with
 * Retry-After a few times) and applies it: never-launched members become pending users, roles follow
 * the LMS, members who left are deactivated. Records the outcome on the course for instructors.
 *
 * @example
 * const counts = await syncRoster(deps, tenantId, courseId);
 */
export async function syncRoster(deps: PlatformClientDeps, tenantId: string, courseId: string): Promise<Record<string, number>> {
  const target = await findRosterTarget(deps.db, tenantId, courseId);
  if (!target?.membershipsUrl) throw new UnrecoverableJobError('The LMS has not offered the roster service (NRPS) for this course.', 'NO_NRPS');
  const registration = await findLtiRegistrationById(deps.db, target.registrationId);
  if (!registration) throw new UnrecoverableJobError('The LMS registration of this course was removed.', 'NO_REGISTRATION');
  try {
    const members: NrpsMember[] = [];
    let url: string | undefined = target.membershipsUrl;
    let pages = 0;
    let waits = 0;
    while (url && pages < MAX_PAGES) {
      try {
        const { body, headers } = await callPlatform(deps, registration, [NRPS_SCOPE], 'GET', url, { accept: NRPS_ACCEPT });
        members.push(...((body as { members?: NrpsMember[] } | undefined)?.members ?? []));
        url = nextLink(headers.get('link'));
        pages += 1;
      } catch (error) {
        if (error instanceof PlatformHttpError && error.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
          waits += 1;
          await sleep(Math.min(error.retryAfterMs ?? 1000, 10_000));
          continue;
        }
        throw error;
      }
    }
    const entries: RosterEntry[] = members.filter((m): m is NrpsMember & { user_id: string } => typeof m.user_id === 'string').map((m) => {
      const roles = mapLtiRoles(m.roles ?? []);
      return { sub: m.user_id, name: m.name ?? '', email: m.email, courseRole: roles.courseRole, tenantRole: roles.tenantRole, active: (m.status ?? 'Active') === 'Active' };
    });
    const counts = { ...(await applyRoster(deps.db, target, entries)), pages };
    await recordRosterSync(deps.db, courseId, { status: 'succeeded', counts });
    return counts;
  } catch (error) {
    await recordRosterSync(deps.db, courseId, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/**
 * The `lti_roster_sync` job handler (target: the course).
 *
 * @example
 * registry.register(createRosterSyncHandler({ db, ltiKey: config.ltiKey }));
 */
export function createRosterSyncHandler(deps: PlatformClientDeps): JobHandler {
  return { kind: ROSTER_SYNC_KIND, run: (context) => syncRoster(deps, context.job.tenantId, context.job.targetId) };
}

/**
 * Queues a roster sync of a course (instructor request or the scheduler).
 *
 * @example
 * const job = await queueRosterSync(db, queue, tenantId, courseId);
 */
export async function queueRosterSync(db: DbConnection, queue: JobQueue, tenantId: string, courseId: string) {
  return createAndEnqueueJob(db, queue, { tenantId, kind: ROSTER_SYNC_KIND, targetType: 'course', targetId: courseId });
}

/**
 * The scheduled sync: queues a roster sync for every LMS course not synced within `maxAgeHours` (and
 * with none already waiting). Call it on an interval from the process that owns scheduling.
 *
 * @example
 * setInterval(() => void queueDueRosterSyncs(db, queue, 24), 15 * 60_000);
 */
export async function queueDueRosterSyncs(db: DbConnection, queue: JobQueue, maxAgeHours = 24): Promise<number> {
  const due = await listCoursesDueForRosterSync(db, maxAgeHours, ROSTER_SYNC_KIND);
  for (const course of due) await queueRosterSync(db, queue, course.tenantId, course.courseId);
  return due.length;
}
