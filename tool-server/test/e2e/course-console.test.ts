import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '@tutorgraph/core';
import { startDemoApp, type DemoApp } from '../../../scripts/demo-app.js';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { testConfig } from '../helpers/test-app.js';
import { AXE_TAGS, REPO_ROOT } from './portal-world.js';
import { HEADLESS_CHROMIUM_ARGS } from '../../../test-support/browser.js';

// The teacher's course console (#19) in Chromium on the real demo seed: the instructor signs in to the portal,
// opens the Course page, uploads, sees a refused file's reason, reads the heatmap, drills into a learner, reads
// the gap report and retires an item that then never appears in new quizzes. Every view is checked with axe in
// light and dark at 1280 px and inside a 700-px iframe; screenshots go to docs/screenshots/.
const SHOTS = `${REPO_ROOT}docs/screenshots`;
const VIEWS = [
  { tab: 'Class mastery', ready: 'Mastery by learner and topic', shot: 'mastery' },
  { tab: 'Questions', ready: 'Which smartphone app should schedule my flashcards?', shot: 'questions' },
  { tab: 'Course gaps', ready: 'caffeine', shot: 'gaps' },
  { tab: 'Item review', ready: 'Statistics:', shot: 'items' },
  { tab: 'Content', ready: 'Drop files here', shot: 'content' },
  { tab: 'Grades', ready: 'Placements in the LMS', shot: 'grades' },
  { tab: 'Roster', ready: 'LMS roster sync', shot: 'roster' },
] as const;

let app: DemoApp;
let browser: Browser;
let page: Page;
const violations: string[] = [];
let checks = 0;

