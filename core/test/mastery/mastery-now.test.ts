import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { upsertCourseMember } from '../../src/domain/identity/courses.repository.js';
import { type PassbackTarget } from '../../src/domain/lti/lti-services.repository.js';
import { policyScore } from '../../src/domain/lti/score-passback.job.js';
import { applyResponses, emptyCourseMastery, summariseCourseMastery } from '../../src/domain/mastery/index.js';
import { getCourseAnalytics, getLearnerDrilldown } from '../../src/domain/analytics/class-mastery.js';
import { loadCourseMasteryAt, loadMasteryAt, saveMasteryState } from '../../src/domain/mastery/mastery.repository.js';
import { getPerformance } from '../../src/domain/quiz/performance.js';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { createCourse, createTenant, createUser } from '../domain/qa/qa-fixtures.js';

describe('mastery now: one read for the learner\'s view and the LMS grade', () => {
  let handle: DatabaseHandle;
  let key: { tenantId: string; courseId: string; userId: string };
  const DAY = 86_400_000;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tenantId = await createTenant(handle.db, 'Mastery now');
    const courseId = await createCourse(handle.db, tenantId, 'Any course');
    const userId = await createUser(handle.db, `learner-${Date.now()}@example.edu`);
    await upsertCourseMember(handle.db, { tenantId, courseId, userId, role: 'learner' });
    key = { tenantId, courseId, userId };
    // The learner practised well 30 days ago and not since: the stored p_mastery is the value of that day.
    const practisedAt = new Date(Date.now() - 30 * DAY);
    const state = applyResponses(emptyCourseMastery(), Array.from({ length: 12 }, () => ({ topicId: null, tier: 2 as const, correct: true, guess: 0.25 })), undefined, practisedAt);
    await saveMasteryState(handle.db, key, state, summariseCourseMastery(state, practisedAt));
  }, 60_000);
  afterAll(() => handle.close());

  const masteryTarget = (): PassbackTarget => ({
    passbackId: 'p', tenantId: key.tenantId, courseId: key.courseId, attemptId: 'a', userId: key.userId, status: 'queued', scoreGiven: null,
    attemptScore: 1, attemptMax: 5, attemptAt: new Date(),
    link: { id: 'l', resourceLinkId: 'r', title: 'Quiz', lineItemUrl: null, gradePolicy: 'mastery' },
    sub: 's', registrationId: 'g', lineItemsUrl: null, agsScopes: [],
  });

  it('when days have passed since the last practice, then the grade sent under the mastery policy is the mastery the learner is shown, lower than the stored p_mastery', async () => {
    const stored = await handle.db.selectFrom('mastery').select('p_mastery').where('user_id', '=', key.userId).where('topic_id', 'is', null).executeTakeFirstOrThrow();
    const shown = await getPerformance(handle.db, { userId: key.userId, tenantId: key.tenantId, role: 'learner', requestId: null }, key.courseId);
    const grade = await policyScore(handle.db, masteryTarget());
    expect(grade).toBeCloseTo(shown.mastery / 100, 3);
    expect(grade).toBeLessThan(stored.p_mastery - 0.02);
  });

  it('when mastery is read at the moment of practice, then it is the stored p_mastery; a learner with no mastery has none', async () => {
    const row = await handle.db.selectFrom('mastery').select(['p_mastery', 'state']).where('user_id', '=', key.userId).where('topic_id', 'is', null).executeTakeFirstOrThrow();
    const then = await loadMasteryAt(handle.db, key, new Date((row.state as { practicedAt: string }).practicedAt));
    expect(then?.course.mastery).toBeCloseTo(row.p_mastery * 100, 6);
    expect(await loadMasteryAt(handle.db, { ...key, userId: await createUser(handle.db, `new-${Date.now()}@example.edu`) })).toBeUndefined();
  });

  it('when the teacher opens class mastery or the learner\'s drill-down, then they see the mastery the learner is shown now, not the stored value', async () => {
    const teacherId = await createUser(handle.db, `teacher-${Date.now()}@example.edu`);
    await upsertCourseMember(handle.db, { tenantId: key.tenantId, courseId: key.courseId, userId: teacherId, role: 'instructor' });
    const teacher = { userId: teacherId, tenantId: key.tenantId, role: 'instructor' as const, requestId: null };
    const shown = await getPerformance(handle.db, { userId: key.userId, tenantId: key.tenantId, role: 'learner', requestId: null }, key.courseId);
    const stored = await handle.db.selectFrom('mastery').select('p_mastery').where('user_id', '=', key.userId).where('topic_id', 'is', null).executeTakeFirstOrThrow();
    const row = (await getCourseAnalytics(handle.db, teacher, key.courseId)).learners.find((l) => l.userId === key.userId)!;
    expect(row.mastery).toBeCloseTo(shown.mastery, 0);
    expect(row.mastery!).toBeLessThan(stored.p_mastery * 100 - 2);
    expect((await getLearnerDrilldown(handle.db, teacher, key.courseId, key.userId)).course?.mastery).toBeCloseTo(shown.mastery, 0);
    // The class read and the learner's read agree at any moment.
    const at = new Date(Date.now() + 10 * DAY);
    expect((await loadCourseMasteryAt(handle.db, key.tenantId, key.courseId, at)).get(key.userId)).toEqual(await loadMasteryAt(handle.db, key, at));
  });

  it('when a learner has no mastery yet, then the mastery policy sends the attempt\'s own score', async () => {
    const other = await createUser(handle.db, `other-${Date.now()}@example.edu`);
    expect(await policyScore(handle.db, { ...masteryTarget(), userId: other })).toBeCloseTo(0.2, 6);
  });
});
