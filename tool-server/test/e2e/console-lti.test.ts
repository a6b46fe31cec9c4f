import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessQueue, createLocalHashEmbeddings, createStorage, isTerminal, verifyAppToken } from '@tutorgraph/core';
import { createJobRuntime } from '@tutorgraph/worker';
import { serveWidgetAssets, WIDGETS_DIST } from '../../src/web/widget-assets.js';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type LaunchSpec, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld, logFailedAttempts } from '../lti/lti-world.js';
import { AXE_TAGS, REPO_ROOT } from './portal-world.js';
import { FRAMED_LMS_CHROMIUM_ARGS } from '../../../test-support/browser.js';

// The teacher's course console (#19) reached the way a teacher reaches it: an instructor launch from the LTI test
// platform (a Canvas-like LMS with AGS) in Chromium. The teacher uploads the course's files in the console, learners
// launch the graded quiz placement and practise over the HTTP API (scores go back to the LMS's AGS service; one is
// refused by the LMS), then the teacher uses every tab: class mastery and a learner's drill-down, the question log,
// the gap report, item review (edit, approve, retire — learners then get the edited item and never the retired one),
// content, grades with what the LMS received, and the roster. Every tab is checked for sideways scrolling and with
// axe at 1280 px, in a 700-px LMS frame and at 375 px; screenshots go to docs/screenshots/console-lti-*.png.
const SHOTS = `${REPO_ROOT}docs/screenshots`;
const COURSE_FILES = ['03-6-2-classical-conditioning.md', '07-8-1-how-memory-functions.md'].map((f) => `${REPO_ROOT}data/courses/psychology-learning-and-memory/${f}`);
const TABS = [
  { tab: 'Class mastery', shot: 'mastery' }, { tab: 'Questions', shot: 'questions' }, { tab: 'Course gaps', shot: 'gaps' },
  { tab: 'Item review', shot: 'items' }, { tab: 'Content', shot: 'content' }, { tab: 'Grades', shot: 'grades' }, { tab: 'Roster', shot: 'roster' },
] as const;

let world: LtiWorld;
let browser: Browser;
let page: Page;
let frame: Frame;
let queue: InProcessQueue;
let courseId = '';
const canvas = () => world.platforms[0]!;
const db = () => world.app.db.db;
const context = { id: 'console-course', title: 'Learning and memory' };
const custom = { tg_widget: 'quiz', tg_graded: '1', tg_grade_policy: 'best', tg_num_questions: '5' };
const resourceLink = { id: 'graded-quiz', title: 'Practice quiz' };
const person = (sub: string, name: string, role: 'learner' | 'instructor' = 'learner'): PlatformUser => ({
  sub, name, email: `${sub}@school.test`, roles: [role === 'learner' ? ROLE.learner : ROLE.instructor],
});
const learners: Record<string, { token: string; userId: string; name: string }> = {};
/** What the learner whose score the LMS refused got on that attempt (percent). */
let refusedPercent = 0;
/** A key text no passage of any course supports (a teacher's edit that would take the key off its passage). */
const UNSUPPORTED_KEY = 'zebra crossings painted purple';

beforeAll(async () => {
  if (!existsSync(`${WIDGETS_DIST}/tutorgraph.js`)) throw new Error('Build the widget bundle first: npm run build:widgets');
  // Two attempts per job, 20 ms apart: a score the LMS refuses twice is dead-lettered within the test.
  world = await startLtiWorld(['canvas'], { toolHost: 'localhost', env: { JOB_MAX_ATTEMPTS: '2', JOB_BACKOFF_MS: '20' }, extensions: [(app) => serveWidgetAssets(app)] });
  const deps = world.app.deps;
  deps.config.frameAncestors.push(canvas().platform.url);
  const embeddings = createLocalHashEmbeddings(64);
  const storage = createStorage(deps.config);
  Object.assign(deps.services, { embeddings, storage });
  // The worker's own job runtime (ingestion, grade passback, roster sync) on an in-process queue.
  const runtime = createJobRuntime({ config: deps.config, db: db(), storage, embeddings, logger: deps.logger, workerId: 'console-e2e' });
  queue = new InProcessQueue({ db: db(), concurrency: 1 });
  await queue.start(runtime.processor);
  deps.services.jobQueue = queue;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [...FRAMED_LMS_CHROMIUM_ARGS],
  });
}, 120_000);

