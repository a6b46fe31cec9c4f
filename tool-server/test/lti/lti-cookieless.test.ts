import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHashEmbeddings, replaceDocumentChunks } from '@tutorgraph/core';
import { serveWidgetAssets, WIDGETS_DIST } from '../../src/web/widget-assets.js';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../../core/test/quiz/fixtures/markdown-course.js';
import { ROLE, type LaunchSpec } from '../../../test-support/lti-platform/claims.js';
import type { CoursePageLog, TestPlatform } from '../../../test-support/lti-platform/platform.js';
import { startLtiWorld, type LtiWorld, logFailedAttempts } from './lti-world.js';
import { FRAMED_LMS_CHROMIUM_ARGS } from '../../../test-support/browser.js';

// The tool runs on http://localhost:…, the LMSs on http://127.0.0.1:…: two different sites, so the tool's
// iframe is cross-site and its cookies are third-party. Chromium (156) blocks third-party cookies that are
// not partitioned — by default and, explicitly here, under the phase-out flag. One platform behaves like
// Moodle 4.5 (never offers lti_storage_target), the other like Canvas (offers post_message_forwarding).
const CHROMIUM_ARGS = [...FRAMED_LMS_CHROMIUM_ARGS, '--test-third-party-cookie-phaseout'];

let world: LtiWorld;
let browser: Browser;
const embeddings = createLocalHashEmbeddings(64);
const moodle = () => world.platforms[0]!.platform;
const canvas = () => world.platforms[1]!.platform;

beforeAll(async () => {
  if (!existsSync(`${WIDGETS_DIST}/tutorgraph.js`)) throw new Error('Build the widget bundle first: npm run build:widgets');
  world = await startLtiWorld(['moodle', 'canvas'], { toolHost: 'localhost', platformStorage: ['canvas'], extensions: [(app) => serveWidgetAssets(app)] });
  world.app.deps.services.embeddings = embeddings;
  for (const { platform } of world.platforms) world.app.deps.config.frameAncestors.push(platform.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}, 120_000);
afterAll(async () => { await browser?.close(); await world?.close(); });

const person = (sub: string, role: 'learner' | 'instructor') => ({
  sub, name: `Person ${sub}`, email: `${sub}@school.test`, roles: [role === 'learner' ? ROLE.learner : ROLE.instructor],
});
const spec = (sub: string, overrides: Partial<LaunchSpec> = {}): LaunchSpec => ({
  user: person(sub, 'learner'), context: { id: 'iframe-course', title: 'Chemistry in an iframe' }, resourceLink: { id: 'iframe-link' }, ...overrides,
});

/** `work`, or `fallback` after `ms`: a query on a frame that is between documents can wait forever. */
const within = <T>(ms: number, work: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => { setTimeout(() => resolve(fallback), ms); })]);

async function toolFrame(page: Page, predicate: (frame: Frame) => Promise<boolean>): Promise<Frame> {
  // A deadline, not a count of polls, and each poll bounded: a frame that never gets there must fail with what it
  // shows rather than run into the test's timeout.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const frame = page.frame({ name: 'tool' });
    if (frame && (await within(2_000, predicate(frame), false))) return frame;
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
  const shows = await within(2_000, page.frame({ name: 'tool' })?.content() ?? Promise.resolve('no frame'), 'nothing readable');
  throw new Error(`tool frame never got there; it shows: ${shows}`);
}
/**
 * Makes the page's app token one the server refuses. Waits for the provider's session first: the panel can be in the
 * page a moment before `tg-provider` has set up its API client.
 */
async function expireAppToken(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => {
    const framed = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
    const provider = framed.document.querySelector('tg-provider') as { session?: { client?: { options?: { token?: string } } } } | null;
    const options = provider?.session?.client?.options;
    if (!options) return false;
    options.token = 'an-expired-token';
    return true;
  }, undefined, { timeout: 20_000 });
}
const hasElement = (selector: string) => async (f: Frame) => (await f.locator(selector).count()) > 0;
const pageLog = (page: Page) => page.evaluate(() => {
  const w = globalThis as unknown as CoursePageLog;
  return { ltiStorageLog: [...w.ltiStorageLog], frameResizeLog: [...w.frameResizeLog] };
});

