import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLtiRegistration, passbackScore, readAppVersion, syncRoster, verifyAppToken } from '@tutorgraph/core';
import { createLtiSigner } from '../../src/lti/lti-runtime.js';
import { DYNAMIC_REGISTRATION_PURPOSE } from '../../src/lti/dynamic-registration.handler.js';
import { RENEWAL_PURPOSE } from '../../src/lti/session.handler.js';
import { parseAutoPostForm, playLaunch, postForm } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { startTestPlatform, type TestPlatform } from '../../../test-support/lti-platform/platform.js';
import { readToolPage, startLtiWorld, type LtiWorld } from './lti-world.js';

// Moodle as it is really re-registered: a second registration of the same site (manual, new client id)
// and Moodle's "Update" choice (same client id again). Plus the service calls' User-Agent and the
// renewal endpoint a launch page uses.
let world: LtiWorld;
const moodle = () => world.platforms[0]!;
const db = () => world.app.db.db;
const person = (sub: string, roles: string[]): PlatformUser => ({ sub, name: `Person ${sub}`, email: `${sub}@moodle.test`, roles });
const context = { id: 'moodle-course-7', title: 'Psychology 101' };
const launch = async (user: PlatformUser, custom: Record<string, string> = {}) =>
  readToolPage((await playLaunch(moodle().platform.prepareLaunch({ user, context, resourceLink: { id: 'quiz-1', title: 'Quiz' }, custom }).loginUrl)).html);

beforeAll(async () => { world = await startLtiWorld(['moodle']); });
afterAll(async () => { await world?.close(); });

async function registerLink(tenantId: string, platform: TestPlatform = moodle().platform): Promise<URL> {
  const link = await db().insertInto('lti_registration_links')
    .values({ tenant_id: tenantId, created_by: null, expires_at: new Date(Date.now() + 3600_000) }).returning('id').executeTakeFirstOrThrow();
  const tg = await createLtiSigner(world.app.deps.config.ltiKey).sign(DYNAMIC_REGISTRATION_PURPOSE, { tenantId, linkId: link.id }, 3600);
  const url = new URL(`${world.app.deps.config.publicUrl}/lti/register`);
  url.searchParams.set('tg', tg);
  url.searchParams.set('openid_configuration', `${platform.url}/.well-known/openid-configuration`);
  url.searchParams.set('registration_token', platform.services.registrationToken);
  return url;
}

