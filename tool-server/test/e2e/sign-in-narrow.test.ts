/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner, createSignInLink, mintAppToken } from '@tutorgraph/core';
import type { RunningServer } from '../../src/server.js';
import { AXE_TAGS, REPO_ROOT } from './portal-world.js';
import { startTestIdp, type TestIdp } from '../../../test-support/oidc-idp.js';
import { fillSsoForm, productionConfig, signInAtIdp } from '../../../test-support/oidc-sign-in.js';
import { localOnlyWindow, sidewaysOverflow } from '../../../test-support/browser.js';
import { serveWidgets, type ServedWidgets } from '../../../test-support/served-widgets.js';

// Issue 21, item 4 and the sign-in states: with NODE_ENV=production (no demo), every sign-in state on a 375-px
// phone — the sign-in form, an unknown organisation, the organisation's "Sign in with …" button (new and
// remembered), the provider refusing, an expired session, signed in, each invite outcome, the SSO and API-key
// tabs (created key shown once, form error, revoke confirm, revoked), an embedded widget with a live and an
// expired token — and the portal and widgets inside a 320-px iframe on another origin. Each: no horizontal
// overflow (page and every element, light and shadow DOM) and axe 0 WCAG 2.2 A/AA violations, in Chromium.
// Screenshots: docs/screenshots/sign-in-375--*.png and sign-in-320-frame--*.png.
const ORG = 'Narrow Academy of Rather Long Organisation Names';
const OWNER = 'owner@narrow.test';
const BUTTON = 'Narrow Academy Accounts';
const SHOTS = `${REPO_ROOT}docs/screenshots`;

let idp: TestIdp;
let world: ServedWidgets;
let server: RunningServer;
let browser: Browser;
let host: Server;
let hostUrl = '';
let dataDir = '';
const embed = { live: '', expired: '', courseId: '' };