/** The launch in this page was bound through the LMS's storage frame (put, then get), and no state cookie was set. */
async function expectBoundThroughPlatformStorage(page: Page): Promise<void> {
  const log = await pageLog(page);
  // Once each; a storage frame slow to answer may be asked again (the same message).
  expect([...new Set(log.ltiStorageLog)], JSON.stringify(log).slice(0, 800)).toEqual(['lti.put_data', 'lti.get_data']);
  const cookies = await page.context().cookies(world.app.deps.config.publicUrl + '/lti');
  expect(cookies.filter((c) => c.name === 'tg_lti_state'), JSON.stringify(cookies)).toHaveLength(0);
}

/** Opens the platform's course page, which frames the tool's login for this launch. */
async function openCoursePage(context: BrowserContext | Browser, platform: TestPlatform, launch: LaunchSpec): Promise<Page> {
  const page = await context.newPage();
  // Every Playwright wait fails on its own, with its reason, well inside the test's timeout.
  page.setDefaultTimeout(20_000);
  await page.goto(platform.coursePageUrl(platform.prepareLaunch(launch).launchId));
  return page;
}

async function seedCourse(courseId: string, tenantId: string) {
  for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR).filter((d) => d.file.startsWith('03-'))) {
    const row = await world.app.db.db.insertInto('documents').values({
      tenant_id: tenantId, course_id: courseId, title: doc.title, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
    }).returning('id').executeTakeFirstOrThrow();
    await replaceDocumentChunks(world.app.db.db, {
      tenantId, courseId, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
      embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
  }
}

logFailedAttempts('lti-cookieless');

describe('cross-site embedded launch (real Chromium, third-party cookies blocked)', () => {
  it('when a Moodle-like LMS (no platform storage) frames the tool, then the partitioned state cookie carries the launch to the real ask panel, which answers, renews an expired token without a reload and grows the frame', async () => {
    const page = await openCoursePage(browser, moodle(), spec('moodle-learner'));
    const frame = await toolFrame(page, hasElement('tg-provider'));
    expect(new URL(frame.url()).hostname).toBe('localhost');
    expect(await frame.locator('tg-ask-panel').count()).toBe(1);
    // The state cookie the launch used is partitioned under the LMS's site (the only kind Chromium kept).
    const stateCookies = (await page.context().cookies(world.app.deps.config.publicUrl + '/lti')).filter((c) => c.name === 'tg_lti_state');
    expect(stateCookies.length).toBeGreaterThan(0);
    expect(stateCookies.every((c) => c.partitionKey?.includes('127.0.0.1'))).toBe(true);
    expect((await pageLog(page)).ltiStorageLog).toEqual([]);

    const courseId = (await frame.locator('tg-provider').getAttribute('course-id'))!;
    const tenantId = (await frame.locator('tg-provider').getAttribute('tenant-id'))!;
    await seedCourse(courseId, tenantId);
    // The app token "expires": the next call meets a 401, the page renews within the launch and the call goes through.
    await frame.evaluate(() => { (globalThis as unknown as { tgNoReload: boolean }).tgNoReload = true; });
    await expireAppToken(frame);
    const renewals: number[] = [];
    page.on('response', (r) => { if (r.url().endsWith('/lti/session/renew')) renewals.push(r.status()); });
    await frame.locator('tg-ask-panel textarea').fill('What is classical conditioning?');
    await frame.locator('tg-ask-panel button[type="submit"]').click();
    await frame.locator('tg-ask-panel .answer-text').waitFor({ timeout: 20_000 });
    expect(await frame.locator('tg-ask-panel li[part="citation"]').count()).toBeGreaterThan(0);
    expect(renewals).toEqual([200]);
    expect(await frame.evaluate(() => (globalThis as unknown as { tgNoReload?: boolean }).tgNoReload)).toBe(true);
    expect(await frame.locator('tg-provider').getAttribute('token')).not.toBe('an-expired-token');

    // The frame was asked to grow as the answer came in, and the LMS page did.
    const { frameResizeLog } = await pageLog(page);
    expect(frameResizeLog.length).toBeGreaterThan(1);
    expect(Math.max(...frameResizeLog)).toBeGreaterThan(frameResizeLog[0]!);
    expect(await page.locator('#tool').evaluate((el) => (el as unknown as { style: { height: string } }).style.height)).toBe(`${frameResizeLog.at(-1)}px`);
    await page.close();
  });

  it('when the app token nears its expiry, then the page renews it before the next call — no call meets a 401 — and the call goes out with the new token', async () => {
    const page = await openCoursePage(browser, moodle(), spec('moodle-proactive'));
    const frame = await toolFrame(page, hasElement('tg-ask-panel'));
    const initial = (await frame.locator('tg-provider').getAttribute('token'))!;
    const { exp } = JSON.parse(Buffer.from(initial.split('.')[1]!, 'base64url').toString()) as { exp: number };
    // The browser's clock stands 20 s before the token's expiry (the server still accepts it for the hour).
    await page.clock.setFixedTime(exp * 1000 - 20_000);
    expect(await frame.evaluate(() => Date.now())).toBe(exp * 1000 - 20_000);
    // What the question's call does (the panel's own loading calls, made before the clock moved, rightly used the
    // token they had): a renewal, then the call with the new token, and never a 401.
    const asks = (url: string) => url.includes('/v1/') && url.endsWith('/query');
    const events: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/lti/session/renew')) events.push('renew');
      else if (asks(r.url())) events.push(r.headers().authorization === `Bearer ${initial}` ? 'call with the old token' : 'call with a new token');
    });
    page.on('response', (r) => { if (r.url().includes('/v1/') && r.status() === 401) events.push('401'); });
    await frame.locator('tg-ask-panel textarea').fill('What is extinction in conditioning?');
    await frame.locator('tg-ask-panel button[type="submit"]').click();
    await frame.locator('tg-ask-panel .answer-text').waitFor({ timeout: 20_000 });
    expect(events[0]).toBe('renew');
    expect(events).not.toContain('401');
    expect(events).not.toContain('call with the old token');
    expect(events).toContain('call with a new token');
    await page.close();
  });

  it('when the launch has ended and renewal is refused, then the panel says to reopen the activity from the course, not to sign in', async () => {
    const page = await openCoursePage(browser, moodle(), spec('moodle-ended'));
    const frame = await toolFrame(page, hasElement('tg-ask-panel'));
    await page.route('**/lti/session/renew', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"UNAUTHENTICATED","message":"ended"}}' }));
    await expireAppToken(frame);
    await frame.locator('tg-ask-panel textarea').fill('What is operant conditioning?');
    await frame.locator('tg-ask-panel button[type="submit"]').click();
    await frame.getByText('Reopen this activity from your course').waitFor({ timeout: 15_000 });
    expect(await frame.getByText('Sign in again').count()).toBe(0);
    await page.close();
  });

  it('when a Canvas-like LMS offers platform storage, then the launch is bound through it (no cookie) and reaches the widget', async () => {
    const page = await openCoursePage(browser, canvas(), spec('canvas-learner'));
    const frame = await toolFrame(page, hasElement('tg-ask-panel'));
    await expectBoundThroughPlatformStorage(page);
    // The one-time page link cannot be replayed to mint another token.
    expect(frame.url()).toContain('/lti/launch/ticket/');
    const replay = await fetch(frame.url());
    expect(replay.status).toBe(401);
    await page.close();
  });

  it('when the LMS\'s storage frame is still loading as the tool asks it, then the tool asks again and the launch is still bound through platform storage (no cookie)', async () => {
    // The storage frame's page arrives 1.5 s late: the tool's first lti.put_data reaches its blank document.
    canvas().storageFrameDelayMs = 1_500;
    try {
      const page = await openCoursePage(browser, canvas(), spec('canvas-late-storage'));
      await toolFrame(page, hasElement('tg-ask-panel'));
      await expectBoundThroughPlatformStorage(page);
      await page.close();
    } finally {
      canvas().storageFrameDelayMs = 0;
    }
  });

  for (const kind of ['moodle', 'canvas'] as const) {
    it(`when a teacher places a practice quiz by deep linking in the ${kind}-like LMS frame, then the picker works and the LMS receives the link`, async () => {
      const platform = kind === 'moodle' ? moodle() : canvas();
      const before = platform.services.deepLinkReturns.length;
      const page = await openCoursePage(browser, platform, spec(`${kind}-teacher`, { user: person(`${kind}-teacher`, 'instructor'), messageType: 'LtiDeepLinkingRequest' }));
      const frame = await toolFrame(page, hasElement('form[action="/lti/deep-link"]'));
      await frame.locator('input[name="widget"][value="quiz"]').check();
      await frame.locator('input[name="graded"]').uncheck();
      await frame.locator('button[type="submit"]').click();
      await toolFrame(page, hasElement('#done'));
      const returned = platform.services.deepLinkReturns.slice(before);
      expect(returned.map((r) => r.error)).toEqual([undefined]);
      const items = returned[0]!.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { custom: Record<string, string>; lineItem?: unknown }[];
      expect(items[0]!.custom).toMatchObject({ tg_widget: 'quiz', tg_graded: '0' });
      expect(items[0]!.lineItem).toBeUndefined();
      await page.close();
    });
  }

  it('when a teacher opens any placement, then they land on the teacher\'s console with the learners\' widget one click away', async () => {
    const page = await openCoursePage(browser, moodle(), spec('moodle-teacher-nav', { user: person('moodle-teacher-nav', 'instructor') }));
    const frame = await toolFrame(page, hasElement('tg-course-console'));
    // The console's own code loaded (its element is defined), inside the LMS frame's CSP.
    await frame.waitForFunction(() => Boolean((globalThis as unknown as { customElements: { get(name: string): unknown } }).customElements.get('tg-course-console')), undefined, { timeout: 15_000 });
    expect(await frame.locator('#tg-console-view').isVisible()).toBe(true);
    expect(await frame.locator('#tg-widget-view').isHidden()).toBe(true);
    await frame.getByRole('button', { name: /What learners see/ }).click();
    expect(await frame.locator('#tg-widget-view tg-ask-panel').isVisible()).toBe(true);
    expect(await frame.locator('#tg-console-view').isHidden()).toBe(true);
    await page.close();
  });
});

