import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playLaunch, postForm } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type LaunchSpec } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from './lti-world.js';

let world: LtiWorld;
beforeAll(async () => { world = await startLtiWorld(['canvas', 'moodle']); });
afterAll(async () => { await world?.close(); });

const canvas = () => world.platforms[0]!;
const moodle = () => world.platforms[1]!;
let counter = 0;
const spec = (overrides: Partial<LaunchSpec> = {}): LaunchSpec => {
  counter += 1;
  return {
    user: { sub: `user-${counter}`, name: `Ada Lovelace ${counter}`, email: `ada${counter}@school.test`, roles: [ROLE.learner, ROLE.institutionStudent] },
    context: { id: `ctx-${counter}`, title: `Biology ${counter}`, label: `BIO${counter}` },
    resourceLink: { id: `link-${counter}`, title: 'Ask TutorGraph' },
    ...overrides,
  };
};

describe('LTI launch from Canvas and Moodle', () => {
  it('when a Canvas learner launches, then the tenant, user, course and membership exist and the ask panel page carries a working app token', async () => {
    const launchSpec = spec();
    const { loginUrl } = canvas().platform.prepareLaunch(launchSpec);
    const result = await playLaunch(loginUrl);
    expect(result.status, result.html).toBe(200);
    expect(result.html).toContain('<script type="module" src="/widgets/tutorgraph.js"></script>');
    const page = readToolPage(result.html);
    expect(page.widget).toBe('tg-ask-panel');
    expect(page.tenantId).toBe(canvas().tenantId);

    const course = await world.app.api(`/v1/courses/${page.courseId}`, { token: page.token });
    expect(course.status).toBe(200);
    expect(course.body).toMatchObject({ title: launchSpec.context.title, lti_context_id: launchSpec.context.id, role: 'learner', tenant_id: canvas().tenantId });

    const db = world.app.db.db;
    const link = await db.selectFrom('lti_user_links').selectAll().where('sub', '=', launchSpec.user.sub).executeTakeFirstOrThrow();
    expect(link.registration_id).toBe(canvas().registration.id);
    const membership = await db.selectFrom('memberships').selectAll().where('user_id', '=', link.user_id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ tenant_id: canvas().tenantId, role: 'learner', status: 'active' });
    const member = await db.selectFrom('course_members').selectAll().where('user_id', '=', link.user_id).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ course_id: page.courseId, role: 'learner' });
  });

  it('when an instructor then a learner launch the same Moodle context, then both land in one course created on the first launch, titled from the context', async () => {
    const first = spec({ user: { sub: 'moodle-teacher', name: 'Grace Hopper', email: 'grace@moodle.test', roles: [ROLE.instructor] } });
    const teacher = await playLaunch(moodle().platform.prepareLaunch(first).loginUrl);
    const learner = await playLaunch(moodle().platform.prepareLaunch({ ...spec(), context: first.context }).loginUrl);
    const a = readToolPage(teacher.html);
    const b = readToolPage(learner.html);
    expect(a.courseId).toBe(b.courseId);
    expect(a.tenantId).toBe(moodle().tenantId);
    const courses = await world.app.db.db.selectFrom('courses').selectAll().where('lti_context_id', '=', first.context.id).execute();
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({ title: first.context.title, tenant_id: moodle().tenantId, lti_registration_id: moodle().registration.id });
    const roles = await world.app.db.db.selectFrom('course_members').select(['role']).where('course_id', '=', a.courseId).orderBy('role').execute();
    expect(roles.map((r) => r.role)).toEqual(['instructor', 'learner']);
  });

  it('when the same sub launches from two registrations, then they are two different users in two tenants', async () => {
    const person = spec().user;
    const fromCanvas = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ ...spec(), user: person }).loginUrl)).html);
    const fromMoodle = readToolPage((await playLaunch(moodle().platform.prepareLaunch({ ...spec(), user: person }).loginUrl)).html);
    expect(fromCanvas.tenantId).not.toBe(fromMoodle.tenantId);
    const links = await world.app.db.db.selectFrom('lti_user_links').select(['user_id']).where('sub', '=', person.sub).execute();
    expect(new Set(links.map((l) => l.user_id)).size).toBe(2);
  });

  it('when a Canvas link carries tg_widget=quiz as a custom field, then the quiz widget opens with its settings', async () => {
    const result = await playLaunch(canvas().platform.prepareLaunch(spec({ custom: { tg_widget: 'quiz', tg_num_questions: '7', tg_grade_policy: 'best' } })).loginUrl);
    expect(readToolPage(result.html).widget).toBe('tg-quiz-runner');
    expect(result.html).toContain('questions="7"');
    expect(result.html).toContain('data-tg-grade-policy="best"');
    // Placed without the graded choice and without an LMS line item: practice, and the learner is told so.
    expect(result.html).toMatch(/id="tg-gradebook-note"[^>]*>Practice: nothing you do here is sent to your course gradebook/);
  });

  it('when a launch completes, then the response reports server time per hop', async () => {
    const result = await fetch(canvas().platform.prepareLaunch(spec()).loginUrl, { redirect: 'manual' });
    expect(result.headers.get('server-timing')).toMatch(/lti-login;dur=\d/);
  });
});