async function axe(screen: string, legacy = true): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  const result = await (legacy ? builder.setLegacyMode() : builder).analyze();
  checks += 1;
  violations.push(...result.violations.map((v) => `${screen}: ${v.id} ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

async function openView(root: Page | FrameLocator, view: (typeof VIEWS)[number]): Promise<void> {
  await root.getByRole('tab', { name: view.tab }).click();
  await root.getByText(view.ready).first().waitFor();
}

beforeAll(async () => {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_MODE: 'true' });
  const database = await createTestDatabase();
  await seedDemoTenant(database.db);
  app = await startDemoApp(config, { seed: true, database });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...HEADLESS_CHROMIUM_ARGS] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })).newPage();
  page.setDefaultTimeout(20_000);
}, 600_000);

afterAll(async () => {
  console.log(`[e2e] course console: ${checks} axe checks, ${violations.length} violations`);
  await browser?.close();
  await app?.close();
});

describe('course console, end to end (demo seed, Chromium)', () => {
  it('when the instructor opens the Course page, then the heatmap shows and a learner drills down', async () => {
    // Signed in as the demo instructor (the portal's sign-in page is tested in portal-demo.test.ts): the portal keeps
    // its session in localStorage, so the page starts with the one the dev login returns.
    const login = await fetch(`${app.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'instructor' }) });
    const session = (await login.json()) as { token: string; expires_at: string };
    const psychology = app.demo?.courses.find((c) => c.title.startsWith('Psychology'));
    const stored = { token: session.token, expiresAt: session.expires_at, tenantId: app.demo?.tenantId, courseId: psychology?.id };
    await page.addInitScript((value) => { localStorage.setItem('tutorgraph.portal.session', value); }, JSON.stringify(stored));
    await page.goto(`${app.url}/dashboard`);
    await page.getByRole('link', { name: 'Course', exact: true }).click();
    await page.getByRole('heading', { name: /Course console/ }).waitFor();
    await openView(page, VIEWS[0]);
    const table = page.getByRole('table', { name: 'Mastery by learner and topic' });
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(4);
    await expect(table.getByRole('cell').filter({ hasText: '%' }).first().textContent()).resolves.toMatch(/\d+% ± \d+/);
    // Sorting by course mastery puts the strongest learner first when descending.
    await table.getByRole('button', { name: 'Course', exact: true }).click();
    await page.getByRole('columnheader', { name: 'Course', exact: true }).and(page.locator('[aria-sort="descending"]')).waitFor();
    await page.getByRole('button', { name: /^Open / }).first().click();
    await page.getByRole('heading', { name: 'Back to the class' }).or(page.getByRole('button', { name: /Back to the class/ })).first().waitFor();
    await page.getByText('Quiz attempts').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/course-console-learner.png`, fullPage: true });
    await axe('learner drill-down (light)');
    await page.getByRole('button', { name: /Back to the class/ }).click();
  }, 120_000);

  it('when the instructor uploads a good file and a refused one, then the refused file stays with its reason', async () => {
    await openView(page, VIEWS[4]);
    const dir = mkdtempSync(join(tmpdir(), 'tg-console-'));
    writeFileSync(join(dir, 'exam-tips.md'), '# Exam tips\n\nCaffeine in moderate amounts can improve alertness before an exam, according to the notes.\n');
    writeFileSync(join(dir, 'setup.exe'), Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'choose files' }).click()]);
    await chooser.setFiles([join(dir, 'exam-tips.md'), join(dir, 'setup.exe')]);
    const refused = page.getByRole('alert').filter({ hasText: 'Refused:' });
    await refused.waitFor();
    expect(await page.locator('[data-upload="setup.exe"]').textContent()).toContain('Refused:');
    await page.getByRole('cell', { name: /exam-tips/ }).first().waitFor();
    await page.getByText('succeeded').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/course-console-content-refused.png`, fullPage: true });
    await axe('content with a refused upload (light)');
  }, 120_000);

  it('when the instructor opens the gap report, then the questions the course could not answer are grouped', async () => {
    await openView(page, VIEWS[2]);
    const cards = page.locator('li.card');
    await cards.first().waitFor();
    const learners = (await cards.allTextContents()).map((t) => Number(/(\d+) learners?/.exec(t)?.[1] ?? 'NaN'));
    expect(learners.every((n) => n >= 1)).toBe(true);
    expect(learners).toEqual([...learners].sort((a, b) => b - a));
    // The two learners who asked about flashcard apps in their own words are one gap, ranked first.
    expect(await cards.first().textContent()).toMatch(/2 learners[\s\S]*smartphone[\s\S]*smartphone/);
  }, 60_000);

  it('when the instructor retires an item, then no new quiz serves it', async () => {
    await openView(page, VIEWS[3]);
    const card = page.locator('li.card[data-item]').first();
    const prompt = (await card.getByRole('heading').textContent())?.trim() ?? '';
    await card.getByRole('button', { name: 'Retire' }).click();
    await card.getByText('retired', { exact: true }).waitFor();
    const login = await fetch(`${app.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'learner' }) });
    const token = ((await login.json()) as { token: string }).token;
    const courseId = app.demo?.courses.find((c) => c.title.startsWith('Psychology'))?.id;
    for (let n = 0; n < 3; n += 1) {
      const res = await fetch(`${app.url}/v1/courses/${courseId}/quizzes`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ num_questions: 5 }),
      });
      expect(res.status).toBe(201);
      const quiz = (await res.json()) as { questions: { prompt: string }[] };
      expect(quiz.questions.map((q) => q.prompt.trim())).not.toContain(prompt);
    }
  }, 120_000);

  it('when every view is opened in light and dark at 1280 px and in a 700-px iframe, then axe finds nothing', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const view of VIEWS) {
        await openView(page, view);
        await page.screenshot({ path: `${SHOTS}/course-console-${view.shot}-${scheme}.png`, fullPage: scheme === 'light' });
        await axe(`${view.shot} (${scheme}, 1280)`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => {
      document.body.innerHTML = '<main><h1>LMS course page</h1><iframe title="TutorGraph course console" src="/course" style="width:700px;height:1100px;border:1px solid #888"></iframe></main>';
    });
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: /Course console/ }).waitFor();
    for (const view of VIEWS) {
      await openView(frame, view);
      if (view.shot === 'mastery' || view.shot === 'items') await page.screenshot({ path: `${SHOTS}/course-console-${view.shot}-iframe-700.png` });
      await axe(`${view.shot} (700-px iframe)`, false);
    }
    expect(violations).toEqual([]);
  }, 300_000);
});
