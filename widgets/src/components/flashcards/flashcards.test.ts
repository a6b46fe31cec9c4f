import { expect } from 'chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import './flashcards.js';
import type { TgFlashcards } from './flashcards.js';
import { happyApi } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { emptyQueue, studyQueue, withStudyRoutes } from '../../../test/study-fixtures.js';
import { $, $$, mount, unmountAll, waitFor } from '../../../test/helpers.js';

const DECK = '<tg-flashcards api-base="https://tg.test" token="tok" course-id="course-1" limit="5"></tg-flashcards>';
const active = (el: HTMLElement) => el.shadowRoot!.activeElement as HTMLElement | null;

describe('tg-flashcards', () => {
  let api: FakeApi;
  afterEach(async () => { api?.restore(); unmountAll(); await emulateMedia({ reducedMotion: 'no-preference' }); });

  it('when loaded, then the first card\'s question shows in a labelled flashcard group, with the queue\'s limit asked for', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgFlashcards>(DECK);
    const group = await waitFor(() => $(el, '[role=group]'), 'card');
    expect(group.getAttribute('aria-roledescription')).to.equal('flashcard');
    expect(group.getAttribute('aria-label')).to.equal('Flashcard 1 of 2');
    expect(group.textContent).to.include(studyQueue.items[0]!.front);
    expect(group.textContent).not.to.include(studyQueue.items[0]!.back);
    expect(api.calls[0]!.url).to.include('/v1/courses/course-1/study-queue?limit=5');
    expect($(el, 'section')!.textContent).to.include('Focus today: Genetics');
  });

  it('when the learner presses Space, then the answer shows and takes focus; 3 rates it Good and the next question takes focus', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgFlashcards>(DECK);
    await waitFor(() => $(el, '[role=group]'), 'card');
    el.focus();
    ($(el, '#front-heading') as HTMLElement).focus();
    await sendKeys({ press: 'Space' });
    await waitFor(() => $(el, '#back-heading'), 'answer');
    expect($(el, '[role=group]')!.textContent).to.include(studyQueue.items[0]!.back);
    expect(active(el)?.id).to.equal('back-heading');
    expect($$(el, 'fieldset[part=ratings] button').map((b) => b.getAttribute('aria-keyshortcuts'))).to.deep.equal(['1', '2', '3', '4']);
    const reviewed = new Promise<CustomEvent>((resolve) => el.addEventListener('tg-flashcard-review', (e) => resolve(e), { once: true }));
    await sendKeys({ press: '3' });
    const event = await reviewed;
    expect(event.detail).to.deep.equal({ cardId: 'card-1', rating: 'good', dueAt: '2026-12-04T10:00:00.000Z' });
    expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ rating: 'good' });
    await waitFor(() => active(el)?.id === 'front-heading', 'focus on the next question');
    expect($(el, '[role=group]')!.getAttribute('aria-label')).to.equal('Flashcard 2 of 2');
    expect($(el, '[aria-live=polite]')!.textContent).to.include('Good. Next review in 2 days.');
  });

  it('when the answer is hidden, then 1–4 do nothing; when every card is rated, then the session summary takes focus', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgFlashcards>(DECK);
    await waitFor(() => $(el, '[role=group]'), 'card');
    ($(el, '#front-heading') as HTMLElement).focus();
    await sendKeys({ press: '1' });
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    for (const key of ['4', '1']) {
      await sendKeys({ press: 'Space' });
      await waitFor(() => $(el, '#back-heading'), 'answer');
      await sendKeys({ press: key });
      await waitFor(() => !$(el, '#back-heading'), 'rated');
    }
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { rating: string }).rating)).to.deep.equal(['easy', 'again']);
    await waitFor(() => active(el)?.id === 'done', 'summary focused');
    expect($(el, '#done')!.textContent).to.equal('Session complete: you reviewed 2 cards.');
  });

  it('when the queue is empty, then it says so instead of showing a card', async () => {
    api = withStudyRoutes(happyApi()).on('GET', '/v1/courses/:id/study-queue', { body: emptyQueue }).install();
    const el = await mount<TgFlashcards>(DECK);
    await waitFor(() => $(el, '#done'), 'empty');
    expect($(el, '[role=group]')).to.equal(null);
    expect($(el, '#done')!.textContent).to.include('Nothing to review today');
  });

  it('when a review fails, then the card stays, the error shows with a retry that sends the rating again', async () => {
    let fail = true;
    api = withStudyRoutes(happyApi()).on('POST', '/v1/flashcards/:id/reviews', () => (fail
      ? { status: 500, body: { error: { code: 'INTERNAL', message: 'boom', details: {}, request_id: 'r1' } } }
      : { status: 201, body: { card_id: 'card-1', rating: 'hard', due_at: '2026-12-03T10:00:00.000Z', interval_days: 1 } })).install();
    const el = await mount<TgFlashcards>(DECK);
    (await waitFor(() => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.startsWith('Show answer')), 'show')).click();
    (await waitFor(() => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.startsWith('Hard')), 'hard')).click();
    const alert = await waitFor(() => $(el, '[role=alert]'), 'error');
    expect($(el, '[role=group]')!.getAttribute('aria-label')).to.equal('Flashcard 1 of 2');
    fail = false;
    alert.querySelector('button')!.click();
    await waitFor(() => $(el, '[role=group]')?.getAttribute('aria-label') === 'Flashcard 2 of 2', 'next card');
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { rating: string }).rating)).to.deep.equal(['hard', 'hard']);
  });

  it('when the learner asks for reduced motion, then the answer appears without animation', async () => {
    api = withStudyRoutes(happyApi()).install();
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await mount<TgFlashcards>(DECK);
    (await waitFor(() => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.startsWith('Show answer')), 'show')).click();
    const back = await waitFor(() => $(el, '.back'), 'answer');
    expect(getComputedStyle(back).animationName).to.equal('none');
    await emulateMedia({ reducedMotion: 'no-preference' });
    unmountAll();
    const again = await mount<TgFlashcards>(DECK);
    (await waitFor(() => $$<HTMLButtonElement>(again, 'button').find((b) => b.textContent?.startsWith('Show answer')), 'show')).click();
    expect(getComputedStyle(await waitFor(() => $(again, '.back'), 'answer')).animationName).to.equal('tg-reveal');
  });
});
