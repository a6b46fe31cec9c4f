import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { TgAdminConsole } from './admin-console.js';
import { happyApi, failure, FAILURE_STATES } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { documents } from '../../../test/fixtures.js';
import { $, $$, deepActiveElement, mount, textOf, unmountAll, waitFor } from '../../../test/helpers.js';

const CONSOLE = '<tg-admin-console api-base="https://tg.test" token="tok" course-id="course-1"></tg-admin-console>';

/** The console app inside the shell, once the lazy chunk has loaded. */
async function app(el: TgAdminConsole): Promise<HTMLElement> {
  return waitFor(() => $<HTMLElement>(el, 'tg-admin-console-app'), 'console chunk');
}

/** The element of the selected tab. */
async function tab(el: TgAdminConsole, name: string, tag: string): Promise<HTMLElement> {
  const console = await app(el);
  (await waitFor(() => $$<HTMLButtonElement>(console, '[role=tab]').find((b) => b.textContent === name), `tab ${name}`)).click();
  return waitFor(() => $<HTMLElement>(console, tag), tag);
}

const button = (el: Element, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === label);

describe('tg-admin-console', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when documents load, then every job state has its own badge and "succeeded" reads Indexed', async () => {
    api = happyApi().install();
    const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
    const badges = await waitFor(() => $$(docs, '.badge').length === documents.length && $$(docs, '.badge'), 'badges');
    expect(badges.map((b) => b.textContent)).to.deep.equal([
      'Indexed', 'Queued', 'Processing: Parsing', 'Processing: Chunking', 'Processing: Embedding', 'Processing: Indexing',
      'Failed', 'Retry scheduled', 'Dead-lettered', 'Stalled', 'Cancelled']);
  });

  it('when a job is live, then the list polls until it is indexed', async () => {
    let polls = 0;
    api = happyApi().on('GET', '/v1/courses/:id/documents', () => ({ body: { items: [{ ...documents[2]!,
      job: { ...documents[2]!.job!, status: ++polls < 3 ? 'running:embedding' : 'succeeded' } }] } })).install();
    const el = await mount<TgAdminConsole>(CONSOLE);
    const docs = await tab(el, 'Documents', 'tg-admin-documents');
    docs.setAttribute('poll-interval', '30');
    await waitFor(() => $(docs, '.badge')?.textContent === 'Indexed', 'Indexed after polling');
    expect(polls).to.be.greaterThanOrEqual(3);
  });

  it('when details are opened, then attempts, last error and next retry show', async () => {
    api = happyApi().install();
    const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
    (await waitFor(() => button(docs, 'Details: Old Handout'), 'details button')).click();
    await waitFor(() => $(docs, 'dl.detail'), 'detail');
    const detail = $(docs, 'dl.detail')!.textContent!.replace(/\s+/g, ' ');
    expect(detail).to.contain('Attempt 2 of 5');
    expect(detail).to.contain('embedding provider timed out');
    expect(detail).to.contain(new Date('2026-11-20T09:05:00Z').toLocaleString());
  });

  it('when the LMS sync tab opens, then the last roster sync and each passback show; Send again and Sync roster now post', async () => {
    api = happyApi().install();
    const lms = await tab(await mount<TgAdminConsole>(CONSOLE), 'LMS sync', 'tg-admin-lms-sync');
    await waitFor(() => $(lms, 'table'), 'passback table');
    const text = textOf(lms);
    expect(text).to.contain('Synced');
    expect(text).to.contain('not launched yet');
    expect(text).to.contain('Gave up after 5 attempts');
    expect($$(lms, '.badge').map((b) => b.textContent)).to.include.members(['Failed', 'Sent']);
    expect(button(lms, 'Send the score of Grace Hopper again')).to.equal(undefined);
    button(lms, 'Send the score of Alan Turing again')!.click();
    await waitFor(() => api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/attempts/att-1/lti-passback/retry')), 'retry posted');
    await waitFor(() => textOf(lms).includes('Queued to send again.'), 'notice');
    button(lms, 'Sync roster now')!.click();
    await waitFor(() => api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/courses/course-1/lti/roster-sync')), 'sync posted');
  });

  it('when the LTI tab opens, then it lists the tool\'s URLs, and "Create registration link" shows a link to paste into the LMS', async () => {
    api = happyApi().on('POST', '/v1/tenants/:id/lti/dynamic-registration-links', {
      status: 201, body: { id: 'link-1', url: 'https://tg.test/lti/register?tg=signed', expires_at: '2026-12-02T18:00:00.000Z' },
    }).install();
    const lti = await tab(await mount<TgAdminConsole>(CONSOLE.replace('course-id', 'tenant-id="t1" course-id')), 'LTI', 'tg-admin-lti');
    await waitFor(() => textOf(lti).includes('https://tg.test/lti/login'), 'tool URLs');
    for (const url of ['https://tg.test/lti/launch', 'https://tg.test/lti/keys', 'https://tg.test/lti/canvas.json']) expect(textOf(lti)).to.include(url);
    button(lti, 'Create registration link')!.click();
    const input = await waitFor(() => $<HTMLInputElement>(lti, 'input[data-tg-registration-link]'), 'registration link');
    expect(input.value).to.equal('https://tg.test/lti/register?tg=signed');
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/v1/tenants/t1/lti/dynamic-registration-links')).to.equal(true);
  });

  it('when the course is not from an LMS, then the LMS sync tab says so instead of empty tables', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/lti/status', { body: { course_id: 'course-1', linked: false,
      roster: { last_sync_at: null, status: null, error: null, counts: null }, passback: { counts: {}, recent: [] } } }).install();
    const lms = await tab(await mount<TgAdminConsole>(CONSOLE), 'LMS sync', 'tg-admin-lms-sync');
    await waitFor(() => textOf(lms).includes('not launched from an LMS'), 'not linked');
    expect($(lms, 'table')).to.equal(null);
  });

  it('when Retry is confirmed on a failed document, then it posts retry; Delete asks first and sends DELETE', async () => {
    api = happyApi().install();
    const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
    (await waitFor(() => button(docs, 'Retry: Scanned Notes'), 'retry')).click();
    await waitFor(() => (deepActiveElement() as HTMLElement | null)?.hasAttribute('data-confirm'), 'focus on Confirm');
    expect(textOf(docs)).to.contain('Retry “Scanned Notes”?');
    (deepActiveElement() as HTMLButtonElement).click();
    await waitFor(() => api.calls.some((c) => c.method === 'POST' && c.path === '/v1/documents/d7/retry'), 'retry call');
    expect(button(docs, 'Cancel: Scanned Notes')).to.equal(undefined);
    button(docs, 'Delete: Cell Division (Lecture 4)')!.click();
    await waitFor(() => $(docs, '[role=alertdialog]'), 'confirm');
    expect(api.calls.some((c) => c.method === 'DELETE')).to.equal(false);
    $<HTMLButtonElement>(docs, '[data-confirm]')!.click();
    await waitFor(() => api.calls.some((c) => c.method === 'DELETE' && c.path === '/v1/documents/d1'), 'delete call');
  });

  it('when a file is picked, then it uploads with a progress bar and emits tg-upload', async () => {
    // The server answers after 150 ms, so the progress bar is on screen long enough to be seen.
    api = happyApi().on('POST', '/v1/courses/:id/documents', () => new Promise((r) => setTimeout(() => r({ status: 201,
      body: { ...documents[1]!, id: 'd-new', title: 'week-1-notes' } }), 150))).install();
    const el = await mount<TgAdminConsole>(CONSOLE);
    const docs = await tab(el, 'Documents', 'tg-admin-documents');
    const uploaded = new Promise<CustomEvent>((r) => el.addEventListener('tg-upload', (e) => r(e), { once: true }));
    const input = await waitFor(() => $<HTMLInputElement>(docs, 'input[type=file]'), 'file input');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['# Notes\n'.repeat(200)], 'week-1-notes.md', { type: 'text/markdown' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    const bar = await waitFor(() => $<HTMLProgressElement>(docs, 'progress'), 'progress bar');
    await waitFor(() => bar.value === 1600 && bar.max === 1600, 'progress at 100%');
    expect((await uploaded).detail.title).to.equal('week-1-notes');
    const call = api.calls.find((c) => c.method === 'POST' && c.path === '/v1/courses/course-1/documents')!;
    expect((call.body as FormData).get('file')).to.be.instanceOf(File);
    await waitFor(() => !$(docs, 'progress'), 'progress gone');
  });

  it('when files are dropped on the drop zone, then they upload', async () => {
    api = happyApi().install();
    const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
    const zone = await waitFor(() => $(docs, '.drop'), 'drop zone');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['<h1>x</h1>'], 'page.html', { type: 'text/html' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await waitFor(() => api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/documents')), 'upload call');
  });

  it('when the course has no documents, then it says how to start', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/documents', { body: { items: [] } }).install();
    const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
    await waitFor(() => textOf(docs).includes('No documents yet.'), 'empty');
  });

  for (const state of FAILURE_STATES) {
    it(`when the document list meets "${state}", then it shows that state`, async () => {
      api = happyApi().on('GET', '/v1/courses/:id/documents', failure(state)).install();
      const docs = await tab(await mount<TgAdminConsole>(CONSOLE), 'Documents', 'tg-admin-documents');
      await waitFor(() => (state === 'loading' ? $(docs, '[role=status] .spinner') : $(docs, '[role=alert]')), `${state} view`);
    });
  }

  it('keyboard: arrow keys move between tabs and the tenant comes from /me', async () => {
    api = happyApi().install();
    const console = await app(await mount<TgAdminConsole>(CONSOLE));
    $<HTMLButtonElement>(console, '#tab-documents')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => (deepActiveElement() as HTMLElement | null)?.id === 'tab-members', 'members tab focused');
    expect($(console, '#tab-members')!.getAttribute('aria-selected')).to.equal('true');
    const members = await waitFor(() => $(console, 'tg-admin-members'), 'members');
    await waitFor(() => textOf(members).includes('grace@school.example'), 'member rows');
    expect(api.calls.some((c) => c.path === '/v1/tenants/tenant-1/members')).to.equal(true);
    await sendKeys({ press: 'End' });
    await waitFor(() => (deepActiveElement() as HTMLElement | null)?.id === 'tab-analytics', 'analytics tab');
  });

  it('when a role is changed, then it PATCHes the member', async () => {
    api = happyApi().install();
    const members = await tab(await mount<TgAdminConsole>(CONSOLE), 'Members', 'tg-admin-members');
    const select = await waitFor(() => $<HTMLSelectElement>(members, 'select[aria-label="Role: alan@school.example"]'), 'role select');
    select.value = 'instructor';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => api.calls.find((c) => c.method === 'PATCH'), 'patch');
    expect(api.calls.find((c) => c.method === 'PATCH')!).to.deep.include({ path: '/v1/tenants/tenant-1/members/u3', body: { role: 'instructor' } });
  });

  it('when an invite is sent, resent and revoked, then each calls its route, and the invite enrols in the console\'s course', async () => {
    api = happyApi().install();
    const invites = await tab(await mount<TgAdminConsole>(CONSOLE), 'Invites', 'tg-admin-invites');
    const email = await waitFor(() => $<HTMLInputElement>(invites, 'input[name=email]'), 'email input');
    const course = await waitFor(() => $<HTMLSelectElement>(invites, 'select[name=course_id]'), 'course select');
    expect(course.selectedOptions[0]!.textContent).to.equal('Cell Biology');
    email.value = 'learner@school.example';
    $<HTMLFormElement>(invites, 'form')!.requestSubmit();
    await waitFor(() => textOf(invites).includes('learner@school.example'), 'new invite row');
    expect(api.calls.find((c) => c.method === 'POST' && c.path === '/v1/tenants/tenant-1/invites')!.body)
      .to.deep.equal({ email: 'learner@school.example', role: 'learner', course_id: 'course-1' });
    expect($$(invites, 'tbody tr')[0]!.textContent).to.contain('Cell Biology');
    button(invites, 'Resend: new.teacher@school.example')!.click();
    await waitFor(() => api.calls.some((c) => c.path === '/v1/tenants/tenant-1/invites/i1/resend'), 'resend');
    button(invites, 'Revoke: new.teacher@school.example')!.click();
    (await waitFor(() => $<HTMLButtonElement>(invites, '[data-confirm]'), 'confirm')).click();
    await waitFor(() => api.calls.some((c) => c.method === 'DELETE' && c.path === '/v1/tenants/tenant-1/invites/i1'), 'revoke');
  });

  it('when SSO settings are saved, then it PUTs the form as the contract shape', async () => {
    api = happyApi().install();
    const sso = await tab(await mount<TgAdminConsole>(CONSOLE), 'Single sign-on', 'tg-admin-sso');
    const domains = await waitFor(() => $<HTMLInputElement>(sso, 'input[name=domains]'), 'domains');
    domains.value = 'school.example, staff.school.example';
    $<HTMLFormElement>(sso, 'form')!.requestSubmit();
    await waitFor(() => textOf(sso).includes('Saved.'), 'saved');
    expect(api.calls.find((c) => c.method === 'PUT')!.body).to.deep.equal({ type: 'oidc', issuer: 'https://login.school.example',
      metadata_url: null, client_id: 'tutorgraph', enabled: true, domains: ['school.example', 'staff.school.example'],
      // An empty button name is sent as null: the sign-in button then uses the organisation's name.
      display_name: null });
  });

  it('when audit entries load, then a target names what it is beside its id', async () => {
    api = happyApi().install();
    const audit = await tab(await mount<TgAdminConsole>(CONSOLE), 'Audit log', 'tg-admin-audit');
    const row = await waitFor(() => $$(audit, 'tbody tr')[0], 'first entry');
    expect(row.textContent!.replace(/\s+/g, ' ')).to.contain('document: Cell Division (Lecture 4) d1');
  });

  it('when audit filters are applied, then they go to the query string', async () => {
    api = happyApi().install();
    const audit = await tab(await mount<TgAdminConsole>(CONSOLE), 'Audit log', 'tg-admin-audit');
    const action = await waitFor(() => $<HTMLInputElement>(audit, 'input[name=action]'), 'action filter');
    await waitFor(() => textOf(audit).includes('document.upload'), 'entries');
    action.value = 'document.upload';
    $<HTMLFormElement>(audit, 'form')!.requestSubmit();
    await waitFor(() => api.calls.some((c) => c.url.endsWith('/v1/tenants/tenant-1/audit?action=document.upload')), 'filtered call');
  });

  it('when an LTI registration is added, then it POSTs with deployment ids as a list', async () => {
    api = happyApi().install();
    const lti = await tab(await mount<TgAdminConsole>(CONSOLE), 'LTI', 'tg-admin-lti');
    (await waitFor(() => button(lti, 'Add registration'), 'add')).click();
    await (lti as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    const values: Record<string, string> = { name: 'Moodle', kind: 'moodle', issuer: 'https://moodle.school.example', client_id: 'abc',
      deployment_ids: '1, 2', auth_login_url: 'https://m/auth', auth_token_url: 'https://m/token', keyset_url: 'https://m/certs' };
    for (const [name, value] of Object.entries(values)) $<HTMLInputElement>(lti, `input[name=${name}]`)!.value = value;
    $<HTMLFormElement>(lti, 'form')!.requestSubmit();
    await waitFor(() => api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/lti/registrations')), 'post');
    expect(api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/lti/registrations'))!.body).to.deep.equal({ ...values, deployment_ids: ['1', '2'] });
  });

  it('when analytics load, then questions, feedback and weak topics show', async () => {
    api = happyApi().install();
    const analytics = await tab(await mount<TgAdminConsole>(CONSOLE), 'Analytics', 'tg-admin-analytics');
    await waitFor(() => textOf(analytics).includes('128'), 'questions asked');
    expect(textOf(analytics)).to.contain('Genetics');
    expect(textOf(analytics)).to.contain('14 learners');
    expect(textOf(analytics)).to.contain('What is crossing over?');
  });
});
