import { expect } from 'chai';
import './internal/course-console-app.js';
import type { CourseGradesWire, ItemReviewListWire, ReviewItemWire } from './internal/types.js';
import { FakeApi, errorBody } from '../../../test/fake-api.js';
import { $, $$, deepActiveElement, mount, unmountAll, waitFor } from '../../../test/helpers.js';

// The course console's views (#19) against a fake API: what a refused grade and a refused item edit look like,
// and the list tables at a phone's width.
const ATTRS = 'api-base="https://tg.test" token="tok" course-id="c1"';
const USER = '00000000-0000-4000-8000-000000000001';
const passback = (over: Partial<CourseGradesWire['placements'][number]['passbacks'][number]>) => ({
  user_id: USER, user_name: 'Cai Refused', status: 'sent', score_given: null, score_maximum: null, attempt_percent: 60,
  last_error: null, sent_at: null, updated_at: '2026-12-02T10:00:00.000Z', ...over,
});
const grades: CourseGradesWire = {
  placements: [{
    link_id: '00000000-0000-4000-8000-0000000000aa', title: 'Practice quiz', widget: 'quiz', grade_policy: 'best', has_line_item: true,
    counts: { queued: 0, sent: 1, skipped: 0, failed: 1 },
    passbacks: [
      passback({ status: 'failed', last_error: 'Gave up after 2 attempts: The LMS answered 500 for /scores' }),
      passback({ user_name: 'Ada Strong', status: 'sent', score_given: 100, score_maximum: 100, attempt_percent: 100, sent_at: '2026-12-02T10:00:00.000Z' }),
    ],
  }],
};
const item: ReviewItemWire = {
  item_key: '0123456789abcdef', status: 'active', is_edited: false, type: 'multiple_choice', tier: 2,
  prompt: 'What happens to a conditioned response when its pairing stops?', choices: ['it weakens', 'it becomes a reflex', 'it is inherited'],
  key: 'it weakens', explanation: 'The passage says so.', strategy: 'describe', topic: null,
  passages: [], checks: [], stats: { served: 1, answered: 0, correct: 0, p_value: null, discrimination: null, choice_counts: [] },
  last_served_at: '2026-12-02T10:00:00.000Z',
};
const items: ItemReviewListWire = { items: [item], rejected: [] };

describe('tg-course-console views', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when the LMS refused a score, then Grades shows what the learner got and "failed: <reason>", never "—/—"', async () => {
    api = new FakeApi().on('GET', '/v1/courses/:id/analytics/grades', { body: grades }).install();
    const el = await mount<HTMLElement>(`<tg-console-grades ${ATTRS}></tg-console-grades>`);
    const rows = await waitFor(() => { const r = $$(el, 'tbody tr'); return r.length === 2 && r; }, 'passback rows');
    const text = (row: Element) => (row.textContent ?? '').replace(/\s+/g, ' ');
    expect(text(rows[0]!)).to.match(/failed: Gave up after 2 attempts: The LMS answered 500/);
    expect(text(rows[0]!)).to.include('60/100').and.include('the LMS does not have it').and.not.include('—/—');
    expect(text(rows[1]!)).to.include('sent').and.include('100/100').and.not.include('does not have it');
  });

  it('when an item edit is refused, then the reason shows in that item\'s card, focused, and the form keeps the teacher\'s text', async () => {
    const reason = 'This edit was not saved: the quality gate would hold the edited item back. The key must stay supported by the cited passage.';
    api = new FakeApi().on('GET', '/v1/courses/:id/analytics/items', { body: items })
      .on('PATCH', '/v1/courses/:id/analytics/items/:key', { status: 400, body: errorBody('INVALID_ARGUMENT', reason) }).install();
    const el = await mount<HTMLElement>(`<tg-console-items ${ATTRS}></tg-console-items>`);
    const card = await waitFor(() => $(el, `li.card[data-item="${item.item_key}"]`), 'item card');
    [...card.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === 'Edit')!.click();
    const keyInput = await waitFor(() => [...card.querySelectorAll('label')].find((l) => l.textContent?.includes('(the key)'))?.querySelector('input'), 'key field');
    keyInput.value = 'zebra crossings painted purple';
    card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const alert = await waitFor(() => card.querySelector('[role="alert"]'), 'refusal in the card');
    expect(alert.textContent).to.include('must stay supported by the cited passage');
    expect(deepActiveElement()).to.equal(alert);
    expect(keyInput.isConnected).to.equal(true);
    expect(keyInput.value).to.equal('zebra crossings painted purple');
    expect($(el, '.banner[part="banner"]'), 'no page-level error banner').to.equal(null);
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).to.deep.include({ choices: ['zebra crossings painted purple', 'it becomes a reflex', 'it is inherited'] });
  });

  it('when the console is as narrow as a phone, then the list tables become cards that fit and each value is under its column\'s name', async () => {
    api = new FakeApi().on('GET', '/v1/courses/:id/analytics/grades', { body: grades }).install();
    const el = await mount<HTMLElement>(`<tg-console-grades ${ATTRS} style="width: 340px"></tg-console-grades>`);
    const table = await waitFor(() => $(el, 'table.cards'), 'grades table');
    await waitFor(() => table.querySelectorAll('tbody tr').length === 2, 'rows');
    expect(table.getBoundingClientRect().width).to.be.at.most(340);
    expect(el.shadowRoot!.querySelector('table')!.scrollWidth).to.be.at.most(340);
    const status = table.querySelector('td[data-label="Status"]')!;
    expect(getComputedStyle(status, '::before').content).to.equal('"Status"');
  });
});
