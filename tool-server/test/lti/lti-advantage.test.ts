import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InProcessQueue, JobHandlerRegistry, cacheAccessToken, createRosterSyncHandler, createScorePassbackHandler, isTerminal, queueDueRosterSyncs, queueScorePassback, runJob,
  verifyAppToken,
} from '@tutorgraph/core';
import { parseAutoPostForm, playLaunch, postForm } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type LaunchSpec, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from './lti-world.js';

let world: LtiWorld;
let queue: InProcessQueue;
const canvas = () => world.platforms[0]!;
const db = () => world.app.db.db;

beforeAll(async () => {
  world = await startLtiWorld(['canvas']);
  const deps = { db: db(), ltiKey: world.app.deps.config.ltiKey, outbound: world.app.deps.config.outbound };
  const registry = new JobHandlerRegistry().register(createScorePassbackHandler(deps)).register(createRosterSyncHandler(deps));
  queue = new InProcessQueue({ db: db(), concurrency: 1 });
  await queue.start((id) => runJob({ db: db(), registry, workerId: 'lti-test', backoffMs: 20 }, id));
  world.app.deps.services.jobQueue = queue;
});
afterAll(async () => { await queue?.close(); await world?.close(); });

async function waitForJob(jobId: string) {
  for (let i = 0; i < 400; i += 1) {
    const job = await db().selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    if (isTerminal(job.status)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${jobId} did not finish`);
}

const user = (sub: string, roles: string[] = [ROLE.learner]): PlatformUser => ({ sub, name: `Person ${sub}`, email: `${sub}@school.test`, roles });
const teacher = user('teacher-1', [ROLE.instructor]);
const context = { id: 'bio-101', title: 'Biology 101' };

async function placeQuiz(choices: Record<string, string>) {
  const dl: LaunchSpec = { user: teacher, context, messageType: 'LtiDeepLinkingRequest' };
  const picker = await playLaunch(canvas().platform.prepareLaunch(dl).loginUrl);
  expect(picker.status, picker.html).toBe(200);
  const session = /name="session" value="([^"]+)"/.exec(picker.html)?.[1];
  expect(session).toBeTruthy();
  const submitted = await fetch(`${world.app.baseUrl}/lti/deep-link`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ session: session!, ...choices }),
  });
  const returned = await postForm(parseAutoPostForm(await submitted.text()));
  return { returned, verdict: canvas().platform.services.deepLinkReturns.at(-1)! };
}

async function addAttempt(userId: string, courseId: string, score: number) {
  const tenantId = canvas().tenantId;
  const quiz = await db().insertInto('quizzes').values({ tenant_id: tenantId, course_id: courseId, user_id: userId, tier: 2, num_questions: 5, generator: 'local', context: '{}' })
    .returning('id').executeTakeFirstOrThrow();
  return db().insertInto('quiz_attempts').values({
    tenant_id: tenantId, course_id: courseId, quiz_id: quiz.id, user_id: userId, answers: '[]', results: '[]', score, max_score: 5, tier: 2, next_tier: 2,
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

async function learnerLaunch(sub: string, custom: Record<string, string>, linkId: string) {
  const page = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: user(sub), context, resourceLink: { id: linkId, title: 'Quiz' }, custom }).loginUrl)).html);
  const claims = await verifyAppToken(world.app.deps.config.appTokenKeys, page.token);
  const userId = claims.userId;
  return { ...page, userId, ltiLinkId: claims.ltiLinkId };
}

describe('deep linking', () => {
  it('when an instructor picks a graded quiz, then the platform verifies a signed LtiDeepLinkingResponse with an ltiResourceLink, custom params and a line item', async () => {
    const { returned, verdict } = await placeQuiz({ widget: 'quiz', title: 'Cells quiz', tier_policy: 'adaptive', num_questions: '6', graded: '1', grade_policy: 'best' });
    expect(verdict.error).toBeUndefined();
    expect(returned.status).toBe(200);
    const items = verdict.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      type: 'ltiResourceLink', title: 'Cells quiz', url: `${world.app.baseUrl}/lti/launch`,
      custom: { tg_widget: 'quiz', tg_tier_policy: 'adaptive', tg_num_questions: '6', tg_grade_policy: 'best' },
      lineItem: { scoreMaximum: 100, label: 'Cells quiz' },
    });
    expect(verdict.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe(`dl-data-${context.id}`);
  });

  it('when the placement does not accept LTI resource links, then the instructor gets a clear page instead of a picker', async () => {
    const settings = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
    const res = await playLaunch(canvas().platform.prepareLaunch({
      user: teacher, context, messageType: 'LtiDeepLinkingRequest',
      overrideClaims: { [settings]: { deep_link_return_url: `${canvas().platform.url}/deep_linking/return`, accept_types: ['file'] } },
    }).loginUrl);
    expect(res.html).toContain('<code id="tg-lti-error-code">INVALID_MESSAGE</code>');
    expect(res.html).not.toContain('name="session"');
  });

  it('when a learner arrives on a deep-linking launch, then no picker is shown', async () => {
    const res = await playLaunch(canvas().platform.prepareLaunch({ user: user('curious-learner'), context, messageType: 'LtiDeepLinkingRequest' }).loginUrl);
    expect(res.html).toContain('tg-lti-error-code');
    expect(res.html).not.toContain('name="session"');
  });
});

describe('AGS grade passback', () => {
  const custom = { tg_widget: 'quiz', tg_num_questions: '5', tg_grade_policy: 'best', tg_graded: '1' };

  it('when a learner finishes attempts through a practice quiz link (placed ungraded, or placed before the choice was recorded and without a line item), then nothing is sent to the gradebook', async () => {
    const scores = canvas().platform.services.scores;
    const before = { scores: scores.length, lineItemPosts: canvas().platform.services.lineItemPosts };
    for (const [sub, linkCustom] of [['learner-practice', { ...custom, tg_graded: '0' }], ['learner-legacy', { tg_widget: 'quiz' }]] as const) {
      const learner = await learnerLaunch(sub, linkCustom, `practice-${sub}`);
      const attempt = await addAttempt(learner.userId, learner.courseId, 0);
      expect(await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: attempt.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId })).toBeUndefined();
    }
    const passbacks = await db().selectFrom('lti_score_passbacks').innerJoin('lti_resource_links', 'lti_resource_links.id', 'lti_score_passbacks.link_id')
      .select('lti_score_passbacks.id').where('lti_resource_links.resource_link_id', 'like', 'practice-%').execute();
    expect(passbacks).toEqual([]);
    expect(scores.length).toBe(before.scores);
    expect(canvas().platform.services.lineItemPosts).toBe(before.lineItemPosts);
  });

  it('when a learner submits an attempt through a graded link, then exactly one score is POSTed with the right body; a worse second attempt sends the best score; the line item is reused', async () => {
    const learner = await learnerLaunch('learner-ags', custom, 'quiz-link-best');
    expect(learner.widget).toBe('tg-quiz-runner');
    expect(learner.ltiLinkId).toBeTruthy();
    const scores = canvas().platform.services.scores;
    const before = scores.length;

    const first = await addAttempt(learner.userId, learner.courseId, 4);
    const jobId = await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: first.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId });
    expect((await waitForJob(jobId!)).status).toBe('succeeded');
    expect(await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: first.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId })).toBeUndefined();
    expect(scores.slice(before)).toEqual([{
      lineItemId: expect.stringContaining('/line_items/'),
      body: { userId: 'learner-ags', scoreGiven: 80, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: first.created_at.toISOString() },
    }]);

    const second = await addAttempt(learner.userId, learner.courseId, 2);
    const secondJob = await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: second.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId });
    expect((await waitForJob(secondJob!)).status).toBe('succeeded');
    expect(scores.slice(before).map((s) => s.body.scoreGiven)).toEqual([80, 80]);
    expect(new Set(scores.slice(before).map((s) => s.lineItemId)).size).toBe(1);
    const items = canvas().platform.services.lineItems.get(context.id) ?? [];
    expect(items.filter((i) => i.resourceLinkId === 'quiz-link-best')).toHaveLength(1);
    // One client-credentials exchange served every call: the token is cached until it expires…
    const agsTokens = () => canvas().platform.services.tokenRequests.filter((r) => r.scope.includes('/scope/score'));
    expect(agsTokens()).toHaveLength(1);
    expect(agsTokens()[0]!.assertion).toMatchObject({ iss: canvas().tool.clientId, sub: canvas().tool.clientId, aud: canvas().platform.tokenUrl });
    // …and a new one is fetched when it is about to expire (the cached row is sealed: no token in plain text).
    const cached = await db().selectFrom('ltijs_documents').select('doc').where('collection', '=', 'accesstoken').execute();
    expect(JSON.stringify(cached)).not.toMatch(/at-[0-9a-f]{8}-/);
    await cacheAccessToken(db(), world.app.deps.config.ltiKey, canvas().platform.issuer, canvas().tool.clientId, agsTokens()[0]!.scope,
      { accessToken: 'expired-token', expiresAt: Date.now() + 30_000 });
    const third = await addAttempt(learner.userId, learner.courseId, 5);
    const thirdJob = await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: third.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId });
    expect((await waitForJob(thirdJob!)).status).toBe('succeeded');
    expect(agsTokens()).toHaveLength(2);
    expect(scores.slice(before).map((s) => s.body.scoreGiven)).toEqual([80, 80, 100]);
  });

  it('when the score endpoint answers 429 once, then the job retries and the score arrives once', async () => {
    const learner = await learnerLaunch('learner-429', { ...custom, tg_grade_policy: 'latest' }, 'quiz-link-latest');
    canvas().platform.services.scoreFailures.push(429);
    const before = canvas().platform.services.scores.length;
    const attempt = await addAttempt(learner.userId, learner.courseId, 3);
    const job = await waitForJob((await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: attempt.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId }))!);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(canvas().platform.services.scores.slice(before).map((s) => s.body.scoreGiven)).toEqual([60]);
  });

  it('when the cached access token was revoked by the LMS, then it is dropped, a new one fetched, and the score arrives', async () => {
    const learner = await learnerLaunch('learner-revoked', { ...custom, tg_grade_policy: 'latest' }, 'quiz-link-revoked');
    const scope = canvas().platform.services.tokenRequests.find((r) => r.scope.includes('/scope/score'))!.scope;
    await cacheAccessToken(db(), world.app.deps.config.ltiKey, canvas().platform.issuer, canvas().tool.clientId, scope, { accessToken: 'revoked', expiresAt: Date.now() + 3600_000 });
    const before = canvas().platform.services.scores.length;
    const attempt = await addAttempt(learner.userId, learner.courseId, 1);
    const job = await waitForJob((await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: attempt.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId }))!);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(canvas().platform.services.scores.slice(before).map((s) => s.body.scoreGiven)).toEqual([20]);
  });

  it('when the score endpoint keeps failing with 500/429, then the job is dead-lettered and the instructor sees the reason', async () => {
    const learner = await learnerLaunch('learner-500', custom, 'quiz-link-broken');
    const instructor = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: teacher, context, resourceLink: { id: 'quiz-link-broken' }, custom }).loginUrl)).html);
    canvas().platform.services.scoreFailures.push(500, 429, 500, 500, 500);
    const attempt = await addAttempt(learner.userId, learner.courseId, 5);
    const jobId = await queueScorePassback(db(), queue, { tenantId: canvas().tenantId, courseId: learner.courseId, attemptId: attempt.id, userId: learner.userId, ltiLinkId: learner.ltiLinkId }, 3);
    const job = await waitForJob(jobId!);
    canvas().platform.services.scoreFailures.length = 0;
    expect(job.status).toBe('dead_lettered');
    expect(job.attempts).toBe(3);
    expect(job.last_error).toContain('answered 500');
    const status = await world.app.api(`/v1/courses/${learner.courseId}/lti/status`, { token: instructor.token });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    const row = status.body.passback.recent.find((r: { attempt_id: string }) => r.attempt_id === attempt.id);
    expect(row).toMatchObject({ status: 'failed', job_id: jobId });
    expect(row.user_name).toEqual(expect.any(String));
    expect(row.last_error).toContain('Gave up after 3 attempts');

    const retry = await world.app.api(`/v1/attempts/${attempt.id}/lti-passback/retry`, { method: 'POST', token: instructor.token });
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect((await waitForJob(retry.body.job_id)).status).toBe('succeeded');
    const after = await world.app.api(`/v1/courses/${learner.courseId}/lti/status`, { token: instructor.token });
    expect(after.body.passback.recent.find((r: { attempt_id: string }) => r.attempt_id === attempt.id)).toMatchObject({ status: 'sent', score_given: 100 });
    const again = await world.app.api(`/v1/attempts/${attempt.id}/lti-passback/retry`, { method: 'POST', token: instructor.token });
    expect(again.status).toBe(409);
  });
});

describe('NRPS roster sync', () => {
  it('when a 3-page roster is synced, then never-launched members are pending, launched ones active, and members who left are deactivated', async () => {
    const instructor = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: teacher, context, resourceLink: { id: 'ask-link' } }).loginUrl)).html);
    const launched = await learnerLaunch('roster-launched', {}, 'ask-link');
    const newcomers = ['n1', 'n2', 'n3', 'n4', 'n5'].map((s) => user(`roster-${s}`));
    const roster = [teacher, user('roster-launched'), ...newcomers].map((u) => ({ user: u }));
    canvas().platform.services.rosters.set(context.id, { members: roster, pageSize: 3 });
    const requestsBefore = canvas().platform.services.nrpsRequests;

    const sync = await world.app.api(`/v1/courses/${instructor.courseId}/lti/roster-sync`, { method: 'POST', token: instructor.token });
    expect(sync.status, JSON.stringify(sync.body)).toBe(202);
    expect((await waitForJob(sync.body.job_id)).status).toBe('succeeded');
    expect(canvas().platform.services.nrpsRequests - requestsBefore).toBe(3);

    const statusOf = async (sub: string) => db().selectFrom('course_members as m').innerJoin('lti_user_links as u', 'u.user_id', 'm.user_id')
      .select(['m.status', 'm.role']).where('u.sub', '=', sub).where('m.course_id', '=', instructor.courseId).executeTakeFirst();
    expect(await statusOf('roster-n1')).toEqual({ status: 'pending', role: 'learner' });
    expect(await statusOf('roster-launched')).toEqual({ status: 'active', role: 'learner' });
    expect(await statusOf(teacher.sub)).toEqual({ status: 'active', role: 'instructor' });
    expect(launched.courseId).toBe(instructor.courseId);

    canvas().platform.services.rosters.set(context.id, { members: roster.filter((m) => !['roster-n4', 'roster-n5', 'roster-launched'].includes(m.user.sub)), pageSize: 3 });
    const again = await world.app.api(`/v1/courses/${instructor.courseId}/lti/roster-sync`, { method: 'POST', token: instructor.token });
    expect((await waitForJob(again.body.job_id)).status).toBe('succeeded');
    expect(await statusOf('roster-n5')).toMatchObject({ status: 'deactivated' });
    expect(await statusOf('roster-launched')).toMatchObject({ status: 'deactivated' });
    expect(await statusOf('roster-n1')).toMatchObject({ status: 'pending' });

    const status = await world.app.api(`/v1/courses/${instructor.courseId}/lti/status`, { token: instructor.token });
    expect(status.body.roster).toMatchObject({ status: 'succeeded', counts: { members: 4, pages: 2, deactivated: 3 } });
  });

  it('when the schedule runs, then only courses whose last sync is older than the limit get a sync job', async () => {
    await queueDueRosterSyncs(db(), queue, 24);
    // Whatever that run queued is waiting, running or done: a second run at once queues nothing again.
    expect(await queueDueRosterSyncs(db(), queue, 24)).toBe(0);
    const courseIds = (await db().selectFrom('lti_contexts').select('course_id').execute()).map((r) => r.course_id);
    await db().updateTable('lti_contexts').set({ last_sync_at: new Date(Date.now() - 48 * 3600_000) }).where('course_id', '=', courseIds[0]!).execute();
    await db().updateTable('lti_contexts').set({ last_sync_at: new Date() }).where('course_id', '<>', courseIds[0]!).execute();
    const before = await db().selectFrom('jobs').select('id').where('kind', '=', 'lti_roster_sync').execute();
    expect(await queueDueRosterSyncs(db(), queue, 24)).toBe(1);
    const after = await db().selectFrom('jobs').select(['id', 'target_id']).where('kind', '=', 'lti_roster_sync').execute();
    expect(after.length - before.length).toBe(1);
    expect(after.find((job) => !before.some((b) => b.id === job.id))?.target_id).toBe(courseIds[0]);
  });
});