afterAll(async () => { await browser?.close(); await queue?.close(); await world?.close(); });

const within = <T>(ms: number, work: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => { setTimeout(resolve, ms, fallback); })]);

async function toolFrame(p: Page, selector: string): Promise<Frame> {
  // Each poll bounded (as in lti-cookieless): a locator count on a frame between documents can never return.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const f = p.frame({ name: 'tool' });
    if (f && (await within(2_000, f.locator(selector).count(), 0)) > 0) return f;
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
  const f = p.frame({ name: 'tool' });
  const shows = await within(2_000, f?.locator('body').innerText() ?? Promise.resolve('no frame'), 'nothing readable');
  throw new Error(`tool frame never showed ${selector}; at ${f?.url()} it shows: ${shows.slice(0, 600)}`);
}

/** An LMS course page framing the tool for this launch; the page has a language and the frame a title, as Canvas's and Moodle's do. */
async function openCoursePage(launch: LaunchSpec, width: number, height = 900): Promise<Page> {
  const p = await (await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' })).newPage();
  p.setDefaultTimeout(20_000);
  await p.goto(canvas().platform.coursePageUrl(canvas().platform.prepareLaunch(launch).launchId));
  await p.locator('#tool').evaluate((el) => { el.setAttribute('title', 'TutorGraph'); el.ownerDocument.documentElement.lang = 'en'; });
  return p;
}

async function openTab(f: Frame, tab: string): Promise<void> {
  const button = f.getByRole('tab', { name: tab });
  // Playwright's scroll-into-view of an element in a cross-origin frame taller than the window stalled once on a
  // loaded machine (the tab was visible, enabled and stable); the click event then goes straight to the tab.
  await button.click({ timeout: 5_000 }).catch(() => button.dispatchEvent('click'));
  await f.getByRole('tab', { name: tab, selected: true }).waitFor();
  // The view has its data (no loading line left).
  await f.waitForFunction(() => !document.querySelector('tg-course-console')?.shadowRoot?.querySelector('tg-course-console-app')?.shadowRoot
    ?.querySelector('[role="tabpanel"]:not([hidden]) > *')?.shadowRoot?.querySelector('.spinner'), undefined, { timeout: 20_000 });
}

async function waitForJobs(): Promise<void> {
  for (let i = 0; i < 800; i += 1) {
    const jobs = await db().selectFrom('jobs').select('status').execute();
    if (jobs.every((j) => isTerminal(j.status))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('jobs did not finish');
}

async function learnerLaunch(sub: string, name: string) {
  const launch = await playLaunch(canvas().platform.prepareLaunch({ user: person(sub, name), context, resourceLink, custom }).loginUrl);
  const tool = readToolPage(launch.html);
  expect(tool.courseId).toBe(courseId);
  const { userId } = await verifyAppToken(world.app.deps.config.appTokenKeys, tool.token);
  learners[sub] = { token: tool.token, userId, name };
  return learners[sub]!;
}

/** A new quiz for the learner through the API, with the keys read from the database (the learner never sees them). */
async function newQuiz(token: string, topicId?: string) {
  const res = await world.app.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5, ...(topicId ? { topic_id: topicId } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const keys = await db().selectFrom('quiz_questions').select(['id', 'answer', 'choices', 'prompt']).where('quiz_id', '=', res.body.id).execute();
  return { id: res.body.id as string, questions: res.body.questions as { id: string; prompt: string; choices: string[] }[], keys };
}

/**
 * New quizzes on a topic for a learner until one serves the prompt (or 40 quizzes). Which form a term takes in a
 * quiz (cloze, short answer, true/false) is seeded per quiz, so an item may take several quizzes to come round.
 */
async function quizzesUntilServed(token: string, topicId: string, prompt: string) {
  const served: { prompt: string; choices: string[] }[] = [];
  for (let n = 0; n < 40 && !served.some((q) => q.prompt === prompt); n += 1) served.push(...(await newQuiz(token, topicId)).questions);
  return served;
}

async function practise(sub: string, correctShare: number) {
  const { token } = learners[sub]!;
  const quiz = await newQuiz(token);
  const answers = quiz.keys.map((k, n) => {
    const right = n < Math.round(correctShare * quiz.keys.length);
    const key = k.answer as { kind: 'choice'; index: number } | { kind: 'boolean'; value: boolean } | { kind: 'text'; text: string };
    const answer = key.kind === 'choice' ? (right ? key.index : (key.index + 1) % Math.max(2, k.choices.length))
      : key.kind === 'boolean' ? (right ? key.value : !key.value) : (right ? key.text : 'no idea');
    return { question_id: k.id, answer };
  });
  const res = await world.app.api(`/v1/quizzes/${quiz.id}/attempts`, { token, body: { answers } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { score: number; max_score: number };
}

async function ask(sub: string, question: string) {
  const res = await world.app.api(`/v1/courses/${courseId}/query`, { token: learners[sub]!.token, body: { question } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { answer?: string | null; refused?: boolean; citations?: unknown[] };
}

logFailedAttempts('console-lti');

describe('course console from an LMS launch (test platform, Chromium)', () => {
  it('when an instructor launches the graded placement, then the console opens and the files uploaded in its Content tab are ingested and previewable', async () => {
    page = await openCoursePage({ user: person('teacher', 'Tess Teacher', 'instructor'), context, resourceLink, custom }, 1280);
    frame = await toolFrame(page, 'tg-course-console');
    await frame.getByRole('tab', { name: 'Class mastery' }).waitFor();
    courseId = (await frame.locator('tg-provider').getAttribute('course-id'))!;
    expect(courseId).toMatch(/^[0-9a-f-]{36}$/);

    await openTab(frame, 'Content');
    // The files go to the Content tab's file input directly: Playwright's click in this cross-origin frame stalled
    // in scroll-into-view on a loaded machine (see openTab), and a file chooser needs a real click. The button
    // opening the chooser is covered by course-console.test.ts.
    await frame.getByRole('button', { name: 'choose files' }).waitFor();
    await frame.locator('#file-input').setInputFiles(COURSE_FILES);
    const rows = frame.locator('tr[data-document]');
    await expect.poll(async () => (await rows.allTextContents()).filter((t) => t.includes('succeeded')).length, { timeout: 60_000 }).toBe(2);
    await frame.getByRole('button', { name: /^Preview .*conditioning/i }).click();
    await frame.locator('#preview-heading').waitFor();
    expect(await frame.locator('pre.preview').count()).toBeGreaterThan(3);
    expect(await frame.locator('pre.preview').first().textContent()).toMatch(/\w{4,}/);
  }, 120_000);

  it('when learners practise through the graded placement, then each score reaches the LMS\'s AGS service, and a score the LMS refuses is dead-lettered with its reason', async () => {
    await learnerLaunch('ada', 'Ada Strong');
    await learnerLaunch('ben', 'Ben Weak');
    await learnerLaunch('cai', 'Cai Refused');
    await learnerLaunch('dee', 'Dee Not Started');
    const before = canvas().platform.services.scores.length;
    const ada = await practise('ada', 1);
    const ben = await practise('ben', 0);
    await waitForJobs();
    // The LMS refuses Cai's score twice: the job gives up after JOB_MAX_ATTEMPTS (2).
    canvas().platform.services.scoreFailures.push(500, 500);
    const cai = await practise('cai', 0.6);
    refusedPercent = Math.round((10_000 * cai.score) / cai.max_score) / 100;
    await waitForJobs();
    canvas().platform.services.scoreFailures.length = 0;
    const received = canvas().platform.services.scores.slice(before).map((s) => ({ user: s.body.userId, score: s.body.scoreGiven }));
    expect(received).toEqual([{ user: 'ada', score: Math.round((100 * ada.score) / ada.max_score) }, { user: 'ben', score: Math.round((100 * ben.score) / ben.max_score) }]);
    expect(ada.score).toBeGreaterThan(ben.score);

    // What learners ask: one answered question and two phrasings of one the course cannot answer.
    const answered = await ask('ada', 'What is classical conditioning?');
    expect(answered.citations?.length).toBeGreaterThan(0);
    await ask('ben', 'Which smartphone app should schedule my flashcards?');
    await ask('cai', 'Which smartphone apps schedule flashcards for me?');
  }, 120_000);

  it('when the teacher opens class mastery, then the heatmap has a row per learner, the one who did nothing is listed as not started, and a learner drills down', async () => {
    await openTab(frame, 'Class mastery');
    const table = frame.getByRole('table', { name: 'Mastery by learner and topic' });
    await table.waitFor();
    const text = await table.textContent();
    for (const name of ['Ada Strong', 'Ben Weak', 'Cai Refused']) expect(text).toContain(name);
    expect(await frame.getByText('Dee Not Started').count()).toBeGreaterThan(0);
    await frame.getByRole('button', { name: /^Open Ada Strong/ }).click();
    await frame.getByRole('button', { name: /Back to the class/ }).waitFor();
    await frame.getByText('Quiz attempts').first().waitFor();
    await frame.getByText('What is classical conditioning?').first().waitFor();
    await frame.getByRole('button', { name: /Back to the class/ }).click();
  }, 60_000);

  it('when the teacher opens the question log and the gap report, then the questions are there and the unanswerable one is a gap asked by two learners', async () => {
    await openTab(frame, 'Questions');
    await frame.getByText('What is classical conditioning?').first().waitFor();
    await frame.getByText('Which smartphone app should schedule my flashcards?').first().waitFor();
    await openTab(frame, 'Course gaps');
    const first = frame.locator('li.card').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/2 learners[\s\S]*smartphone/);
    expect(await frame.getByText('What is classical conditioning?').count()).toBe(0);
  }, 60_000);

  it('when the teacher edits, approves and retires items over the HTTP API, then bad edits are refused clearly and learners get the edited item and never the retired one', async () => {
    const teacher = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: person('teacher', 'Tess Teacher', 'instructor'), context, resourceLink, custom }).loginUrl)).html).token;
    const list = await world.app.api(`/v1/courses/${courseId}/analytics/items`, { token: teacher });
    expect(list.status).toBe(200);
    const items = list.body.items as { item_key: string; prompt: string; type: string; choices: string[]; status: string; is_edited: boolean; key: string; topic: { id: string } | null }[];
    const choiceItem = items.find((i) => i.type === 'multiple_choice' && i.topic);
    expect(choiceItem, 'a multiple-choice item was served').toBeTruthy();
    const toRetire = items.find((i) => i !== choiceItem && i.topic?.id === choiceItem!.topic!.id) ?? items.find((i) => i !== choiceItem)!;
    const path = (key: string) => `/v1/courses/${courseId}/analytics/items/${key}`;

    // Refused with a clear error, never a 500.
    const wrongChoices = await world.app.api(path(choiceItem!.item_key), { token: teacher, method: 'PATCH', body: { choices: ['only one'] } });
    expect(wrongChoices.status).toBe(400);
    expect(wrongChoices.body.error.message).toContain('number of choices');
    expect((await world.app.api(path(choiceItem!.item_key), { token: teacher, method: 'PATCH', body: {} })).status).toBe(400);
    expect((await world.app.api(path('0123456789abcdef'), { token: teacher, method: 'PATCH', body: { status: 'approved' } })).status).toBe(404);
    expect((await world.app.api(path(choiceItem!.item_key), { token: learners.ada!.token, method: 'PATCH', body: { status: 'retired' } })).status).toBe(403);
    // An edit that takes the key off its passage would be held back by the quality gate (learners would never see the
    // item): it is refused with the gate's reason, and nothing is saved.
    const offPassage = choiceItem!.choices.map((c) => (c === choiceItem!.key ? UNSUPPORTED_KEY : c));
    const keyEdit = await world.app.api(path(choiceItem!.item_key), { token: teacher, method: 'PATCH', body: { choices: offPassage } });
    expect(keyEdit.status, JSON.stringify(keyEdit.body)).toBe(400);
    expect(keyEdit.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { key: UNSUPPORTED_KEY } });
    expect(keyEdit.body.error.details.reasons).toContain('the key is not supported by the cited passage');
    expect(keyEdit.body.error.message).toContain('must stay supported by the cited passage');
    const unchanged = (await world.app.api(`/v1/courses/${courseId}/analytics/items`, { token: teacher })).body.items.find((i: { item_key: string }) => i.item_key === choiceItem!.item_key);
    expect(unchanged).toMatchObject({ is_edited: false, choices: choiceItem!.choices, key: choiceItem!.key });

    const editedPrompt = `${choiceItem!.prompt.replace(/\?$/, '')} (in your own words)?`;
    // A distractor reworded (the key keeps its text: it must stay supported by the cited passage).
    const distractor = choiceItem!.choices.findIndex((c) => c !== choiceItem!.key);
    const editedChoices = choiceItem!.choices.map((c, n) => (n === distractor ? `${c} (reworded)` : c));
    const edited = await world.app.api(path(choiceItem!.item_key), { token: teacher, method: 'PATCH', body: { prompt: editedPrompt, choices: editedChoices, explanation: 'Reworded by the teacher.' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ item_key: choiceItem!.item_key, prompt: editedPrompt, choices: editedChoices, is_edited: true, status: 'active' });
    const approved = await world.app.api(path(choiceItem!.item_key), { token: teacher, method: 'PATCH', body: { status: 'approved' } });
    expect(approved.body).toMatchObject({ status: 'approved', is_edited: true, prompt: editedPrompt });
    expect((await world.app.api(path(toRetire.item_key), { token: teacher, method: 'PATCH', body: { status: 'retired' } })).body.status).toBe('retired');

    // A learner new to the course takes new quizzes on the item's topic (a small pool; a learner is never served a
    // prompt twice): the edited text comes, never the original or the retired item.
    const eve = await learnerLaunch('eve', 'Eve Newcomer');
    const served = await quizzesUntilServed(eve.token, choiceItem!.topic!.id, editedPrompt);
    const prompts = served.map((q) => q.prompt);
    expect(prompts).toContain(editedPrompt);
    expect(served.find((q) => q.prompt === editedPrompt)!.choices.slice().sort()).toEqual(editedChoices.slice().sort());
    expect(prompts).not.toContain(choiceItem!.prompt);
    expect(prompts).not.toContain(toRetire.prompt);

    // The review list keeps one item for the original and its edit (served under both texts).
    const after = (await world.app.api(`/v1/courses/${courseId}/analytics/items`, { token: teacher })).body.items as { item_key: string; prompt: string }[];
    expect(after.filter((i) => i.item_key === choiceItem!.item_key)).toHaveLength(1);
    expect(after.filter((i) => i.prompt === editedPrompt)).toHaveLength(1);
  }, 120_000);

  it('when the teacher edits, approves and retires an item in the console, then the console shows it and learners get the edit and never the retired item', async () => {
    await openTab(frame, 'Item review');
    // Items the API test has not touched (still active, not edited): a multiple-choice one to edit and one of its topic to retire.
    const teacher = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: person('teacher', 'Tess Teacher', 'instructor'), context, resourceLink, custom }).loginUrl)).html).token;
    const listed = (await world.app.api(`/v1/courses/${courseId}/analytics/items`, { token: teacher })).body.items as
      { item_key: string; type: string; status: string; is_edited: boolean; topic: { id: string } | null }[];
    const fresh = listed.filter((i) => i.status === 'active' && !i.is_edited && i.topic);
    const toEdit = fresh.find((i) => i.type === 'multiple_choice')!;
    const toRetire = fresh.find((i) => i !== toEdit && i.topic!.id === toEdit.topic!.id) ?? fresh.find((i) => i !== toEdit)!;
    const topicId = toEdit.topic!.id;
    const editCard = frame.locator(`li.card[data-item="${toEdit.item_key}"]`);
    const retireCard = frame.locator(`li.card[data-item="${toRetire.item_key}"]`);
    const original = (await editCard.getByRole('heading').textContent())!.trim();
    const retiredPrompt = (await retireCard.getByRole('heading').textContent())!.trim();
    const reworded = `${original.replace(/[?.]$/, '')} — as the teacher puts it?`;

    // A key the cited passage does not support: refused, and the reason is shown in the item's card.
    await editCard.getByRole('button', { name: 'Edit' }).click();
    await editCard.getByLabel(/\(the key\)$/).fill(UNSUPPORTED_KEY);
    await editCard.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => editCard.getByRole('alert').textContent()).toMatch(/not saved[\s\S]*must stay supported by the cited passage/);
    expect(await editCard.getByLabel(/\(the key\)$/).inputValue()).toBe(UNSUPPORTED_KEY);
    await editCard.getByRole('button', { name: 'Cancel' }).click();
    expect(await editCard.getByRole('alert').count()).toBe(0);

    await editCard.getByRole('button', { name: 'Edit' }).click();
    await editCard.getByLabel('Prompt').fill(reworded);
    await editCard.getByRole('button', { name: 'Save' }).click();
    await editCard.getByRole('heading', { name: reworded }).waitFor();
    await editCard.getByText('edited', { exact: true }).waitFor();
    await editCard.getByRole('button', { name: 'Approve' }).click();
    await editCard.locator('.badge.approved').waitFor();
    await retireCard.getByRole('button', { name: 'Retire' }).click();
    await retireCard.locator('.badge.retired').waitFor();
    await retireCard.getByRole('button', { name: 'Restore' }).waitFor();

    const fay = await learnerLaunch('fay', 'Fay Newcomer');
    const prompts = (await quizzesUntilServed(fay.token, topicId, reworded)).map((q) => q.prompt);
    expect(prompts).toContain(reworded);
    expect(prompts).not.toContain(original);
    expect(prompts).not.toContain(retiredPrompt);
  }, 120_000);

  it('when the teacher opens Grades, then each learner\'s score is shown with whether the LMS received it, matching what the AGS service got, and the refused one with its reason', async () => {
    await openTab(frame, 'Grades');
    const placement = frame.getByRole('region', { name: resourceLink.title });
    await placement.waitFor();
    expect(await placement.textContent()).toMatch(/Grade policy: best/i);
    const row = (name: string) => placement.getByRole('row').filter({ hasText: name });
    const received = new Map(canvas().platform.services.scores.map((s) => [s.body.userId as string, s.body.scoreGiven as number]));
    for (const sub of ['ada', 'ben']) {
      const text = (await row(learners[sub]!.name).textContent()) ?? '';
      expect(text).toContain('sent');
      expect(text).toContain(`${received.get(sub)}/100`);
    }
    // The refused score: what Cai got, and why the LMS does not have it.
    const refused = (await row('Cai Refused').textContent()) ?? '';
    expect(refused).toMatch(/failed: [\s\S]*500/);
    expect(refused).toContain(`${refusedPercent}/100`);
    expect(refused).not.toContain('—/—');
    expect(received.has('cai')).toBe(false);
    expect(await row('Dee Not Started').count()).toBe(0);
  }, 60_000);

  it('when the teacher opens the roster, then every launched learner is there with their last activity', async () => {
    await openTab(frame, 'Roster');
    const table = frame.getByRole('table', { name: 'Roster' });
    await table.waitFor();
    const text = await table.textContent();
    for (const { name } of Object.values(learners)) expect(text).toContain(name);
    expect(text).toContain('Tess Teacher');
  }, 60_000);

  // At 375 px list tables reflow into cards; the heatmap (a real matrix) scrolls inside its own labelled region.
  // Axe runs on every view in light and dark: light at every width, dark in the 375-px frame.
  it('when every tab is shown at 1280 px, in a 700-px LMS frame and at 375 px, light and dark, then nothing scrolls sideways and axe finds nothing', async () => {
    const problems: string[] = [];
    const layouts = [
      { name: '1280', viewport: 1280, frameWidth: '100%', isDark: false }, { name: 'iframe-700', viewport: 1280, frameWidth: '700px', isDark: false },
      { name: '375', viewport: 375, frameWidth: '100%', isDark: false }, { name: '375-dark', viewport: 375, frameWidth: '100%', isDark: true },
    ];
    let step = 'start';
    try {
      for (const layout of layouts) {
        step = `${layout.name}: open`;
        // A tall window: the tool's frame is another origin (its own renderer), and a fullPage shot leaves what lies below
        // the window unpainted in it (resizing the window per shot stalled the run); the shots show the first 1800 px.
        const p = await openCoursePage({ user: person('teacher', 'Tess Teacher', 'instructor'), context, resourceLink, custom }, layout.viewport, 1800);
        await p.addStyleTag({ content: `body { margin: 8px } #tool { width: ${layout.frameWidth}; box-sizing: border-box; border: 1px solid #888 }` });
        const f = await toolFrame(p, 'tg-course-console');
        await f.getByRole('tab', { name: 'Class mastery' }).waitFor();
        if (layout.isDark) {
          await f.locator('tg-provider').evaluate((el) => { el.setAttribute('theme', 'dark'); });
          await f.waitForFunction(() => document.querySelector('tg-course-console')?.getAttribute('theme') === 'dark');
        }
        for (const { tab, shot } of TABS) {
          step = `${layout.name}: ${shot}`;
          await openTab(f, tab);
          await p.waitForTimeout(200);
          problems.push(...(await f.evaluate(sideways)).map((o) => `${shot} @${layout.name}: overflow ${o}`));
          const axe = await new AxeBuilder({ page: p }).withTags(AXE_TAGS).analyze();
          problems.push(...axe.violations.map((v) => `${shot} @${layout.name}: axe ${v.id} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`));
          await p.screenshot({ path: `${SHOTS}/console-lti-${shot}-${layout.name}.png` });
        }
        await p.context().close();
      }
    } catch (error) {
      console.log(`[console-lti layout] failed at ${step}: ${(error as Error).message.split('\n')[0]}`);
      throw error;
    }
    // Printed as well as asserted: under CI's retry a first failed attempt leaves no other trace in the log.
    if (problems.length > 0) console.log(`[console-lti layout] ${problems.length} problems: ${problems.slice(0, 12).join(' ; ')}`);
    expect(problems).toEqual([]);
  }, 600_000);
});

