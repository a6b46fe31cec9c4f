import type { FakeApi } from '../fake-api.js';
import { answering, failure, FAILURE_STATES, happyApi } from '../scenarios.js';
import * as data from '../fixtures.js';
import { $, $$, waitFor } from '../helpers.js';
import { STUDY_SCENARIOS } from './study-scenarios.js';

/**
 * Every visible state of every element, as a page the accessibility check and the screenshots open:
 * the fake API to install, the markup, and what to do before the page counts as ready.
 */
export interface Scenario {
  id: string;
  markup: string;
  api?: (api: FakeApi) => FakeApi;
  act: (el: HTMLElement) => Promise<unknown>;
}

const P = (inner: string) => `<tg-provider api-base="https://tg.test" token="tok" course-id="${data.COURSE}" tenant-id="${data.TENANT}">${inner}</tg-provider>`;
const button = (el: Element, name: string) => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.trim() === name);
const settle = () => new Promise((r) => setTimeout(r, 60));

async function ask(el: HTMLElement): Promise<void> {
  const ta = await waitFor(() => $<HTMLTextAreaElement>(el, 'textarea'), 'textarea');
  ta.value = 'How do mitosis and meiosis differ?';
  ta.dispatchEvent(new Event('input'));
  await settle();
  $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
  await settle();
}
const failureSeen = (el: HTMLElement, state: string) => waitFor(() => (state === 'loading'
  ? $(el, '.spinner') : $(el, '[role=alert]')), `${state} banner`);

async function quizStarted(el: HTMLElement): Promise<void> {
  const start = await waitFor(() => { const b = button(el, 'Start quiz'); return b && !b.disabled && b; }, 'start');
  start.click();
  await waitFor(() => $(el, 'fieldset[part=question]'), 'question');
}

async function consoleTab(el: HTMLElement, tab: string, tag: string, ready: (t: HTMLElement) => unknown): Promise<HTMLElement> {
  const app = await waitFor(() => $<HTMLElement>(el, 'tg-admin-console-app'), 'console');
  (await waitFor(() => $$<HTMLButtonElement>(app, '[role=tab]').find((b) => b.textContent === tab), 'tab')).click();
  const t = await waitFor(() => $<HTMLElement>(app, tag), tag);
  await waitFor(() => ready(t), `${tag} ready`);
  return t;
}
const hasText = (t: HTMLElement, text: string) => (t.shadowRoot?.textContent ?? '').includes(text);

const ASK = P('<tg-ask-panel></tg-ask-panel>');
const QUIZ = P('<tg-quiz-runner poll-interval="50"></tg-quiz-runner>');
const METER = P('<tg-mastery-meter></tg-mastery-meter>');
const ADMIN = P('<tg-admin-console></tg-admin-console>');

