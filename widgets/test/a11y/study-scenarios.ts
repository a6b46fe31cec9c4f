import '../../src/components/flashcards/flashcards.js';
import '../../src/components/study-notes/study-notes.js';
import type { Scenario } from './a11y-scenarios.js';
import { failure, FAILURE_STATES } from '../scenarios.js';
import * as data from '../fixtures.js';
import { emptyQueue, withStudyRoutes } from '../study-fixtures.js';
import { $, $$, waitFor } from '../helpers.js';

const P = (inner: string) => `<tg-provider api-base="https://tg.test" token="tok" course-id="${data.COURSE}" tenant-id="${data.TENANT}">${inner}</tg-provider>`;
const CARDS = P('<tg-flashcards></tg-flashcards>');
const NOTES = P('<tg-study-notes></tg-study-notes>');
const button = (el: Element, name: string) => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.trim().startsWith(name));
const front = (el: HTMLElement) => waitFor(() => button(el, 'Show answer'), 'card front');
const failureSeen = (el: HTMLElement, state: string) => waitFor(() => (state === 'loading' ? $(el, '.spinner') : $(el, '[role=alert]')), `${state} banner`);

/** Every visible state of `<tg-flashcards>` and `<tg-study-notes>` (spread into the accessibility check's list). */
export const STUDY_SCENARIOS: Scenario[] = [
  { id: 'flashcards/front', markup: CARDS, api: withStudyRoutes, act: front },
  { id: 'flashcards/back', markup: CARDS, api: withStudyRoutes, act: async (el) => {
    (await front(el)).click();
    await waitFor(() => $(el, 'fieldset[part=ratings]'), 'ratings');
  } },
  { id: 'flashcards/done', markup: CARDS, api: withStudyRoutes, act: async (el) => {
    for (let i = 0; i < 2; i += 1) {
      (await front(el)).click();
      (await waitFor(() => button(el, 'Good'), 'good')).click();
      await waitFor(() => !button(el, 'Good'), 'next');
    }
    await waitFor(() => $(el, '#done'), 'done');
  } },
  { id: 'flashcards/empty', markup: CARDS, api: (a) => withStudyRoutes(a).on('GET', '/v1/courses/:id/study-queue', { body: emptyQueue }),
    act: (el) => waitFor(() => $(el, '#done'), 'empty') },
  { id: 'flashcards/review-failed', markup: CARDS, api: (a) => withStudyRoutes(a).on('POST', '/v1/flashcards/:id/reviews', failure('error')), act: async (el) => {
    (await front(el)).click();
    (await waitFor(() => button(el, 'Again'), 'again')).click();
    await waitFor(() => $(el, '[role=alert]'), 'error');
  } },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `flashcards/${state}`, markup: CARDS,
    api: (a) => withStudyRoutes(a).on('GET', '/v1/courses/:id/study-queue', failure(state)), act: (el) => failureSeen(el, state) })),

  { id: 'study-notes/course', markup: NOTES, api: withStudyRoutes, act: (el) => waitFor(() => $(el, 'article'), 'notes') },
  { id: 'study-notes/topic', markup: P('<tg-study-notes topic-id="topic-1"></tg-study-notes>'), api: withStudyRoutes,
    act: (el) => waitFor(() => $(el, 'h2')?.textContent?.includes('Mitosis'), 'topic notes') },
  { id: 'study-notes/source-open', markup: NOTES, api: withStudyRoutes, act: async (el) => {
    const details = await waitFor(() => $$<HTMLDetailsElement>(el, 'details')[1], 'source');
    details.open = true;
  } },
  { id: 'study-notes/editing', markup: P('<tg-study-notes editable></tg-study-notes>'), api: withStudyRoutes, act: async (el) => {
    (await waitFor(() => button(el, 'Edit notes'), 'edit')).click();
    await waitFor(() => $(el, 'textarea'), 'editor');
  } },
  { id: 'study-notes/empty', markup: NOTES, api: (a) => withStudyRoutes(a).on('GET', '/v1/courses/:id/notes', { body: { items: [] } }),
    act: (el) => waitFor(() => $(el, 'p.muted'), 'empty') },
  ...FAILURE_STATES.map((state): Scenario => ({ id: `study-notes/${state}`, markup: NOTES,
    api: (a) => withStudyRoutes(a).on('GET', '/v1/courses/:id/notes', failure(state)), act: (el) => failureSeen(el, state) })),
];