/** The host site (another origin): a page embedding a widget with a given token, and a 320-px iframe of any URL. */
function startHost(): Promise<string> {
  host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/frame') {
      res.end(`<!doctype html><html lang="en"><head><title>Host page</title></head><body style="margin:0"><main>
<iframe title="TutorGraph" src="${url.searchParams.get('src') ?? ''}" width="320" height="720" style="border:0;display:block"></iframe></main></body></html>`);
      return;
    }
    const token = url.pathname === '/embed-expired' ? embed.expired : embed.live;
    res.end(`<!doctype html><html lang="en"><head><title>Host course page</title><meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="${server.url}/widgets/tutorgraph.js"></script></head>
<body style="margin:0"><main style="padding:8px"><h1>Course page</h1><tg-ask-panel api-base="${server.url}" token="${token}" course-id="${embed.courseId}"></tg-ask-panel></main></body></html>`);
  });
  return new Promise((resolve) => host.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(host.address() as AddressInfo).port}`)));
}

const problems: string[] = [];
const checked: string[] = [];

/** Overflow (in the page, or in the iframe's document) and axe (the whole page, frames included), plus a screenshot. */
async function check(page: Page, name: string, frame?: Frame): Promise<void> {
  await page.waitForTimeout(250);
  const axe = frame ? new AxeBuilder({ page }) : new AxeBuilder({ page }).setLegacyMode();
  const result = await axe.withTags(AXE_TAGS).analyze();
  problems.push(...(await sidewaysOverflow(frame ?? page, 6)).map((o) => `${name}: overflow ${o}`));
  problems.push(...result.violations.map((v) => `${name}: axe ${v.id} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`));
  checked.push(name);
  await page.screenshot({ path: `${SHOTS}/sign-in-${frame ? '320-frame' : '375'}--${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`, animations: 'disabled' });
}

const phone = () => localOnlyWindow(browser, { width: 375, height: 740 });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  idp = await startTestIdp();
  hostUrl = await startHost();
  dataDir = `/tmp/tg-sign-in-narrow-${randomBytes(4).toString('hex')}`;
  const config = productionConfig(dataDir, {
    CORS_ORIGINS: hostUrl, FRAME_ANCESTORS: hostUrl,
    // One browser signs in a dozen times a minute here; the login limit is tested elsewhere.
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
  });
  world = await serveWidgets(config, { dataDir, entryPoints: { portal: 'src/portal/index.ts', tutorgraph: 'src/tutorgraph.ts' } });
  ({ server, browser } = world);
  idp.allowRedirect(`${server.url}/v1/auth/oidc/callback`);
}, 120_000);

afterAll(async () => {
  await world?.close();
  await new Promise<void>((resolve) => { if (!host) return resolve(); host.closeAllConnections(); host.close(() => resolve()); });
  await idp?.close();
});

/** The app token the portal keeps for the signed-in user. */
const portalToken = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('tutorgraph.portal.session') ?? '{}') as { token?: string }).token ?? '');

async function api(path: string, init: { token?: string; method?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('sign-in states at 375 px and in a 320-px iframe (production mode, real OIDC provider, Chromium)', () => {
  it('when every sign-in and API-key state is shown on a phone, then none scrolls sideways and axe finds nothing; keys work over HTTP until revoked', async () => {
    const owner = await createOwner(server.deps.db, { email: OWNER, tenant: ORG });
    const { page } = await phone();

    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('button', { name: /Demo/ }).count()).toBe(0);
    await check(page, 'sign-in form');
    await page.goto(`${server.url}/?org=nowhere-school`);
    await page.getByText('No sign-in is set up for nowhere-school').waitFor();
    await check(page, 'unknown organisation');

    await page.goto(`${server.url}/#signin=${owner.token}`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await check(page, 'signed in, no course');
    await page.getByLabel('New course title').fill('A course with a rather long title for a narrow phone screen');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.getByRole('heading', { level: 1, name: /rather long title/ }).waitFor();
    await check(page, 'signed in');

    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('tab', { name: 'Single sign-on' }).click();
    const sso = page.locator('tg-admin-sso');
    await fillSsoForm(page, idp, { domains: 'narrow.test', buttonName: BUTTON });
    await sso.getByRole('button', { name: 'Save' }).click();
    await sso.getByText('Saved.').waitFor();
    await check(page, 'admin SSO saved');

    // API keys: empty, a form error, created (secret shown once), dismissed, used over HTTP, revoked.
    await page.getByRole('tab', { name: 'API keys' }).click();
    const keys = page.locator('tg-admin-api-keys');
    await keys.getByText('No API keys yet.').waitFor();
    await check(page, 'admin API keys empty');
    await keys.getByLabel('Name').fill('Course site');
    await keys.getByLabel('Learners').uncheck();
    await keys.getByRole('button', { name: 'Create key' }).click();
    await keys.getByRole('alert').getByText('Choose at least one kind of token.').waitFor();
    await check(page, 'admin API key form error');
    await keys.getByLabel('Learners').check();
    await keys.getByRole('button', { name: 'Create key' }).click();
    await keys.getByText('Key “Course site” created.').waitFor();
    const secret = (await keys.locator('[data-secret]').textContent()) ?? '';
    expect(secret).toMatch(/^tgk_[0-9a-f]{12}\.[\w-]{40,}$/);
    await check(page, 'admin API key shown once');
    await keys.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('tab', { name: 'API keys' }).click();
    const row = keys.getByRole('row').filter({ hasText: 'Course site' });
    await row.getByText(secret.split('.')[0] ?? '').waitFor();
    expect(await row.textContent()).toContain('Never');
    expect(await page.content()).not.toContain(secret.split('.')[1]);
    expect(await keys.evaluate((el) => el.shadowRoot?.innerHTML ?? '')).not.toContain(secret.split('.')[1]);

    const courseId = (await api('/courses', { token: await portalToken(page) })).body.items[0].id as string;
    const mint = (key: string) => fetch(`${server.url}/v1/embed/tokens`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'host-1', name: 'Host Learner', course_id: courseId, role: 'learner' }),
    });
    expect((await mint(secret)).status).toBe(201);
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('tab', { name: 'API keys' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').not.toContain('Never');
    await row.getByRole('button', { name: 'Revoke Course site' }).click();
    await keys.getByRole('alertdialog').waitFor();
    await check(page, 'admin API key revoke confirm');
    await keys.getByRole('button', { name: 'Confirm' }).click();
    await keys.getByText('“Course site” is revoked.').waitFor();
    await row.getByText('Revoked').waitFor();
    await check(page, 'admin API key revoked');
    const refused = await mint(secret);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');

    // The widgets a host site embeds, with a live and an expired token (a live key for the host page).
    const ownerToken = await portalToken(page);
    const tenantId = (await api('/me', { token: ownerToken })).body.current_tenant_id as string;
    const hostKey = (await api(`/tenants/${tenantId}/api-keys`, { token: ownerToken, body: { name: 'Host page', scopes: ['embed:learner'] } })).body.key as string;
    embed.courseId = courseId;
    embed.live = ((await (await mint(hostKey)).json()) as { token: string }).token;
    const who = (await api('/me', { token: embed.live })).body.user.id as string;
    embed.expired = (await mintAppToken(server.deps.config.appTokenKeys, -60, { userId: who, tenantId, courseId, roles: ['learner'], via: 'embed' })).token;
    await page.goto(`${hostUrl}/embed`);
    await page.locator('tg-ask-panel').getByRole('textbox').waitFor();
    await check(page, 'embedded ask panel');
    await page.goto(`${hostUrl}/embed-expired`);
    await page.locator('tg-ask-panel').getByRole('textbox').fill('What is this course about?');
    await page.locator('tg-ask-panel').getByRole('button', { name: 'Ask' }).click();
    await page.locator('tg-ask-panel').getByText(/session (has )?expired/i).first().waitFor();
    await check(page, 'embedded token expired');

    // The organisation's button: asked for by slug, then remembered; the provider refusing; an expired session.
    await page.goto(`${server.url}/profile`);
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const slug = (await server.deps.db.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow()).slug;
    await page.goto(`${server.url}/?org=${slug}`);
    await page.getByRole('button', { name: `Sign in with ${BUTTON}` }).waitFor();
    await check(page, 'organisation button');
    await page.getByRole('button', { name: `Sign in with ${BUTTON}` }).click();
    await signInAtIdp(page, idp, OWNER);
    await page.getByRole('heading', { level: 1, name: /rather long title/ }).waitFor();
    await check(page, 'signed in through the provider');
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in with your email' }).waitFor();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Use another organisation' }).waitFor();
    await check(page, 'organisation button remembered');
    await page.goto(`${server.url}/signed-in#${new URLSearchParams({ error: 'The identity provider refused the sign-in: access_denied' })}`);
    await page.getByRole('alert').getByText('access_denied').waitFor();
    await check(page, 'provider refused');
    await page.evaluate(() => localStorage.setItem('tutorgraph.portal.session', JSON.stringify({ token: 'not.a.token', expiresAt: new Date(Date.now() + 3600_000).toISOString() })));
    await page.goto(`${server.url}/dashboard`);
    await page.getByText('Your session expired. Sign in again.').waitFor();
    await check(page, 'session expired');

    // Invite outcomes, as the invitee sees them.
    const invite = async (email: string) => String((await api(`/tenants/${tenantId}/invites`, { token: ownerToken, body: { email, role: 'learner', course_id: courseId } })).body.invite_url);
    await page.goto(await invite('pending@narrow.test'));
    await page.getByRole('heading', { name: 'You are invited' }).waitFor();
    await check(page, 'invite');
    await page.goto(`${server.url}/invite/${'x'.repeat(24)}`);
    await page.getByRole('heading', { name: 'This invite link is not valid' }).waitFor();
    await check(page, 'invite invalid');
    const revokedUrl = await invite('revoked@narrow.test');
    const revokedId = (await server.deps.db.selectFrom('invites').select('id').where('email', '=', 'revoked@narrow.test').executeTakeFirstOrThrow()).id;
    expect((await api(`/tenants/${tenantId}/invites/${revokedId}`, { token: ownerToken, method: 'DELETE' })).status).toBe(200);
    await page.goto(revokedUrl);
    await page.getByRole('heading', { name: 'This invite was withdrawn' }).waitFor();
    await check(page, 'invite revoked');
    const expiredUrl = await invite('late@narrow.test');
    await server.deps.db.updateTable('invites').set({ expires_at: new Date(Date.now() - 60_000) }).where('email', '=', 'late@narrow.test').execute();
    await page.goto(expiredUrl);
    await page.getByRole('heading', { name: 'This invite has expired' }).waitFor();
    await check(page, 'invite expired');

    expect(problems).toEqual([]);
    expect(checked).toHaveLength(21);
  }, 480_000);

  it('when the portal and an embedded widget sit in a 320-px iframe on another origin, then no screen scrolls sideways and axe finds nothing', async () => {
    const ownerId = (await server.deps.db.selectFrom('users').select('id').where('email', '=', OWNER).executeTakeFirstOrThrow()).id;
    const tenantId = (await server.deps.db.selectFrom('memberships').select('tenant_id').where('user_id', '=', ownerId).executeTakeFirstOrThrow()).tenant_id;
    const slug = (await server.deps.db.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow()).slug;
    const { page } = await phone();
    await page.setViewportSize({ width: 800, height: 800 });
    const framed = async (src: string) => {
      await page.goto(`${hostUrl}/frame?src=${encodeURIComponent(src)}`);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      if (!frame) throw new Error('no iframe');
      return frame;
    };
    const before = problems.length;
    const checkedBefore = checked.length;
    let frame = await framed(`${server.url}/?org=${slug}`);
    await frame.getByRole('button', { name: `Sign in with ${BUTTON}` }).waitFor();
    await check(page, 'sign-in form', frame);

    // Chromium denies this frame localStorage (third-party storage): the portal keeps the session in memory, so
    // the frame signs in once and moves by its own links, as a person in an LMS frame would.
    const link = await createSignInLink(server.deps.db, { userId: ownerId, tenantId });
    frame = await framed(`${server.url}/#signin=${link.token}`);
    await frame.getByRole('heading', { level: 1, name: /rather long title/ }).waitFor();
    await check(page, 'dashboard', frame);
    for (const [nav, heading] of [['Ask', 'Ask the course'], ['Quiz', 'Practice quiz'], ['Content', 'Course content'], ['Course', 'Course console'], ['Profile', 'Profile']] as const) {
      await frame.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: nav, exact: true }).click();
      await frame.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await check(page, nav.toLowerCase(), frame);
    }
    await frame.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin', exact: true }).click();
    for (const [tab, shows] of [['Members', OWNER], ['Invites', 'pending@narrow.test'], ['Single sign-on', 'Redirect URI'], ['API keys', 'Host page'], ['Audit log', 'api_key.revoked']] as const) {
      await frame.getByRole('tab', { name: tab }).click();
      await frame.getByRole('tabpanel').getByText(shows).first().waitFor();
      await check(page, `admin ${tab}`, frame);
    }
    frame = await framed(`${hostUrl}/embed`);
    await frame.locator('tg-ask-panel').getByRole('textbox').waitFor();
    await check(page, 'embedded ask panel', frame);
    frame = await framed(`${hostUrl}/embed-expired`);
    await frame.locator('tg-ask-panel').getByRole('textbox').fill('What is this course about?');
    await frame.locator('tg-ask-panel').getByRole('button', { name: 'Ask' }).click();
    await frame.locator('tg-ask-panel').getByText(/session (has )?expired/i).first().waitFor();
    await check(page, 'embedded token expired', frame);
    expect(problems.slice(before)).toEqual([]);
    expect(checked.length - checkedBefore).toBe(14);
  }, 300_000);
});