/**
 * Widths that scroll sideways inside the tool's frame: the document, and any element (light or shadow DOM) past its
 * right edge — except inside a container that scrolls on its own and itself fits; such a container must be a labelled
 * region a keyboard can reach (role="region", a name, tabindex="0"), else it is a finding too.
 */
function sideways(): string[] {
  const found: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
  const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const walk = (node: Document | ShadowRoot, isInsideScroller: boolean) => {
    for (const el of Array.from(node.children)) visit(el, isInsideScroller);
  };
  const visit = (el: Element, isInsideScroller: boolean) => {
    const box = el.getBoundingClientRect();
    const name = `${el.tagName.toLowerCase()}.${String(el.className)}`;
    if (!isInsideScroller && box.width > 0 && box.right > root.clientWidth + 1) found.push(`${name} right ${Math.round(box.right)}`);
    const isScroller = el !== root && el !== document.body && scrolls(el) && el.scrollWidth > el.clientWidth;
    if (isScroller && !(el.getAttribute('role') === 'region' && (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')) && el.getAttribute('tabindex') === '0')) {
      found.push(`${name} scrolls sideways but is not a labelled, focusable region`);
    }
    if (el.shadowRoot) walk(el.shadowRoot, isInsideScroller || isScroller);
    for (const child of Array.from(el.children)) visit(child, isInsideScroller || isScroller);
  };
  walk(document, false);
  return found.slice(0, 8);
}
