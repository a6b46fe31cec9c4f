import { expect } from 'chai';
import type { TgMasteryMeter } from './mastery-meter.js';
import { happyApi, failure, FAILURE_STATES } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { emit } from '../../events/events.js';
import { $, $$, mount, textOf, unmountAll, waitFor } from '../../../test/helpers.js';

const METER = '<tg-mastery-meter api-base="https://tg.test" token="tok" course-id="course-1"></tg-mastery-meter>';

describe('tg-mastery-meter', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when loaded, then the course and every topic are meters with value text', async () => {
    api = happyApi().install();
    const el = await mount<TgMasteryMeter>(METER);
    const meters = await waitFor(() => $$(el, '[role=meter]').length === 4 && $$(el, '[role=meter]'), 'four meters');
    expect(meters.map((m) => m.getAttribute('aria-valuenow'))).to.deep.equal(['62', '81', '44', '20']);
    expect(meters[0]!.getAttribute('aria-valuetext')).to.equal('62% mastered, level 2');
    expect(meters[2]!.getAttribute('aria-valuetext')).to.equal('Genetics: 44% mastered');
    const labelId = meters[0]!.getAttribute('aria-labelledby')!;
    expect(el.shadowRoot!.getElementById(labelId)!.textContent).to.equal('Course mastery');
  });

  it('when a topic has no evidence yet, then it is named under a closed "not practised" disclosure, not drawn as a bar', async () => {
    api = happyApi().install();
    const el = await mount<TgMasteryMeter>(METER);
    await waitFor(() => $$(el, '[role=meter]').length === 4, 'four meters');
    const details = $(el, 'details') as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent).to.equal('Not practised yet (1 topic)');
    expect(details.textContent).to.include('Ecology');
    expect($$(el, '[role=meter]').map((m) => m.getAttribute('aria-valuetext'))).not.to.include('Ecology: 62% mastered');
  });

  it('when compact, then only the course meter shows', async () => {
    api = happyApi().install();
    const el = await mount<TgMasteryMeter>(METER.replace('<tg-mastery-meter', '<tg-mastery-meter variant="compact"'));
    await waitFor(() => $(el, '[role=meter]'), 'meter');
    expect($$(el, '[role=meter]')).to.have.length(1);
  });

  it('when the learner has no mastery yet, then it shows the empty hint', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/performance', { body: { mastery: 0, uncertainty: 50, tier: 1, topics: [] } }).install();
    const el = await mount<TgMasteryMeter>(METER);
    await waitFor(() => textOf(el).includes('No mastery yet'), 'empty');
  });

  it('when the learner has answered nothing (evidence 0), then no bar claims a value; the topics are listed as not practised', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/performance', { body: { mastery: 50, uncertainty: 40, evidence: 0, tier: 1,
      topics: [{ topic_id: 't1', title: 'Cell division', mastery: 50, uncertainty: 40, evidence: 0 }] } }).install();
    const el = await mount<TgMasteryMeter>(METER);
    await waitFor(() => textOf(el).includes('Not measured yet'), 'not measured');
    expect($$(el, '[role=meter]')).to.have.length(0);
    expect(textOf(el)).to.include('No topic practised yet');
    expect($(el, 'details summary')!.textContent).to.equal('Not practised yet (1 topic)');
  });

  it('when a quiz completes on the page, then it reloads', async () => {
    api = happyApi().install();
    const el = await mount<TgMasteryMeter>(METER);
    await waitFor(() => $(el, '[role=meter]'), 'meter');
    api.on('GET', '/v1/courses/:id/performance', { body: { mastery: 90, uncertainty: 5, tier: 3, topics: [] } });
    emit(document.body, 'tg-quiz-complete', { quizId: 'q', attemptId: 'a', percent: 100, nextTier: null });
    await waitFor(() => $(el, '[role=meter]')?.getAttribute('aria-valuenow') === '90', 'reloaded value');
  });

  const texts: Record<string, string> = {
    loading: 'Loading…', error: 'The server had a problem.', offline: 'You are offline.',
    'rate-limited': 'Too many requests.', 'session-expired': 'Your session has expired.',
    forbidden: 'You do not have access to this.', 'not-found': 'We could not find this.',
  };
  for (const state of FAILURE_STATES) {
    it(`when loading meets "${state}", then it shows that state`, async () => {
      api = happyApi().on('GET', '/v1/courses/:id/performance', failure(state)).install();
      const el = await mount<TgMasteryMeter>(METER);
      await waitFor(() => textOf(el).includes(texts[state]!), texts[state]!);
    });
  }
});
