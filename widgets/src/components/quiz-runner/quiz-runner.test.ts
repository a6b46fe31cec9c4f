import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { TgQuizRunner } from './quiz-runner.js';
import { happyApi, failure, FAILURE_STATES } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { quiz } from '../../../test/fixtures.js';
import { $, $$, deepActiveElement, mount, textOf, unmountAll, waitFor } from '../../../test/helpers.js';

const RUNNER = '<tg-quiz-runner api-base="https://tg.test" token="tok" course-id="course-1" poll-interval="20"></tg-quiz-runner>';

const buttonNamed = (el: Element, name: string) => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.trim() === name);

/** Presses Tab until the focused element matches `accept`; fails after `max` presses. */
async function tabTo(accept: (el: Element) => boolean, what: string, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (active && accept(active)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

describe('tg-quiz-runner', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when opened, then it shows the learner tier and past attempts', async () => {
    api = happyApi().install();
    const el = await mount<TgQuizRunner>(RUNNER);
    await waitFor(() => textOf(el).includes('Level: 2'), 'tier');
    expect(textOf(el)).to.contain('50%');
    expect(api.calls.map((c) => c.url)).to.include('https://tg.test/v1/courses/course-1/attempts?user=me');
  });

  it('keyboard only: start, answer every question, submit, confirm, and read the results', async () => {
    api = happyApi().install();
    const el = await mount<TgQuizRunner>(RUNNER);
    const completed = new Promise<CustomEvent>((r) => el.addEventListener('tg-quiz-complete', (e) => r(e), { once: true }));
    const start = await waitFor(() => { const b = buttonNamed(el, 'Start quiz'); return b && !b.disabled && b; }, 'enabled start button');
    start.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, 'fieldset[part=question]'), 'first question');
    // Q1 (multiple choice): Tab into the radio group, arrows pick "Four".
    await tabTo((a) => a instanceof HTMLInputElement && a.type === 'radio', 'a radio');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await tabTo((a) => a.textContent === 'Next', 'Next');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => textOf(el).includes('Question 2 of 3'), 'question 2');
    // Next moved focus into question 2: Arrow to "False".
    expect((deepActiveElement() as HTMLInputElement).type).to.equal('radio');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo((a) => a.textContent === 'Next', 'Next');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => textOf(el).includes('Question 3 of 3'), 'question 3');
    await sendKeys({ type: 'Prophase I' });
    await tabTo((a) => a.textContent === 'Submit answers', 'Submit');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => (deepActiveElement() as HTMLElement | null)?.id === 'confirm-yes', 'focus on Confirm');
    await sendKeys({ press: 'Enter' });
    const event = await completed;
    expect(event.detail).to.deep.equal({ quizId: 'quiz-1', attemptId: 'att-1', percent: 66.7, nextTier: 3 });
    const attempt = api.calls.find((c) => c.path === '/v1/quizzes/quiz-1/attempts')!;
    expect(attempt.body).to.deep.equal({ answers: [
      { question_id: 'q1', answer: 'Four' }, { question_id: 'q2', answer: 'False' }, { question_id: 'q3', answer: 'Prophase I' }] });
    await waitFor(() => textOf(el).includes('You scored 2 of 3 (67%).'), 'score');
    expect(textOf(el)).to.contain('Correct answer: Prophase I');
    expect(textOf(el)).to.contain('Genetics (0/1)');
    expect(textOf(el)).to.contain('Next quiz level: 3');
    expect(textOf(el)).to.contain('(slide 5 · Meiosis › Outcomes)');
    const meter = $(el, 'tg-mastery-meter')!;
    await waitFor(() => $(meter, '[role=meter]'), 'mastery meter in results');
    expect($(meter, '[role=meter]')!.getAttribute('aria-valuenow')).to.equal('66');
    expect(deepActiveElement()).to.equal($(el, 'section'));
  });

  it('when all-at-once is chosen, then every question shows in its own fieldset with a legend', async () => {
    api = happyApi().install();
    const el = await mount<TgQuizRunner>(RUNNER.replace('<tg-quiz-runner', '<tg-quiz-runner all-at-once'));
    await el.start();
    const fieldsets = $$(el, 'fieldset[part=question]');
    expect(fieldsets).to.have.length(3);
    expect(fieldsets.map((f) => f.querySelector('legend')!.textContent)).to.deep.equal(
      quiz.questions.map((q, i) => `Question ${i + 1} of 3: ${q.prompt}`));
  });

  it('when submit is pressed with unanswered questions, then the confirm says how many and Cancel keeps answering', async () => {
    api = happyApi().install();
    const el = await mount<TgQuizRunner>(RUNNER.replace('<tg-quiz-runner', '<tg-quiz-runner all-at-once'));
    await el.start();
    buttonNamed(el, 'Submit answers')!.click();
    await waitFor(() => $(el, '[role=alertdialog]'), 'confirm');
    expect(textOf(el)).to.contain('Submit with 3 unanswered?');
    buttonNamed(el, 'Cancel')!.click();
    await el.updateComplete;
    expect($(el, '[role=alertdialog]')).to.equal(null);
    expect(api.calls.some((c) => c.path.endsWith('/attempts') && c.method === 'POST')).to.equal(false);
  });

  it('when the quiz is still generating, then it polls until it is ready', async () => {
    let polls = 0;
    api = happyApi()
      .on('POST', '/v1/courses/:id/quizzes', { body: { ...quiz, status: 'queued', questions: [] } })
      .on('GET', '/v1/quizzes/:id', () => ({ body: ++polls < 2 ? { ...quiz, status: 'generating', questions: [] } : quiz }))
      .install();
    const el = await mount<TgQuizRunner>(RUNNER);
    await el.start();
    expect(polls).to.equal(2);
    expect(textOf(el)).to.contain('Question 1 of 3');
  });

  it('when "Take another" is pressed after results, then it returns to the start with fresh data', async () => {
    api = happyApi().install();
    const el = await mount<TgQuizRunner>(RUNNER.replace('<tg-quiz-runner', '<tg-quiz-runner all-at-once'));
    await el.start();
    buttonNamed(el, 'Submit answers')!.click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#confirm-yes'), 'confirm')).click();
    (await waitFor(() => buttonNamed(el, 'Take another quiz'), 'take another')).click();
    await waitFor(() => buttonNamed(el, 'Start quiz'), 'start again');
    expect(api.calls.filter((c) => c.path.endsWith('/performance'))).to.have.length(2);
  });

  /** A failed past attempt as `GET /attempts/:id` returns it. */
  const failedAttempt = {
    attempt_id: 'att-0', quiz_id: 'quiz-0', score: 0, max_score: 2, percent: 0, tier: 1, next_tier: 1, created_at: '2026-11-01T10:00:00Z',
    results: [
      { question_id: 'q1', prompt: 'How many cells does meiosis make?', choices: ['Two', 'Four', 'Eight', 'One'], correct: false, given: 0,
        correct_answer: 'Four', explanation: 'You chose “Two”. Two cells come from mitosis. It does not fit this question. Two divisions give four cells.',
        citations: [] },
      { question_id: 'q2', prompt: 'Where do homologues pair?', choices: [], correct: false, given: 'anaphase', correct_answer: 'Prophase I',
        explanation: 'Homologous chromosomes pair in prophase I.', citations: [] },
    ],
    weak_topics: [{ topic_id: 't2', title: 'Genetics', correct: 0, total: 2 }],
  };

  it('when a failed past attempt is opened, then it shows each question, the answer given, the key and the weak topics — never "well done" — and Back returns', async () => {
    api = happyApi().on('GET', '/v1/attempts/:id', { body: failedAttempt }).install();
    const el = await mount<TgQuizRunner>(RUNNER);
    const link = await waitFor(() => $<HTMLButtonElement>(el, '.attempts button'), 'attempt link');
    link.click();
    await waitFor(() => textOf(el).includes('You scored 0 of 2 (0%).'), 'attempt detail');
    expect(api.calls.map((c) => c.path)).to.include('/v1/attempts/att-0');
    const text = textOf(el);
    expect(text).to.contain('How many cells does meiosis make?');
    expect(text).to.contain('Your answer: Two');
    expect(text).to.contain('Correct answer: Four');
    expect(text).to.contain('Genetics (0/2)');
    expect(text).not.to.match(/well done/i);
    buttonNamed(el, 'Back')!.click();
    await waitFor(() => buttonNamed(el, 'Start quiz'), 'back at start');
  });

  it('when the quiz was already submitted elsewhere (409 naming its attempt), then it shows that grading with a note instead of an error', async () => {
    const conflict = { error: { code: 'CONFLICT', message: 'This quiz was already submitted and graded', details: { attempt_id: 'att-0' }, request_id: 'req-409' } };
    api = happyApi()
      .on('POST', '/v1/quizzes/:id/attempts', { status: 409, body: conflict })
      .on('GET', '/v1/attempts/:id', { body: failedAttempt }).install();
    const el = await mount<TgQuizRunner>(RUNNER);
    const start = await waitFor(() => { const b = buttonNamed(el, 'Start quiz'); return b && !b.disabled && b; }, 'enabled start button');
    start.click();
    await waitFor(() => $(el, 'fieldset[part=question]'), 'first question');
    for (let i = 0; i < 3 && !buttonNamed(el, 'Submit answers'); i++) buttonNamed(el, 'Next')?.click();
    (await waitFor(() => buttonNamed(el, 'Submit answers'), 'submit')).click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#confirm-yes'), 'confirm')).click();
    await waitFor(() => textOf(el).includes('You scored 0 of 2 (0%).'), 'the earlier grading');
    expect(api.calls.map((c) => c.path)).to.include('/v1/attempts/att-0');
    const note = $(el, '[part=banner][role=status]');
    expect(note?.textContent).to.contain('already submitted');
    expect($(el, '.banner.error')).to.equal(null);
    buttonNamed(el, 'Back')!.click();
    await waitFor(() => buttonNamed(el, 'Start quiz'), 'back at start');
    expect(textOf(el)).not.to.contain('already submitted');
  });

  it('when "Practise this weak topic" is pressed, then a quiz on that topic starts', async () => {
    api = happyApi().on('GET', '/v1/attempts/:id', { body: failedAttempt }).install();
    const el = await mount<TgQuizRunner>(RUNNER);
    (await waitFor(() => $<HTMLButtonElement>(el, '.attempts button'), 'attempt link')).click();
    const practise = await waitFor(() => buttonNamed(el, 'Practise this weak topic: Genetics'), 'practise button');
    practise.click();
    await waitFor(() => $(el, 'fieldset[part=question]'), 'first question of the topic quiz');
    const created = api.calls.find((c) => c.method === 'POST' && c.path === '/v1/courses/course-1/quizzes');
    expect(created?.body).to.deep.include({ topic_id: 't2' });
  });

  it('when there are no attempts yet, then it says so', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/attempts', { body: { items: [] } }).install();
    const el = await mount<TgQuizRunner>(RUNNER);
    await waitFor(() => textOf(el).includes('No attempts yet.'), 'empty attempts');
  });

  const texts: Record<string, string> = {
    loading: 'Loading…', error: 'The server had a problem.', offline: 'You are offline.',
    'rate-limited': 'Too many requests.', 'session-expired': 'Your session has expired.',
    forbidden: 'You do not have access to this.', 'not-found': 'We could not find this.',
  };
  for (const state of FAILURE_STATES) {
    it(`when loading meets "${state}", then it shows that state`, async () => {
      api = happyApi().on('GET', '/v1/courses/:id/performance', failure(state)).install();
      const el = await mount<TgQuizRunner>(RUNNER);
      await waitFor(() => textOf(el).includes(texts[state]!), texts[state]!);
    });
  }

  it('when generating the quiz fails with 500, then Retry generates again', async () => {
    let calls = 0;
    api = happyApi().on('POST', '/v1/courses/:id/quizzes', () => (++calls === 1 ? { status: 500, body: {} } : { body: quiz })).install();
    const el = await mount<TgQuizRunner>(RUNNER);
    await waitFor(() => buttonNamed(el, 'Start quiz'), 'start');
    await el.start();
    (await waitFor(() => buttonNamed(el, 'Try again'), 'retry')).click();
    await waitFor(() => textOf(el).includes('Question 1 of 3'), 'quiz after retry');
  });
});
