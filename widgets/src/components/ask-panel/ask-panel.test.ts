import { expect } from 'chai';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { TgAskPanel } from './ask-panel.js';
import { answering, happyApi, failure, FAILURE_STATES } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { notFoundReply, reply } from '../../../test/fixtures.js';
import { $, $$, deepActiveElement, mount, textOf, unmountAll, waitFor } from '../../../test/helpers.js';

const PANEL = '<tg-ask-panel api-base="https://tg.test" token="tok" tenant-id="t1" course-id="course-1"></tg-ask-panel>';

async function askVia(el: TgAskPanel, question: string): Promise<void> {
  const textarea = $<HTMLTextAreaElement>(el, 'textarea')!;
  textarea.value = question;
  textarea.dispatchEvent(new Event('input'));
  $<HTMLButtonElement>(el, 'button[type=submit]')!.click();
}

describe('tg-ask-panel', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); sessionStorage.clear(); });

  it('when nothing was asked yet, then it shows the empty hint and an enabled Ask button', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    expect(textOf(el)).to.contain('Answers cite their sources');
    expect($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled).to.equal(false);
  });

  it('when a question is asked, then it posts with Bearer token and tenant, and renders the answer with markers', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    const answered = new Promise<CustomEvent>((r) => el.addEventListener('tg-answer', (e) => r(e), { once: true }));
    await askVia(el, 'What is meiosis?');
    const event = await answered;
    expect(event.detail).to.deep.equal({ answerId: 'ans-1', question: 'What is meiosis?', found: true });
    const call = api.calls.find((c) => c.path === '/v1/courses/course-1/query')!;
    expect(call.body).to.deep.equal({ question: 'What is meiosis?' });
    expect(call.headers.Authorization).to.equal('Bearer tok');
    expect(call.headers['X-Tenant-Id']).to.equal('t1');
    await el.updateComplete;
    expect($$(el, '.marker').map((m) => m.textContent)).to.deep.equal(['1', '2', '2']);
    expect($$(el, '.citation-toggle')).to.have.length(2);
    expect($(el, '.answer')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('when the answer is not in the course, then it says so and shows the suggestion', async () => {
    api = happyApi().on('POST', '/v1/courses/:id/query', answering(notFoundReply)).install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'Who won the 1998 World Cup?');
    await waitFor(() => textOf(el).includes('Not found in the course content.'), 'not-found text');
    expect(textOf(el)).to.contain('Ask about cell division or genetics.');
    expect($$(el, '.citation-toggle')).to.have.length(0);
  });

  it('keyboard: ask → expand citation → open drawer → Escape closes and focus returns to the opener', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    $<HTMLTextAreaElement>(el, 'textarea')!.focus();
    await sendKeys({ type: 'What is meiosis?' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $$(el, '.citation-toggle').length === 2, 'citations');
    const toggle = $<HTMLButtonElement>(el, '#cite-2')!;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '#cite-body-2')!.hidden).to.equal(false);
    await sendKeys({ press: 'Tab' });
    const opener = deepActiveElement() as HTMLButtonElement;
    expect(opener.textContent).to.equal('Show in document');
    await sendKeys({ press: 'Enter' });
    const drawer = await waitFor(() => $<HTMLDialogElement>(el, 'dialog[open]'), 'drawer open');
    expect(drawer.querySelector('mark')!.textContent).to.equal(reply.citations[1]!.snippet);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !drawer.open, 'drawer closed');
    expect(deepActiveElement()).to.equal(opener);
  });

  it('at 375 px, the citation drawer fits with its Close button on screen, and a tap outside it closes it', async () => {
    await setViewport({ width: 375, height: 700 });
    try {
      api = happyApi().install();
      const el = await mount<TgAskPanel>(PANEL);
      $<HTMLTextAreaElement>(el, 'textarea')!.focus();
      await sendKeys({ type: 'What is meiosis?' });
      await sendKeys({ press: 'Enter' });
      await waitFor(() => $$(el, '.citation-toggle').length === 2, 'citations');
      $<HTMLButtonElement>(el, '#cite-2')!.click();
      await el.updateComplete;
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Show in document')!.click();
      const drawer = await waitFor(() => $<HTMLDialogElement>(el, 'dialog[open]'), 'drawer open');
      const box = drawer.getBoundingClientRect();
      expect(box.right).to.be.at.most(375);
      expect(box.left).to.be.at.least(1);
      const close = [...drawer.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Close')!;
      expect(close.getBoundingClientRect().right).to.be.at.most(375);
      expect(drawer.scrollWidth).to.be.at.most(drawer.clientWidth);
      await sendMouse({ type: 'click', position: [Math.floor(box.left / 2), 300] });
      await waitFor(() => !drawer.open, 'drawer closed by a tap outside');
    } finally {
      await setViewport({ width: 800, height: 600 });
      sessionStorage.clear(); // the question asked here must not appear as a later test's recent question
    }
  });

  it('when a marker in the answer is clicked, then its citation expands and takes focus', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'q');
    const marker = await waitFor(() => $$<HTMLButtonElement>(el, '.marker')[0], 'marker');
    marker.click();
    await waitFor(() => deepActiveElement() === $(el, '#cite-1'), 'focus on citation 1');
    expect($(el, '#cite-1')!.getAttribute('aria-expanded')).to.equal('true');
  });

  it('when feedback is chosen and saved, then it posts helpful/grounded and thanks the learner', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    const sent = new Promise<CustomEvent>((r) => el.addEventListener('tg-feedback', (e) => r(e), { once: true }));
    await askVia(el, 'q');
    await waitFor(() => $(el, 'fieldset[part=feedback]'), 'feedback form');
    $$<HTMLInputElement>(el, 'input[name=helpful]')[0]!.click();
    $$<HTMLInputElement>(el, 'input[name=grounded]')[1]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'fieldset[part=feedback] button')!.click();
    expect((await sent).detail).to.deep.equal({ answerId: 'ans-1', helpful: true, grounded: false });
    expect(api.calls.find((c) => c.path === '/v1/answers/ans-1/feedback')!.body).to.deep.equal({ helpful: true, grounded: false });
    await waitFor(() => textOf(el).includes('Thanks for the feedback.'), 'thanks');
  });

  it('when a citation was retrieved but not cited, then only the debug view lists it', async () => {
    const extra = { ...reply.citations[0]!, marker: 3, chunk_id: 'ch-99', document_title: 'Unused Reader', cited: false };
    api = happyApi().on('POST', '/v1/courses/:id/query', answering({ ...reply, citations: [...reply.citations, extra] })).install();
    const el = await mount<TgAskPanel>(PANEL.replace('<tg-ask-panel', '<tg-ask-panel debug'));
    await askVia(el, 'q');
    await waitFor(() => $$(el, '.citation-toggle').length === 2, 'two cited sources');
    expect(textOf(el)).to.contain('2 sources');
    expect($(el, 'details')!.textContent).to.contain('Unused Reader');
  });

  it('when only one feedback question is answered, then Save stays disabled (the API needs both)', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'q');
    (await waitFor(() => $$<HTMLInputElement>(el, 'input[name=helpful]')[1], 'radio')).click();
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, 'fieldset[part=feedback] button')!.disabled).to.equal(true);
  });

  it('when debug is on, then it asks for debug data and shows retrieval details', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL.replace('<tg-ask-panel', '<tg-ask-panel debug'));
    await askVia(el, 'q');
    await waitFor(() => $(el, 'details'), 'debug details');
    expect(api.calls.find((c) => c.path.endsWith('/query'))!.body).to.deep.equal({ question: 'q', debug: true });
    expect(textOf(el)).to.contain('lexical_hits');
  });

  it('when no api-base and no provider, then it says it is not connected and Ask is disabled', async () => {
    const el = await mount<TgAskPanel>('<tg-ask-panel></tg-ask-panel>');
    expect(textOf(el)).to.contain('This widget is not connected');
    expect($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled).to.equal(true);
  });

  const expectations: Record<string, string> = {
    loading: 'Finding an answer…',
    error: 'The server had a problem.',
    offline: 'You are offline.',
    'rate-limited': 'Too many requests. You can try again in 30 s.',
    'session-expired': 'Your session has expired.',
    forbidden: 'You do not have access to this.',
    'not-found': 'We could not find this.',
  };
  for (const state of FAILURE_STATES) {
    it(`when the query meets "${state}", then it shows that state`, async () => {
      api = happyApi().on('POST', '/v1/courses/:id/query', failure(state)).install();
      const el = await mount<TgAskPanel>(PANEL);
      await askVia(el, 'q');
      await waitFor(() => textOf(el).includes(expectations[state]!), `"${expectations[state]}"`);
      if (state !== 'loading') expect($(el, '[role=alert]')).to.not.equal(null);
      else expect($(el, '.answer')!.getAttribute('aria-busy')).to.equal('true');
    });
  }

  it('when a 500 is retried and the server recovers, then the answer appears', async () => {
    let calls = 0;
    api = happyApi().on('POST', '/v1/courses/:id/query', (req) => (++calls === 1 ? failure('error') as { status: number } : answering(reply)(req))).install();
    const el = await mount<TgAskPanel>(PANEL);
    const errors: string[] = [];
    el.addEventListener('tg-error', (e) => errors.push(e.detail.code));
    await askVia(el, 'q');
    const retry = await waitFor(() => $$<HTMLButtonElement>(el, '[role=alert] button')[0], 'retry button');
    expect(errors).to.deep.equal(['INTERNAL']);
    retry.click();
    await waitFor(() => $$(el, '.marker').length === 3, 'answer after retry');
  });

  it('when rate limited, then "Wait and retry" retries by itself once Retry-After has passed', async () => {
    let calls = 0;
    api = happyApi().on('POST', '/v1/courses/:id/query', (req) => (++calls === 1
      ? { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'slow', request_id: 'r' } }, headers: { 'Retry-After': '1' } }
      : answering(reply)(req))).install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'q');
    const wait = await waitFor(() => $$<HTMLButtonElement>(el, '[role=alert] button').find((b) => b.textContent === 'Wait and retry'), 'wait button');
    wait.click();
    await waitFor(() => $$(el, '.marker').length === 3, 'answer after waiting', 4000);
    expect(calls).to.equal(2);
  });

  it('when the token is rejected, then it dispatches tg-session-expired that bubbles out of the shadow root', async () => {
    api = happyApi().on('POST', '/v1/courses/:id/query', failure('session-expired')).install();
    const el = await mount<TgAskPanel>(PANEL);
    const expired = new Promise<CustomEvent>((r) => document.addEventListener('tg-session-expired', (e) => r(e), { once: true }));
    await askVia(el, 'q');
    expect((await expired).detail).to.deep.equal({ status: 401 });
  });

  it('when a refused question was "corrected" to other words, then the follow-up carries the student\'s own words, not the correction', async () => {
    api = happyApi().on('POST', '/v1/courses/:id/query', answering({ ...notFoundReply, resolved_question: 'Who write Hamlet?', corrections: [{ from: 'wrote', to: 'write' }] })).install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'Who wrote Hamlet?');
    await waitFor(() => textOf(el).includes('Not found in the course content.'), 'refusal');
    expect(textOf(el)).not.to.contain('Who write Hamlet?');
    await askVia(el, 'and when?');
    await waitFor(() => api.calls.filter((c) => c.path === '/v1/courses/course-1/query').length === 2, 'follow-up');
    const second = api.calls.filter((c) => c.path === '/v1/courses/course-1/query')[1]!;
    expect(second.body).to.deep.equal({ question: 'and when?', previous_question: 'Who wrote Hamlet?' });
  });

  it('when a second question follows, then it is sent with the previous one; New topic starts afresh; a recent question reopens without asking', async () => {
    api = happyApi().install();
    const el = await mount<TgAskPanel>(PANEL);
    await askVia(el, 'What is meiosis?');
    await waitFor(() => $$(el, '.marker').length > 0, 'first answer');
    await askVia(el, 'and what about mitosis?');
    await waitFor(() => api.calls.filter((c) => c.path === '/v1/courses/course-1/query').length === 2, 'second ask');
    const second = api.calls.filter((c) => c.path === '/v1/courses/course-1/query')[1]!;
    await waitFor(() => $$(el, '.recent button')[0]?.textContent?.trim() === 'and what about mitosis?', 'second answer in the recent list');
    expect(second.body).to.deep.equal({ question: 'and what about mitosis?', previous_question: 'What is meiosis?' });
    await el.updateComplete;
    const newTopic = $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.trim() === 'New topic')!;
    expect(newTopic.hidden).to.equal(false);
    newTopic.click();
    await el.updateComplete;
    expect(newTopic.hidden).to.equal(true);
    // The fake answers every question with the same answer id, so the recent list holds it once.
    const recent = $$<HTMLButtonElement>(el, '.recent button');
    expect(recent.map((b) => b.textContent?.trim())).to.deep.equal(['and what about mitosis?']);
    recent[0]!.click();
    await el.updateComplete;
    expect(api.calls.filter((c) => c.path === '/v1/courses/course-1/query')).to.have.length(2);
    expect($$(el, '.marker').length).to.be.greaterThan(0);
    expect($(el, '.answer')).to.equal(deepActiveElement());
  });

  it('when the learner asked in an earlier session, then their questions come from the server; one reopens with its stored answer and one can be deleted', async () => {
    const item = (id: string, question: string) => ({ question_id: id, question, resolved_question: question, asked_at: '2030-01-01T10:00:00.000Z', answer_id: `a-${id}`, found: true, answer_mode: 'full' });
    let items = [item('q-2', 'What is meiosis?'), item('q-1', 'What is mitosis?')];
    api = happyApi()
      .on('GET', '/v1/courses/:id/my-questions', () => ({ body: { items } }))
      .on('GET', '/v1/courses/:id/my-questions/:questionId', { body: { ...item('q-2', 'What is meiosis?'), answer: reply.answer, citations: reply.citations } })
      .on('DELETE', '/v1/courses/:id/my-questions/:questionId', () => { items = items.filter((i) => i.question_id !== 'q-1'); return { body: { ok: true } }; })
      .install();
    const el = await mount<TgAskPanel>(PANEL);
    await waitFor(() => $$(el, '.recent li').length === 2, 'history from the server');
    const buttons = () => $$<HTMLButtonElement>(el, '.recent li > button:first-child');
    expect(buttons().map((b) => b.textContent?.trim())).to.deep.equal(['What is meiosis?', 'What is mitosis?']);
    buttons()[0]!.click();
    await waitFor(() => $$(el, '.marker').length > 0, 'reopened answer');
    expect(api.calls.some((c) => c.method === 'GET' && c.path === '/v1/courses/course-1/my-questions/q-2')).to.equal(true);
    expect(api.calls.filter((c) => c.path === '/v1/courses/course-1/query')).to.have.length(0);
    const remove = $$<HTMLButtonElement>(el, '.recent .delete')[1]!;
    expect(remove.getAttribute('aria-label')).to.equal('Delete “What is mitosis?” from your questions');
    remove.click();
    await waitFor(() => $$(el, '.recent li').length === 1, 'deleted entry gone');
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/v1/courses/course-1/my-questions/q-1')).to.equal(true);
  });

  it('when the teacher has turned answers off for an exam, then the learner sees why and until when, and cannot ask', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/answer-policy', {
      body: { mode: 'off', source: 'course', changes_at: '2030-01-01T10:00:00.000Z', next_mode: 'full', message: 'Answers are turned off until 2030-01-01 10:00 UTC; then full answers with sources.' },
    }).install();
    const el = await mount<TgAskPanel>(PANEL);
    await waitFor(() => textOf(el).includes('Answers are turned off until 2030-01-01 10:00 UTC'), 'policy banner');
    expect($<HTMLButtonElement>(el, 'button[type=submit]')!.disabled).to.equal(true);
  });
});