describe('when the browser keeps no cookie at all in the LMS frame (as Safari and Firefox do with partitioned ones)', () => {
  let context: BrowserContext | undefined;
  let profile = '';
  afterAll(async () => { await context?.close(); if (profile) rmSync(profile, { recursive: true, force: true }); });

  it('then the frame offers a new window, and the launch completes there, top-level', async () => {
    // A Chromium profile that blocks the tool's cookies whenever the LMS's site is the top-level page.
    profile = mkdtempSync(join(tmpdir(), 'tg-chromium-'));
    mkdirSync(join(profile, 'Default'));
    const pattern = `${new URL(world.app.deps.config.publicUrl).origin},${new URL(moodle().url).origin}`;
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { content_settings: { exceptions: { cookies: { [pattern]: { setting: 2 } } } } } }));
    context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const hintsBefore = moodle().messageHintLog.length;
    const page = await openCoursePage(context, moodle(), spec('no-cookies-learner'));
    const frame = await toolFrame(page, async (f) => f.locator('#tg-lti-new-window').isVisible());
    expect(await frame.locator('tg-provider').count()).toBe(0);
    const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('#tg-lti-open-window').click()]);
    await popup.waitForSelector('tg-ask-panel', { state: 'attached', timeout: 15_000 });
    expect(new URL(popup.url()).host).toBe(new URL(world.app.deps.config.publicUrl).host);
    expect(await popup.locator('tg-provider').getAttribute('course-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await frame.locator('#tg-lti-window-opened').isVisible()).toBe(true);
    // Moodle 4.5's lti_message_hint is single-use: the frame never spent it, the new window used it once.
    expect(moodle().messageHintLog.slice(hintsBefore).map((h) => h.outcome)).toEqual(['used']);
  });
});