export const SCENARIOS: Scenario[] = [
  { id: 'ask-panel/empty', markup: ASK, act: (el) => waitFor(() => $(el, 'textarea'), 'form') },
  { id: 'ask-panel/answered', markup: ASK, act: async (el) => {
    await ask(el);
    (await waitFor(() => $<HTMLButtonElement>(el, '#cite-1'), 'citation')).click();
    await settle();
  } },
  { id: 'ask-panel/drawer', markup: ASK, act: async (el) => {
    await ask(el);
    (await waitFor(() => $<HTMLButtonElement>(el, '#cite-2'), 'citation')).click();
    await settle();
    $$<HTMLButtonElement>(el, '.citation-body button')[1]!.click();
    await waitFor(() => $(el, 'dialog[open]'), 'drawer');
  } },
  { id: 'ask-panel/not-found', markup: ASK, api: (a) => a.on('POST', '/v1/courses/:id/query', answering(data.notFoundReply)),
    act: async (el) => { await ask(el); await waitFor(() => $(el, '.not-found'), 'not found'); } },
  { id: 'ask-panel/debug', markup: P('<tg-ask-panel debug></tg-ask-panel>'), act: async (el) => {
    await ask(el);
    (await waitFor(() => $<HTMLDetailsElement>(el, 'details'), 'details')).open = true;
  } },
  { id: 'ask-panel/feedback-sent', markup: ASK, act: async (el) => {
    await ask(el);
    (await waitFor(() => $$<HTMLInputElement>(el, 'input[name=helpful]')[0], 'radio')).click();
    $$<HTMLInputElement>(el, 'input[name=grounded]')[0]!.click();
    await settle();
    $<HTMLButtonElement>(el, 'fieldset[part=feedback] button')!.click();
    await waitFor(() => $(el, '.banner.success'), 'thanks');
  } },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `ask-panel/${state}`, markup: ASK,
    api: (a) => a.on('POST', '/v1/courses/:id/query', failure(state)), act: async (el) => { await ask(el); await failureSeen(el, state); } })),

  { id: 'quiz-runner/start', markup: QUIZ, act: (el) => waitFor(() => $(el, '.attempts'), 'attempts') },
  { id: 'quiz-runner/no-attempts', markup: QUIZ, api: (a) => a.on('GET', '/v1/courses/:id/attempts', { body: { items: [] } }),
    act: (el) => waitFor(() => button(el, 'Start quiz') && !button(el, 'Start quiz')!.disabled, 'start') },
  { id: 'quiz-runner/question', markup: QUIZ, act: quizStarted },
  { id: 'quiz-runner/all-at-once', markup: P('<tg-quiz-runner all-at-once></tg-quiz-runner>'), act: quizStarted },
  { id: 'quiz-runner/generating', markup: QUIZ, api: (a) => a.on('POST', '/v1/courses/:id/quizzes', { body: { ...data.quiz, status: 'queued' } })
    .on('GET', '/v1/quizzes/:id', () => new Promise(() => {})), act: async (el) => {
    (await waitFor(() => { const b = button(el, 'Start quiz'); return b && !b.disabled && b; }, 'start')).click();
    await waitFor(() => $(el, '.spinner'), 'generating');
  } },
  { id: 'quiz-runner/confirm', markup: P('<tg-quiz-runner all-at-once></tg-quiz-runner>'), act: async (el) => {
    await quizStarted(el);
    button(el, 'Submit answers')!.click();
    await waitFor(() => $(el, '[role=alertdialog]'), 'confirm');
  } },
  { id: 'quiz-runner/results', markup: P('<tg-quiz-runner all-at-once></tg-quiz-runner>'), act: async (el) => {
    await quizStarted(el);
    button(el, 'Submit answers')!.click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#confirm-yes'), 'confirm')).click();
    const meter = await waitFor(() => $(el, 'tg-mastery-meter'), 'meter');
    await waitFor(() => $(meter, '[role=meter]'), 'meter bars');
  } },
  { id: 'quiz-runner/attempt', markup: QUIZ, act: async (el) => {
    (await waitFor(() => $<HTMLButtonElement>(el, '.attempts button'), 'attempt')).click();
    await waitFor(() => button(el, 'Back'), 'detail');
  } },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `quiz-runner/${state}`, markup: QUIZ,
    api: (a) => a.on('GET', '/v1/courses/:id/performance', failure(state)), act: (el) => failureSeen(el, state) })),

  { id: 'mastery-meter/full', markup: METER, act: (el) => waitFor(() => $$(el, '[role=meter]').length === 4, 'meters') },
  { id: 'mastery-meter/compact', markup: P('<tg-mastery-meter variant="compact"></tg-mastery-meter>'), act: (el) => waitFor(() => $(el, '[role=meter]'), 'meter') },
  { id: 'mastery-meter/empty', markup: METER, api: (a) => a.on('GET', '/v1/courses/:id/performance', { body: { mastery: 0, uncertainty: 50, tier: 1, topics: [] } }),
    act: (el) => waitFor(() => hasText(el, 'No mastery yet'), 'empty') },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `mastery-meter/${state}`, markup: METER,
    api: (a) => a.on('GET', '/v1/courses/:id/performance', failure(state)), act: (el) => failureSeen(el, state) })),

  { id: 'admin-console/documents', markup: ADMIN, act: (el) => consoleTab(el, 'Documents', 'tg-admin-documents', (t) => $$(t, '.badge').length === 11) },
  { id: 'admin-console/document-detail', markup: ADMIN, act: async (el) => {
    const t = await consoleTab(el, 'Documents', 'tg-admin-documents', (d) => $$(d, '.badge').length === 11);
    $$<HTMLButtonElement>(t, 'button').find((b) => b.getAttribute('aria-label') === 'Details: Old Handout')!.click();
    await settle();
    $$<HTMLButtonElement>(t, 'button').find((b) => b.getAttribute('aria-label') === 'Delete: Syllabus')!.click();
    await waitFor(() => $(t, '[role=alertdialog]'), 'confirm');
  } },
  { id: 'admin-console/documents-empty', markup: ADMIN, api: (a) => a.on('GET', '/v1/courses/:id/documents', { body: { items: [] } }),
    act: (el) => consoleTab(el, 'Documents', 'tg-admin-documents', (t) => hasText(t, 'No documents yet')) },
  { id: 'admin-console/uploading', markup: ADMIN, api: (a) => a.on('POST', '/v1/courses/:id/documents', () => new Promise(() => {})), act: async (el) => {
    const t = await consoleTab(el, 'Documents', 'tg-admin-documents', (d) => $$(d, '.badge').length === 11);
    const input = $<HTMLInputElement>(t, 'input[type=file]')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'.repeat(4000)], 'week-2.pdf'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await waitFor(() => $<HTMLProgressElement>(t, 'progress')?.value === 4000, 'progress');
  } },
  { id: 'admin-console/members', markup: ADMIN, act: (el) => consoleTab(el, 'Members', 'tg-admin-members', (t) => $(t, 'table')) },
  { id: 'admin-console/invites', markup: ADMIN, act: (el) => consoleTab(el, 'Invites', 'tg-admin-invites', (t) => $(t, 'table')) },
  { id: 'admin-console/sso', markup: ADMIN, act: (el) => consoleTab(el, 'Single sign-on', 'tg-admin-sso', (t) => $(t, 'form')) },
  { id: 'admin-console/audit', markup: ADMIN, act: (el) => consoleTab(el, 'Audit log', 'tg-admin-audit', (t) => $(t, 'table')) },
  { id: 'admin-console/lti', markup: ADMIN, act: async (el) => {
    const t = await consoleTab(el, 'LTI', 'tg-admin-lti', (l) => $(l, 'table'));
    $$<HTMLButtonElement>(t, 'button').find((b) => b.textContent === 'Add registration')!.click();
    await waitFor(() => $(t, 'form'), 'form');
  } },
  { id: 'admin-console/lms-sync', markup: ADMIN, act: (el) => consoleTab(el, 'LMS sync', 'tg-admin-lms-sync', (t) => $(t, 'table')) },
  { id: 'admin-console/analytics', markup: ADMIN, act: (el) => consoleTab(el, 'Analytics', 'tg-admin-analytics', (t) => $(t, 'table')) },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `admin-console/${state}`, markup: ADMIN,
    api: (a) => a.on('GET', '/v1/courses/:id/documents', failure(state)),
    act: (el) => consoleTab(el, 'Documents', 'tg-admin-documents', (t) => (state === 'loading' ? $(t, '.spinner') : $(t, '[role=alert]'))) })),
  ...STUDY_SCENARIOS,
];

/** Installs the scenario's API and markup into `stage`, runs its action. */
export async function runScenario(scenario: Scenario, stage: HTMLElement): Promise<void> {
  const api = happyApi();
  (scenario.api ?? ((a) => a))(api).install();
  stage.innerHTML = scenario.markup;
  const el = stage.querySelector<HTMLElement>('tg-provider > *')!;
  await scenario.act(el);
  await settle();
}
