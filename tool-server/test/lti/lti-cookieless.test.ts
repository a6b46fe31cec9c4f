import { existsSync } from 'node:fs';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHashEmbeddings, replaceDocumentChunks } from '@tutorgraph/core';
import { serveWidgetAssets, WIDGETS_DIST } from '../../src/web/widget-assets.js';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../../core/test/quiz/fixtures/markdown-course.js';
import { ROLE, type LaunchSpec } from '../../../test-support/lti-platform/claims.js';
import { startLtiWorld, type LtiWorld } from './lti-world.js';

// The tool runs on http://localhost:…, the LMS on http://127.0.0.1:…: two different sites, so the tool's
// iframe is cross-site and its cookies are third-party — which this Chromium blocks.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--test-third-party-cookie-phaseout',
];

let world: LtiWorld;
let browser: Browser;
const embeddings = createLocalHashEmbeddings(64);
beforeAll(async () => {
  if (!existsSync(`${WIDGETS_DIST}/tutorgraph.js`)) throw new Error('Build the widget bundle first: npm run build:widgets');
  world = await startLtiWorld(['canvas'], { toolHost: 'localhost', extensions: [(app) => serveWidgetAssets(app)] });
  world.app.deps.services.embeddings = embeddings;
  world.app.deps.config.frameAncestors.push(world.platforms[0]!.platform.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}, 120_000);
afterAll(async () => { await browser?.close(); await world?.close(); });

const spec = (sub: string, storageTarget?: string): LaunchSpec => ({
  user: { sub, name: 'Iframe Learner', email: `${sub}@school.test`, roles: [ROLE.learner] },
  context: { id: 'iframe-course', title: 'Chemistry in an iframe' },
  resourceLink: { id: 'iframe-link' },
  ...(storageTarget ? { storageTarget } : {}),
});

async function toolFrame(page: Page, predicate: (frame: Frame) => Promise<boolean>): Promise<Frame> {
  for (let i = 0; i < 200; i += 1) {
    const frame = page.frame({ name: 'tool' });
    if (frame && (await predicate(frame).catch(() => false))) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`tool frame never got there; it shows: ${await page.frame({ name: 'tool' })?.content()}`);
}

describe('cookie-free launch in a cross-site iframe (real Chromium, third-party cookies blocked)', () => {
  it('when the LMS offers postMessage storage, then the launch completes in the iframe and the real ask panel answers from the course with citations', async () => {
    const { platform } = world.platforms[0]!;
    const { launchId } = platform.prepareLaunch(spec('iframe-pm', '_parent'));
    const page = await browser.newPage();
    await page.goto(platform.coursePageUrl(launchId));
    const frame = await toolFrame(page, async (f) => (await f.locator('tg-provider').count()) > 0);
    expect(new URL(frame.url()).hostname).toBe('localhost');
    expect(await frame.locator('tg-provider').getAttribute('token')).toMatch(/^ey/);
    expect(await frame.locator('tg-ask-panel').count()).toBe(1);

    // The real widget bundle runs in the iframe and answers from the course with the bearer token alone.
    const courseId = (await frame.locator('tg-provider').getAttribute('course-id'))!;
    const tenantId = (await frame.locator('tg-provider').getAttribute('tenant-id'))!;
    for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR).filter((d) => d.file.startsWith('03-'))) {
      const row = await world.app.db.db.insertInto('documents').values({
        tenant_id: tenantId, course_id: courseId, title: doc.title, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
      }).returning('id').executeTakeFirstOrThrow();
      await replaceDocumentChunks(world.app.db.db, {
        tenantId, courseId, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
        embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
      });
    }
    await frame.locator('tg-ask-panel textarea').fill('What is classical conditioning?');
    await frame.locator('tg-ask-panel button[type="submit"]').click();
    await frame.locator('tg-ask-panel .answer-text').waitFor({ timeout: 20_000 });
    expect(await frame.locator('tg-ask-panel li[part="citation"]').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as unknown as { ltiStorageLog: string[] }).ltiStorageLog)).toEqual(['lti.put_data', 'lti.get_data']);
    const cookies = await page.context().cookies(world.app.deps.config.publicUrl);
    expect(cookies.filter((c) => c.name === 'tg_lti_state')).toHaveLength(0);
    // The one-time page link cannot be replayed to mint another token.
    expect(frame.url()).toContain('/lti/launch/ticket/');
    const replay = await fetch(frame.url());
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('NONCE_REPLAY');
    await page.close();
  });

  it('when the LMS offers no postMessage storage, then the cookie fallback is blocked in the iframe and the person gets the clear error page', async () => {
    const { platform } = world.platforms[0]!;
    const { launchId } = platform.prepareLaunch(spec('iframe-cookie'));
    const page = await browser.newPage();
    await page.goto(platform.coursePageUrl(launchId));
    const frame = await toolFrame(page, async (f) => (await f.locator('#tg-lti-error-code').count()) > 0);
    expect(await frame.locator('#tg-lti-error-code').textContent()).toBe('STATE_MISMATCH');
    await page.close();
  });

  it('when the same cookie launch runs top-level (first-party), then it works: the iframe failure above is the third-party cookie block', async () => {
    const { platform } = world.platforms[0]!;
    const { loginUrl } = platform.prepareLaunch(spec('toplevel-cookie'));
    const page = await browser.newPage();
    await page.goto(loginUrl);
    await page.waitForSelector('tg-provider', { state: 'attached', timeout: 15_000 });
    expect(await page.locator('tg-provider').getAttribute('course-id')).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });
});
