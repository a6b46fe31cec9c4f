import { existsSync } from 'node:fs';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHashEmbeddings, createLocalNotesGenerator, regenerateStudyMaterial, replaceDocumentChunks, type StudyTables } from '@tutorgraph/core';
import { serveWidgetAssets, WIDGETS_DIST } from '../../src/web/widget-assets.js';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../../core/test/quiz/fixtures/markdown-course.js';
import { parseAutoPostForm, playLaunch, postForm } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld, logFailedAttempts } from './lti-world.js';
import { FRAMED_LMS_CHROMIUM_ARGS } from '../../../test-support/browser.js';

// The study placements through the test LMS in real Chromium: an instructor places flashcards (and study notes)
// by deep linking; a learner opens the link in the LMS frame and studies with the keyboard.
let world: LtiWorld;
let browser: Browser;
const embeddings = createLocalHashEmbeddings(64);
const canvas = () => world.platforms[0]!.platform;
const db = () => world.app.db.db;
const person = (sub: string, roles: string[]): PlatformUser => ({ sub, name: `Person ${sub}`, email: `${sub}@study.test`, roles });
const context = { id: 'psych-study', title: 'Learning and Memory' };

beforeAll(async () => {
  if (!existsSync(`${WIDGETS_DIST}/tutorgraph.js`)) throw new Error('Build the widget bundle first: npm run build:widgets');
  world = await startLtiWorld(['canvas'], { toolHost: 'localhost', extensions: [(app) => serveWidgetAssets(app)] });
  world.app.deps.services.embeddings = embeddings;
  world.app.deps.config.frameAncestors.push(canvas().url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: [...FRAMED_LMS_CHROMIUM_ARGS] });
}, 120_000);
afterAll(async () => { await browser?.close(); await world?.close(); });

/** Indexes one chapter into the course and generates its study material, as the ingestion job does after indexing. */
async function seedCourse(courseId: string, tenantId: string) {
  for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR).filter((d) => d.file.startsWith('03-'))) {
    const row = await db().insertInto('documents').values({
      tenant_id: tenantId, course_id: courseId, title: doc.title, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
    }).returning('id').executeTakeFirstOrThrow();
    await replaceDocumentChunks(db(), {
      tenantId, courseId, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
      embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
    await regenerateStudyMaterial({ db: db(), notesGenerator: createLocalNotesGenerator() }, { tenantId, documentId: row.id });
  }
}

/** Places a link of `widget` by deep linking as the teacher; returns the content item's custom parameters. */
async function place(teacher: PlatformUser, widget: string, title: string): Promise<Record<string, string>> {
  const picker = await playLaunch(canvas().prepareLaunch({ user: teacher, context, messageType: 'LtiDeepLinkingRequest' }).loginUrl);
  expect(picker.html).toContain(`value="${widget}"`);
  const session = /name="session" value="([^"]+)"/.exec(picker.html)![1]!;
  const chosen = await fetch(`${world.app.baseUrl}/lti/deep-link`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ session, widget, title }),
  });
  expect((await postForm(parseAutoPostForm(await chosen.text()))).status).toBe(200);
  const items = canvas().services.deepLinkReturns.at(-1)!.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { title: string; custom: Record<string, string> }[];
  expect(items[0]!.title).toBe(title);
  return items[0]!.custom;
}

async function toolFrame(page: Page, ready: (frame: Frame) => Promise<boolean>): Promise<Frame> {
  for (let i = 0; i < 400; i += 1) {
    const frame = page.frame({ name: 'tool' });
    if (frame && (await ready(frame).catch(() => false))) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`tool frame never got there; it shows: ${await page.frame({ name: 'tool' })?.content()}`);
}

logFailedAttempts('lti-study-placements');

describe('study placements in the LMS frame (real Chromium)', () => {
  let courseId: string;
  const teacher = person('study-teacher', [ROLE.instructor]);

  beforeAll(async () => {
    const course = readToolPage((await playLaunch(canvas().prepareLaunch({ user: teacher, context, resourceLink: { id: 'nav' } }).loginUrl)).html);
    courseId = course.courseId;
    await seedCourse(course.courseId, course.tenantId);
  }, 120_000);

  it('when an instructor places flashcards by deep linking, then a learner\'s launch renders the deck and Space then 3 records a Good review', async () => {
    const custom = await place(teacher, 'flashcards', 'Conditioning cards');
    const page = await browser.newPage();
    await page.goto(canvas().coursePageUrl(canvas().prepareLaunch({
      user: person('study-learner', [ROLE.learner]), context, resourceLink: { id: 'placed-cards', title: 'Conditioning cards' }, custom,
    }).launchId));
    const frame = await toolFrame(page, async (f) => (await f.locator('tg-flashcards [role="group"]').count()) > 0);
    expect(await frame.locator('tg-flashcards [role="group"]').getAttribute('aria-roledescription')).toBe('flashcard');
    const front = await frame.locator('tg-flashcards .face p').first().textContent();
    expect(front?.length).toBeGreaterThan(5);
    await frame.locator('tg-flashcards #front-heading').focus();
    await page.keyboard.press('Space');
    await frame.locator('tg-flashcards #back-heading').waitFor();
    expect(await frame.locator('tg-flashcards #back-heading').evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('3');
    await frame.locator('tg-flashcards [role="group"][aria-label^="Flashcard 2 of"]').waitFor();
    const reviews = await db().withTables<StudyTables>().selectFrom('flashcard_reviews').select(['rating', 'course_id']).execute();
    expect(reviews).toEqual([{ rating: 'good', course_id: courseId }]);
    await page.close();
  });

  it('when an instructor places study notes by deep linking, then a learner\'s launch renders the outline with its sources', async () => {
    const custom = await place(teacher, 'notes', 'Conditioning notes');
    const page = await browser.newPage();
    await page.goto(canvas().coursePageUrl(canvas().prepareLaunch({
      user: person('study-reader', [ROLE.learner]), context, resourceLink: { id: 'placed-notes', title: 'Conditioning notes' }, custom,
    }).launchId));
    const frame = await toolFrame(page, async (f) => (await f.locator('tg-study-notes article').count()) > 0);
    expect(await frame.locator('tg-study-notes article h3').first().textContent()).toContain('Classical Conditioning');
    expect(await frame.locator('tg-study-notes article li').count()).toBeGreaterThan(3);
    await frame.locator('tg-study-notes article li summary').first().click();
    expect(await frame.locator('tg-study-notes article li details[open] blockquote').first().textContent()).toContain('Classical Conditioning');
    await page.close();
  });
});