describe('launches we refuse, each with a clear page and no login', () => {
  const expectRefused = (result: { status: number; html: string }, code: string) => {
    expect(result.status, result.html.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(result.html).toContain(`<code id="tg-lti-error-code">${code}</code>`);
    expect(result.html).not.toContain('<tg-provider');
  };
  const launchWith = (options: Parameters<LtiWorld['platforms'][0]['platform']['prepareLaunch']>[1], overrides: Partial<LaunchSpec> = {}) =>
    playLaunch(canvas().platform.prepareLaunch(spec(overrides), options).loginUrl);

  it('when the signature does not verify, then BAD_SIGNATURE', async () => expectRefused(await launchWith({ signing: 'bad-signature' }), 'BAD_SIGNATURE'));
  it('when the kid is not in the platform JWKS, then UNKNOWN_KID', async () => expectRefused(await launchWith({ signing: 'unknown-kid' }), 'UNKNOWN_KID'));
  it('when alg is none, then ALG_NOT_ALLOWED', async () => expectRefused(await launchWith({ signing: 'alg-none' }), 'ALG_NOT_ALLOWED'));
  it('when HS256 is keyed with the public key, then ALG_NOT_ALLOWED', async () => expectRefused(await launchWith({ signing: 'hs256-public-key' }), 'ALG_NOT_ALLOWED'));
  it('when iss differs, then WRONG_ISSUER', async () => expectRefused(await launchWith({}, { overrideClaims: { iss: 'https://evil.example' } }), 'WRONG_ISSUER'));
  it('when aud is another client, then WRONG_AUDIENCE', async () => expectRefused(await launchWith({}, { overrideClaims: { aud: 'other-client' } }), 'WRONG_AUDIENCE'));
  it('when azp is another client, then WRONG_AZP', async () => {
    expectRefused(await launchWith({}, { overrideClaims: { aud: [canvas().tool.clientId, 'other-client'], azp: 'other-client' } }), 'WRONG_AZP');
  });
  it('when the token has expired, then EXPIRED', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectRefused(await launchWith({}, { overrideClaims: { iat: now - 900, exp: now - 600 } }), 'EXPIRED');
  });
  it('when iat is in the future beyond the skew, then IAT_IN_FUTURE', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectRefused(await launchWith({}, { overrideClaims: { iat: now + 600, exp: now + 900 } }), 'IAT_IN_FUTURE');
  });
  it('when a launch form is replayed, then NONCE_REPLAY', async () => {
    const first = await playLaunch(canvas().platform.prepareLaunch(spec()).loginUrl);
    expect(first.status).toBe(200);
    expectRefused(await postForm(first.form, first.cookie), 'NONCE_REPLAY');
  });
  it('when the id_token nonce is not the one the login sent, then NONCE_MISMATCH', async () => {
    expectRefused(await launchWith({ nonceOverride: 'a-nonce-we-never-sent' }), 'NONCE_MISMATCH');
  });
  it('when the state is not one we issued, then STATE_MISMATCH', async () => expectRefused(await launchWith({ stateOverride: 'forged-state' }), 'STATE_MISMATCH'));
  it('when the state is ours but the browser lacks the state cookie, then no tool page: a new window that starts the login again is offered', async () => {
    const { loginUrl } = canvas().platform.prepareLaunch(spec());
    const result = await playLaunch(loginUrl, { dropCookies: true });
    expect(result.status).toBe(401);
    expect(result.html).not.toContain('<tg-provider');
    expect(result.html).toContain('id="tg-lti-new-window"');
    const href = /id="tg-lti-open-window"[^>]*href="([^"]+)"/.exec(result.html)?.[1] ?? '';
    const windowUrl = new URL(href.replace(/&#38;/g, '&'));
    expect(windowUrl.pathname).toBe('/lti/login');
    expect(Object.fromEntries(windowUrl.searchParams)).toEqual(Object.fromEntries(new URL(loginUrl).searchParams));
  });
  it('when a Moodle launch arrives without its state cookie, then the page does not reuse the spent message hint but says to open the activity again', async () => {
    const { loginUrl } = moodle().platform.prepareLaunch(spec());
    const result = await playLaunch(loginUrl, { dropCookies: true });
    expect(result.status).toBe(401);
    expect(result.html).not.toContain('<tg-provider');
    expect(result.html).not.toContain('id="tg-lti-open-window"');
    expect(result.html).toContain('Open the activity again');
    // Why: Moodle's hint was spent by this launch; starting the login again with it ends on Moodle's error.
    const login = await fetch(loginUrl, { redirect: 'manual' });
    expect((await fetch(login.headers.get('location')!)).status).toBe(400);
    expect(moodle().platform.messageHintLog.at(-1)?.outcome).toBe('refused');
  });
  it('when the deployment is not registered, then UNKNOWN_DEPLOYMENT at login', async () => {
    expectRefused(await launchWith({ deploymentId: 'unregistered-deployment' }), 'UNKNOWN_DEPLOYMENT');
  });
  it('when only the id_token names an unregistered deployment, then UNKNOWN_DEPLOYMENT at launch', async () => {
    expectRefused(await launchWith({}, { overrideClaims: { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'sneaky' } }), 'UNKNOWN_DEPLOYMENT');
  });
  it('when the issuer and client id are not registered, then UNKNOWN_PLATFORM', async () => {
    const url = new URL(canvas().platform.prepareLaunch(spec()).loginUrl);
    url.searchParams.set('client_id', 'nobody');
    expectRefused(await playLaunch(url.toString()), 'UNKNOWN_PLATFORM');
  });
  it('when the LMS key set cannot be fetched, then KEYS_UNAVAILABLE (503), not a signature verdict', async () => {
    const db = world.app.db.db;
    await db.updateTable('lti_registrations').set({ keyset_url: 'http://127.0.0.1:9/unreachable-jwks' }).where('id', '=', canvas().registration.id).execute();
    try {
      const result = await launchWith({});
      expectRefused(result, 'KEYS_UNAVAILABLE');
      expect(result.status).toBe(503);
    } finally {
      await db.updateTable('lti_registrations').set({ keyset_url: canvas().platform.jwksUrl }).where('id', '=', canvas().registration.id).execute();
    }
  });
  it('when the message is not LTI 1.3, then INVALID_MESSAGE', async () => {
    expectRefused(await launchWith({}, { overrideClaims: { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' } }), 'INVALID_MESSAGE');
  });
});