describe('re-registering the same LMS', () => {
  it('when the same Moodle is registered again with a new client id in the same tenant, then its courses and people stay one course and one user each', async () => {
    const teacher = person('teacher-7', [ROLE.instructor]);
    const learner = person('learner-7', [ROLE.learner]);
    const before = { teacher: await launch(teacher), learner: await launch(learner) };
    const beforeIds = await Promise.all([before.teacher, before.learner].map((p) => verifyAppToken(world.app.deps.config.appTokenKeys, p.token)));

    // The admin registers the same Moodle again (a new tool in Moodle: new client id, new deployment).
    const { platform, tenantId } = moodle();
    const base = world.app.deps.config.publicUrl;
    const tool = platform.registerTool({ loginUrl: `${base}/lti/login`, redirectUris: [`${base}/lti/launch`], jwksUrl: `${base}/lti/keys` });
    await createLtiRegistration(db(), tenantId, {
      name: 'Moodle again', kind: 'moodle', issuer: platform.issuer, clientId: tool.clientId,
      authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, keysetUrl: platform.jwksUrl, deploymentIds: [tool.deploymentId],
    });
    const after = { teacher: await launch(teacher), learner: await launch(learner) };
    const afterIds = await Promise.all([after.teacher, after.learner].map((p) => verifyAppToken(world.app.deps.config.appTokenKeys, p.token)));

    expect(after.learner.courseId).toBe(before.learner.courseId);
    expect(afterIds.map((c) => c.userId)).toEqual(beforeIds.map((c) => c.userId));
    const courses = await db().selectFrom('courses').select('id').where('tenant_id', '=', tenantId).where('lti_context_id', '=', context.id).execute();
    expect(courses).toHaveLength(1);
    const users = await db().selectFrom('lti_user_links').select(['user_id', 'registration_id']).where('tenant_id', '=', tenantId)
      .where('sub', 'in', [teacher.sub, learner.sub]).execute();
    expect(new Set(users.map((u) => u.user_id)).size).toBe(2);
    expect(new Set(users.map((u) => u.registration_id)).size).toBe(2);
    // The course's LMS services are now reached through the registration that launched last.
    const moved = await db().selectFrom('courses').innerJoin('lti_contexts', 'lti_contexts.course_id', 'courses.id')
      .select(['courses.lti_registration_id', 'lti_contexts.registration_id', 'lti_contexts.deployment_id']).where('courses.id', '=', after.learner.courseId).executeTakeFirstOrThrow();
    expect(moved.lti_registration_id).toBe(moved.registration_id);
    expect(moved.deployment_id).toBe(tool.deploymentId);
  });

  it('when the same LMS is registered in another tenant, then that tenant gets its own course and users (no merging across tenants)', async () => {
    const other = await db().insertInto('tenants').values({ name: 'Other school', slug: `other-${Date.now() % 100000}` }).returning('id').executeTakeFirstOrThrow();
    const { platform } = moodle();
    const base = world.app.deps.config.publicUrl;
    const tool = platform.registerTool({ loginUrl: `${base}/lti/login`, redirectUris: [`${base}/lti/launch`], jwksUrl: `${base}/lti/keys` });
    await createLtiRegistration(db(), other.id, {
      name: 'Shared Moodle', kind: 'moodle', issuer: platform.issuer, clientId: tool.clientId,
      authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, keysetUrl: platform.jwksUrl, deploymentIds: [tool.deploymentId],
    });
    const page = await launch(person('learner-7', [ROLE.learner]));
    expect(page.tenantId).toBe(other.id);
    const links = await db().selectFrom('lti_user_links').select(['user_id', 'tenant_id']).where('sub', '=', 'learner-7').execute();
    const byTenant = new Map(links.map((l) => [l.tenant_id, l.user_id]));
    expect(byTenant.get(other.id)).not.toBe(byTenant.get(moodle().tenantId));
  });

  it('when Moodle re-registers through dynamic registration and chooses "Update", then the existing registration is updated, not refused', async () => {
    const tenant = await db().insertInto('tenants').values({ name: 'Dyn school', slug: `dyn-${Date.now() % 100000}` }).returning('id').executeTakeFirstOrThrow();
    const { platform } = moodle();
    const first = await fetch(await registerLink(tenant.id));
    expect(first.status, await first.clone().text()).toBe(200);
    const clientId = platform.tool!.clientId;
    platform.services.registrationMode = 'update';
    try {
      const second = await fetch(await registerLink(tenant.id));
      const html = await second.text();
      expect(second.status, html).toBe(200);
      expect(html).toContain('The existing registration was updated');
    } finally {
      platform.services.registrationMode = 'new';
    }
    expect(platform.tool!.clientId).toBe(clientId);
    const rows = await db().selectFrom('lti_registrations').select('id').where('issuer', '=', platform.issuer).where('client_id', '=', clientId).execute();
    expect(rows).toHaveLength(1);
    const page = await playLaunch(platform.prepareLaunch({ user: person('dyn-user', [ROLE.learner]), context: { id: 'dyn-ctx', title: 'Dyn' } }).loginUrl);
    expect(readToolPage(page.html).tenantId).toBe(tenant.id);
  });

  it('when a registration link is used twice, then the page says what to do: create a new registration link in Admin → LTI', async () => {
    const url = await registerLink(moodle().tenantId);
    await (await fetch(url)).text();
    const again = await fetch(url);
    const html = await again.text();
    expect(again.status).toBe(401);
    expect(html).toContain('TutorGraph could not be registered');
    expect(html).toContain('Create registration link');
    expect(html).not.toContain('Try opening the tool again from your course');
  });
});

