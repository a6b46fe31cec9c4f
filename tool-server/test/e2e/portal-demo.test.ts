import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startPortalWorld, type PortalWorld } from './portal-world.js';

// The README's demo script, driven through the real portal in Chromium as a person would: role and label
// locators only, files picked through the file chooser, the invite link taken from the page.
const COURSE_DIR = `${REPO_ROOT}data/courses/psychology-learning-and-memory`;
const MARKDOWN_FILE = `${COURSE_DIR}/03-6-2-classical-conditioning.md`;
const PDF_FILE = `${COURSE_DIR}/files/psychology-2e-chapter-6-learning.pdf`;
const ORG = 'Riverside College';
const COURSE = 'Intro to Psychology';
const LEARNER_EMAIL = 'sam.rivera@riverside.test';

let world: PortalWorld;
let admin: Page;
let learner: Page;
let inviteLink = '';

beforeAll(async () => {
  world = await startPortalWorld();
  // Two windows that share nothing, as the admin's browser and the learner's private window; the admin's may use the clipboard.
  const window = { viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' } as const;
  admin = await (await world.browser.newContext({ ...window, permissions: ['clipboard-read', 'clipboard-write'] })).newPage();
  learner = await (await world.browser.newContext(window)).newPage();
  for (const page of [admin, learner]) page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  const violations = world?.axeReports.reduce((n, r) => n + r.violations.length, 0) ?? 0;
  console.log(`[e2e] axe (WCAG 2.2 A/AA): ${world?.axeReports.length ?? 0} portal screens checked, ${violations} violations; ${world?.screenshots.length ?? 0} screenshots in test-artifacts/e2e`);
  await world?.close();
});

/** Saves the step's screenshot and, when `screen` names a screen not seen before, asserts axe finds nothing on it. */
async function step(page: Page, name: string, screen?: string): Promise<void> {
  await world.screenshot(page, name);
  if (screen) expect(await world.checkA11y(page, screen)).toEqual([]);
}

describe('demo portal, end to end (real server, Chromium, the README demo script)', () => {
  it('when the admin signs in, creates an organisation and a course and invites a learner, then the invite link can be copied', async () => {
    await admin.goto(world.url);
    await admin.getByRole('heading', { name: 'Welcome to TutorGraph' }).waitFor();
    await step(admin, 'login', 'login');
    await admin.getByRole('button', { name: 'Sign in as Demo Admin' }).click();
    await admin.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await step(admin, 'admin-signed-in', 'dashboard (no course)');

    await admin.getByRole('link', { name: 'Profile', exact: true }).click();
    await admin.getByRole('heading', { name: 'Profile' }).waitFor();
    await admin.getByLabel('New organisation').fill(ORG);
    await admin.getByRole('button', { name: 'Create organisation' }).click();
    await admin.getByRole('status').filter({ hasText: `Created ${ORG}` }).waitFor();
    await step(admin, 'admin-organisation-created', 'profile');

    await admin.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await admin.getByLabel('New course title').fill(COURSE);
    await admin.getByRole('button', { name: 'Create course' }).click();
    await admin.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
    await step(admin, 'admin-course-created', 'dashboard (course)');

    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('tab', { name: 'Invites' }).click();
    await admin.getByLabel('Email').fill(LEARNER_EMAIL);
    const inviteCourse = admin.locator('tg-admin-invites').getByLabel('Course');
    expect(await inviteCourse.locator('option:checked').textContent()).toBe(COURSE);
    await admin.getByRole('button', { name: 'Send invite' }).click();
    await admin.getByRole('button', { name: `Copy link: ${LEARNER_EMAIL}` }).click();
    await admin.getByText('Link copied.').waitFor();
    inviteLink = await admin.evaluate<string>('navigator.clipboard.readText()');
    expect(inviteLink).toMatch(new RegExp(`^${world.url}/invite/[\\w-]+$`));
    await step(admin, 'admin-invite-link-copied', 'admin: invites');
  });

  it('when the admin uploads a Markdown file and the chapter PDF, then both reach Indexed', async () => {
    await admin.getByRole('link', { name: 'Content', exact: true }).click();
    await admin.getByRole('button', { name: 'choose files' }).waitFor();
    const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), admin.getByRole('button', { name: 'choose files' }).click()]);
    await chooser.setFiles([MARKDOWN_FILE, PDF_FILE]);
    await admin.getByRole('row').filter({ hasText: 'psychology-2e-chapter-6-learning' }).waitFor();
    await step(admin, 'admin-uploading', 'content: uploading');
    await admin.getByRole('row').filter({ hasText: 'psychology-2e-chapter-6-learning' }).getByText('Indexed').waitFor({ timeout: 45_000 });
    await admin.getByRole('row').filter({ hasText: '03-6-2-classical-conditioning' }).getByText('Indexed').waitFor({ timeout: 45_000 });
    await step(admin, 'admin-documents-indexed', 'content: indexed');
  });

  it('when the learner opens the invite link in a private window and accepts, then they land in the course', async () => {
    await learner.goto(inviteLink);
    await learner.getByRole('heading', { name: 'You are invited' }).waitFor();
    await step(learner, 'learner-invite', 'invite: preview');
    await learner.getByRole('button', { name: `Sign in as ${LEARNER_EMAIL} and accept` }).click();
    await learner.getByRole('heading', { name: 'Welcome aboard' }).waitFor();
    await step(learner, 'learner-invite-accepted', 'invite: accepted');
    await learner.getByRole('button', { name: 'Go to your dashboard' }).click();
    await learner.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
    await step(learner, 'learner-dashboard-new', 'learner dashboard (new)');
  });

  it('when the learner asks two questions, then each answer cites the course files and a citation opens its passage in the document', async () => {
    await learner.getByRole('link', { name: 'Ask', exact: true }).click();
    const questions = [
      { text: 'What is classical conditioning?', screen: 'ask: answered' },
      { text: 'What is observational learning?', screen: undefined },
    ];
    for (const [i, question] of questions.entries()) {
      await learner.getByLabel('Ask a question about this course').fill(question.text);
      await learner.getByRole('button', { name: 'Ask', exact: true }).click();
      const answer = learner.getByRole('region', { name: 'Answer' });
      await answer.getByRole('heading', { name: 'Answer' }).waitFor();
      const sources = answer.getByRole('list', { name: /sources?$/ });
      expect(await sources.getByRole('listitem').count()).toBeGreaterThan(0);
      await sources.getByRole('button').first().click();
      await answer.getByRole('button', { name: 'Show in document' }).first().click();
      const drawer = learner.getByRole('dialog', { name: /^Source: / });
      await drawer.waitFor();
      expect(await drawer.locator('mark').count()).toBe(1);
      await step(learner, `learner-question-${i + 1}-citation`, i === 0 ? 'ask: citation drawer' : undefined);
      await drawer.getByRole('button', { name: 'Close' }).click();
      await drawer.waitFor({ state: 'hidden' });
      await step(learner, `learner-question-${i + 1}-answer`, question.screen);
    }
  });

  it('when the learner takes a quiz, then score, explanations and mastery show; and the next quiz is set at a different level', async () => {
    await learner.getByRole('link', { name: 'Quiz', exact: true }).click();
    const runner = learner.locator('tg-quiz-runner');
    await runner.getByRole('button', { name: 'Start quiz' }).waitFor();
    const levelBefore = await runner.getByText(/^Level: \d$/).textContent();
    await step(learner, 'learner-quiz-start', 'quiz: start');

    await runner.getByRole('button', { name: 'Start quiz' }).click();
    await runner.getByRole('group', { name: /^Question 1 of / }).waitFor();
    await step(learner, 'learner-quiz-question', 'quiz: question');
    await answerQuiz(runner, () => true);
    await runner.getByRole('heading', { name: 'Results' }).waitFor();
    await expect.poll(() => runner.getByText(/^You scored \d+ of \d+/).textContent()).toMatch(/You scored (\d+) of \1 \(100%\)/);
    expect(await runner.getByRole('listitem').filter({ hasText: /^\s*Correct:/ }).count()).toBeGreaterThan(0);
    await runner.getByRole('meter', { name: 'Course mastery' }).waitFor();
    const nextLevel = await runner.getByText(/^Next quiz level: \d$/).textContent();
    await step(learner, 'learner-quiz-1-results', 'quiz: results');

    await runner.getByRole('button', { name: 'Take another quiz' }).click();
    await runner.getByRole('button', { name: 'Start quiz' }).waitFor();
    const levelAfter = await runner.getByText(/^Level: \d$/).textContent();
    expect(levelAfter).not.toBe(levelBefore);
    expect(levelAfter?.replace('Level: ', '')).toBe(nextLevel?.replace('Next quiz level: ', ''));
    await step(learner, 'learner-quiz-2-start', 'quiz: start (new level)');
    await runner.getByRole('button', { name: 'Start quiz' }).click();
    await runner.getByRole('group', { name: /^Question 1 of / }).waitFor();
    expect(await runner.getByText(/^Level: \d$/).textContent()).toBe(levelAfter);
    // Two wrong answers this time, so the results show what to review.
    await answerQuiz(runner, (position) => position > 2);
    await runner.getByRole('heading', { name: 'Results' }).waitFor();
    await runner.getByRole('heading', { name: 'Topics to review' }).waitFor();
    const levelAfterSecond = (await runner.getByText(/^Next quiz level: \d$/).textContent())?.replace('Next quiz level: ', '');
    await step(learner, 'learner-quiz-2-results', 'quiz: results with mistakes');

    await learner.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const quizzes = learner.getByRole('region', { name: 'Recent quizzes' });
    await quizzes.getByRole('listitem').nth(1).waitFor();
    expect(await quizzes.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^60% \\(3 of 5\\)\\s+at level ${levelAfter?.replace('Level: ', '')}`)),
      expect.stringMatching(new RegExp(`^100% \\(5 of 5\\)\\s+at level ${levelBefore?.replace('Level: ', '')}`)),
    ]);
    expect(await quizzes.getByText(/^Your next quiz:/).textContent()).toBe(`Your next quiz: level ${levelAfterSecond}`);
    await learner.getByRole('region', { name: 'Recent questions' }).getByText('What is observational learning?').waitFor();
    await step(learner, 'learner-dashboard', 'learner dashboard (after quizzes)');
  });

  it('when the admin opens the audit log, then the organisation, course, invite, uploads, acceptance and both quiz attempts are there', async () => {
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('tab', { name: 'Audit log' }).click();
    const log = admin.getByRole('table', { name: 'Audit log' });
    await log.waitFor();
    const actions = await log.getByRole('row').evaluateAll((rows) => rows.map((r) => r.querySelector('td:nth-child(2)')?.textContent ?? ''));
    const count = (action: string) => actions.filter((a) => a === action).length;
    expect({
      tenant: count('tenant.created'), course: count('course.created'), invite: count('invite.created'), uploads: count('document.uploaded'),
      accepted: count('invite.accepted'), quizzes: count('quiz.created'), attempts: count('quiz.attempted'),
    }).toEqual({ tenant: 1, course: 1, invite: 1, uploads: 2, accepted: 1, quizzes: 2, attempts: 2 });
    const row = async (action: string) => (await log.getByRole('row').filter({ hasText: action }).first().textContent())?.replace(/\s+/g, ' ');
    expect(await row('quiz.attempted')).toContain(`${LEARNER_EMAIL} quiz_attempt: 3 of 5`);
    expect(await row('course.created')).toContain(`course: ${COURSE}`);
    expect(await row('invite.accepted')).toContain(`invite: ${LEARNER_EMAIL}`);
    await step(admin, 'admin-audit-log', 'admin: audit log');
  });
});

/** Answers the open quiz question by question through the UI; `shouldBeRight(position)` picks right or wrong. */
async function answerQuiz(runner: Locator, shouldBeRight: (position: number) => boolean): Promise<void> {
  // Test scaffolding, not a UI shortcut: the answer key comes from the database so the learner can answer "well".
  const { db } = world.app.server.database;
  const quiz = await db.selectFrom('quizzes').innerJoin('users', 'users.id', 'quizzes.user_id').select('quizzes.id')
    .where('users.email', '=', LEARNER_EMAIL).orderBy('quizzes.created_at', 'desc').executeTakeFirstOrThrow();
  const questions = await db.selectFrom('quiz_questions').select(['position', 'type', 'choices', 'answer'])
    .where('quiz_id', '=', quiz.id).orderBy('position').execute();
  for (const [i, question] of questions.entries()) {
    const group = runner.getByRole('group', { name: new RegExp(`^Question ${i + 1} of ${questions.length}`) });
    const key = question.answer as { kind: 'choice'; text: string } | { kind: 'boolean'; value: boolean } | { kind: 'text'; text: string };
    const right = shouldBeRight(i + 1);
    if (key.kind === 'text') {
      await group.getByLabel('Your answer').fill(right ? key.text : 'no idea');
    } else {
      const correct = key.kind === 'boolean' ? (key.value ? 'True' : 'False') : key.text;
      const choices = key.kind === 'boolean' ? ['True', 'False'] : (question.choices as string[]);
      await group.getByRole('radio', { name: right ? correct : choices.find((c) => c !== correct)!, exact: true }).check();
    }
    await runner.getByRole('button', { name: i === questions.length - 1 ? 'Submit answers' : 'Next' }).click();
  }
  await runner.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
}