describe('re-registering under a new hostname', () => {
  /** A Moodle-like platform of its own, registered by dynamic registration to a new tenant. */
  async function freshMoodle(name: string) {
    const platform = await startTestPlatform({ kind: 'moodle' });
    world.app.deps.config.outbound.allowHosts.push(new URL(platform.url).host);
    const tenant = await db().insertInto('tenants').values({ name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now() % 100000}` })
      .returning('id').executeTakeFirstOrThrow();
    const registered = await fetch(await registerLink(tenant.id, platform));
    expect(registered.status, await registered.text()).toBe(200);
    return { platform, tenantId: tenant.id };
  }
  const launchOn = async (platform: TestPlatform, user: PlatformUser, custom: Record<string, string> = {}) => {
    const page = readToolPage((await playLaunch(platform.prepareLaunch({ user, context, resourceLink: { id: 'moved-quiz', title: 'Quiz' }, custom }).loginUrl)).html);
    return { ...page, claims: await verifyAppToken(world.app.deps.config.appTokenKeys, page.token) };
  };

  it('when the tool moves to a new PUBLIC_URL and Moodle registers it again (a new tool: new client id), then the tenant keeps one course, one user per person and one link, and every URL the LMS is given names the new host', async () => {
    const { platform, tenantId } = await freshMoodle('Moved tool school');
    const teacher = person('moved-teacher', [ROLE.instructor]);
    const learner = person('moved-learner', [ROLE.learner]);
    const before = { teacher: await launchOn(platform, teacher), learner: await launchOn(platform, learner, { tg_widget: 'quiz', tg_graded: '1' }) };
    const oldBase = world.app.deps.config.publicUrl;
    const newBase = oldBase.replace('127.0.0.1', 'localhost');
    expect(newBase).not.toBe(oldBase);
    world.app.deps.config.publicUrl = newBase;
    try {
      const link = await registerLink(tenantId, platform);
      const again = await fetch(link);
      expect(again.status, await again.clone().text()).toBe(200);
      // What the tool told the LMS: login, launch, keys and deep linking all on the new host.
      const request = platform.services.dynamicRegistrations.at(-1)!;
      const toolConfig = request['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { domain: string; target_link_uri: string; messages: { target_link_uri: string }[] };
      const urls = [request.initiate_login_uri, request.jwks_uri, ...(request.redirect_uris as string[]), toolConfig.target_link_uri, ...toolConfig.messages.map((m) => m.target_link_uri)];
      expect(urls.every((u) => String(u).startsWith(`${newBase}/lti/`)), urls.join(' ')).toBe(true);
      expect(toolConfig.domain).toBe(new URL(newBase).host);
      expect(platform.tool!.loginUrl.startsWith(newBase)).toBe(true);
      expect((await (await fetch(`${newBase}/lti/canvas.json`)).json() as { oidc_initiation_url: string }).oidc_initiation_url).toBe(`${newBase}/lti/login`);

      // The learner opens the same activity (no custom parameters this time: the link keeps its settings).
      const after = { teacher: await launchOn(platform, teacher), learner: await launchOn(platform, learner) };
      expect(after.learner.tenantId).toBe(tenantId);
      expect(after.learner.courseId).toBe(before.learner.courseId);
      expect([after.teacher.claims.userId, after.learner.claims.userId]).toEqual([before.teacher.claims.userId, before.learner.claims.userId]);
      expect(after.learner.claims.ltiLinkId).toBe(before.learner.claims.ltiLinkId);
      expect(after.learner.widget).toBe('tg-quiz-runner');
      expect(await db().selectFrom('courses').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(1);
      expect(await db().selectFrom('lti_resource_links').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(1);
      // Both registrations stay (activities placed with the old tool still launch through it), with their deployments.
      const registrations = await db().selectFrom('lti_registrations').innerJoin('lti_deployments', 'lti_deployments.registration_id', 'lti_registrations.id')
        .select(['lti_registrations.client_id', 'lti_deployments.deployment_id']).where('lti_registrations.tenant_id', '=', tenantId).execute();
      expect(registrations).toHaveLength(2);

      // Deep linking: the picker's link points the LMS at the launch URL on the new host.
      const picker = await playLaunch(platform.prepareLaunch({ user: teacher, context, messageType: 'LtiDeepLinkingRequest' }).loginUrl);
      const session = /name="session" value="([^"]+)"/.exec(picker.html)?.[1];
      expect(session, picker.html).toBeTruthy();
      const submitted = await fetch(`${newBase}/lti/deep-link`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ session: session!, widget: 'ask' }),
      });
      await postForm(parseAutoPostForm(await submitted.text()));
      const returned = platform.services.deepLinkReturns.at(-1)!;
      expect(returned.error).toBeUndefined();
      const items = returned.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { url: string }[];
      expect(items[0]!.url).toBe(`${newBase}/lti/launch`);

      // Services: the LMS checks the tool's client assertion against the JWKS on the new host.
      platform.services.rosters.set(context.id, { members: [{ user: learner }, { user: teacher }], pageSize: 50 });
      const requested = platform.services.tokenRequests.length;
      await syncRoster({ db: db(), ltiKey: world.app.deps.config.ltiKey, outbound: world.app.deps.config.outbound }, tenantId, after.learner.courseId);
      expect(platform.services.tokenRequests.length).toBe(requested + 1);
      expect(platform.tool!.jwksUrl).toBe(`${newBase}/lti/keys`);
    } finally {
      world.app.deps.config.publicUrl = oldBase;
      await platform.close();
    }
  });

  it('when the LMS moves to a new hostname and Moodle updates the tool (same client id and deployment; new issuer and guid), then the registration follows it and its courses and people stay one each', async () => {
    const { platform, tenantId } = await freshMoodle('Moved LMS school');
    const learner = person('moved-lms-learner', [ROLE.learner]);
    const before = await launchOn(platform, learner);
    const { clientId, deploymentId } = platform.tool!;
    const oldIssuer = platform.issuer;
    platform.moveTo('localhost');
    world.app.deps.config.outbound.allowHosts.push(new URL(platform.url).host);
    expect(platform.issuer).not.toBe(oldIssuer);
    // Until the LMS registers again, its launches are from an issuer TutorGraph does not know.
    expect((await playLaunch(platform.prepareLaunch({ user: learner, context }).loginUrl)).html).toContain('UNKNOWN_PLATFORM');
    platform.services.registrationMode = 'update';
    try {
      const updated = await fetch(await registerLink(tenantId, platform));
      expect(updated.status).toBe(200);
      expect(await updated.text()).toContain('The existing registration was updated');
      expect(platform.tool).toMatchObject({ clientId, deploymentId });
      const registrations = await db().selectFrom('lti_registrations').select(['issuer', 'client_id', 'auth_login_url']).where('tenant_id', '=', tenantId).execute();
      expect(registrations).toEqual([{ issuer: platform.issuer, client_id: clientId, auth_login_url: platform.authUrl }]);

      const after = await launchOn(platform, learner);
      expect(after.tenantId).toBe(tenantId);
      expect(after.courseId).toBe(before.courseId);
      expect(after.claims.userId).toBe(before.claims.userId);
      expect(await db().selectFrom('courses').select('id').where('tenant_id', '=', tenantId).execute()).toHaveLength(1);
    } finally {
      await platform.close();
    }
  });
});

describe('calls to the LMS', () => {
  it('when the tool calls the token, NRPS, AGS and registration endpoints, then every call says User-Agent: TutorGraph/<version>', async () => {
    const { platform } = moodle();
    // Registers the tool (configuration + registration endpoints), then launches through that registration.
    expect((await fetch(await registerLink(moodle().tenantId))).status).toBe(200);
    const page = await launch(person('ua-learner', [ROLE.learner]), { tg_widget: 'quiz', tg_graded: '1' });
    const tenantId = page.tenantId;
    const claims = await verifyAppToken(world.app.deps.config.appTokenKeys, page.token);
    const deps = { db: db(), ltiKey: world.app.deps.config.ltiKey, outbound: world.app.deps.config.outbound };
    platform.services.rosters.set(context.id, { members: [{ user: person('ua-learner', [ROLE.learner]) }], pageSize: 50 });
    await syncRoster(deps, tenantId, page.courseId);
    const quiz = await db().insertInto('quizzes').values({ tenant_id: tenantId, course_id: page.courseId, user_id: claims.userId, tier: 2, num_questions: 1, generator: 'local', context: '{}' })
      .returning('id').executeTakeFirstOrThrow();
    const attempt = await db().insertInto('quiz_attempts').values({
      tenant_id: tenantId, course_id: page.courseId, quiz_id: quiz.id, user_id: claims.userId, answers: '[]', results: '[]', score: 1, max_score: 1, tier: 2, next_tier: 2,
    }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('lti_score_passbacks').values({ tenant_id: tenantId, course_id: page.courseId, link_id: claims.ltiLinkId!, attempt_id: attempt.id, user_id: claims.userId }).execute();
    await passbackScore(deps, tenantId, attempt.id);

    const seen = platform.services.userAgents;
    for (const path of ['/login/oauth2/token', '/names_and_roles', '/line_items', '/scores', '/.well-known/openid-configuration', '/lti/registrations']) {
      expect(seen.some((s) => s.path.endsWith(path)), `no call to ${path}`).toBe(true);
    }
    expect(new Set(seen.map((s) => s.userAgent))).toEqual(new Set([`TutorGraph/${readAppVersion()}`]));
    // The score body Canvas shows as graded (not "needs grading").
    expect(platform.services.scores.at(-1)!.body).toMatchObject({
      userId: 'ua-learner', scoreGiven: 100, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: expect.any(String),
    });
  });
});

describe('renewing a launch\'s app token', () => {
  it('when the renewal token is valid and the person still a member, then a fresh token for the same user, course and link; when it expired or the member left, then 401', async () => {
    const page = await launch(person('renew-learner', [ROLE.learner]));
    const claims = await verifyAppToken(world.app.deps.config.appTokenKeys, page.token);
    const signer = createLtiSigner(world.app.deps.config.ltiKey);
    const session = { userId: claims.userId, tenantId: claims.tenantId, courseId: page.courseId, role: 'learner', linkId: claims.ltiLinkId };
    const renew = (renewalToken: string) => world.app.api('/lti/session/renew', { body: { renewal_token: renewalToken } });

    const ok = await renew(await signer.sign(RENEWAL_PURPOSE, session, 60));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const fresh = await verifyAppToken(world.app.deps.config.appTokenKeys, ok.body.token);
    expect(fresh).toMatchObject({ userId: claims.userId, tenantId: claims.tenantId, courseId: page.courseId, ltiLinkId: claims.ltiLinkId, via: 'lti' });
    expect(Date.parse(ok.body.expires_at)).toBeLessThanOrEqual(Date.now() + 61_000);
    expect((await world.app.api(`/v1/courses/${page.courseId}/performance`, { token: ok.body.token })).status).toBe(200);

    const shortLived = await signer.sign(RENEWAL_PURPOSE, session, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await renew(shortLived)).status).toBe(401);
    expect((await renew(await signer.sign('deep-link', session, 60))).status).toBe(401);

    await db().updateTable('course_members').set({ status: 'deactivated' }).where('course_id', '=', page.courseId).where('user_id', '=', claims.userId).execute();
    const left = await renew(await signer.sign(RENEWAL_PURPOSE, session, 60));
    expect(left.status).toBe(401);
    expect(left.body.error.message).toContain('Reopen this activity from your course');
  });
});
