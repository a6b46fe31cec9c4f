import { expect } from 'chai';
import type { TgProvider } from './provider.js';
import type { TgMasteryMeter } from '../mastery-meter/mastery-meter.js';
import { happyApi, failure } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { performance } from '../../../test/fixtures.js';
import { $, mount, textOf, unmountAll, waitFor } from '../../../test/helpers.js';

const TREE = `<tg-provider api-base="https://tg.test/v1" token="tok-1" tenant-id="t9" course-id="course-7">
  <tg-mastery-meter></tg-mastery-meter></tg-provider>`;

describe('tg-provider', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when elements sit inside it, then they use its client, token, tenant and course', async () => {
    api = happyApi().install();
    const provider = await mount<TgProvider>(TREE);
    const meter = provider.querySelector<TgMasteryMeter>('tg-mastery-meter')!;
    await waitFor(() => $(meter, '[role=meter]'), 'meter');
    const call = api.calls.find((c) => c.path === '/v1/courses/course-7/performance')!;
    expect(call.url).to.equal('https://tg.test/v1/courses/course-7/performance');
    expect(call.headers.Authorization).to.equal('Bearer tok-1');
    expect(call.headers['X-Tenant-Id']).to.equal('t9');
  });

  it('when its token changes, then descendants reload with the new token', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/performance', failure('session-expired')).install();
    const provider = await mount<TgProvider>(TREE);
    const meter = provider.querySelector<TgMasteryMeter>('tg-mastery-meter')!;
    await waitFor(() => textOf(meter).includes('Your session has expired.'), 'expired');
    api.on('GET', '/v1/courses/:id/performance', (req) => (req.headers.Authorization === 'Bearer tok-2'
      ? { body: performance } : { status: 401, body: {} }));
    provider.token = 'tok-2';
    await waitFor(() => $(meter, '[role=meter]'), 'meter after new token');
  });

  it('when a call gets 401 and refreshToken returns a token, then the call is retried once with it', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/performance', (req) => (req.headers.Authorization === 'Bearer fresh'
      ? { body: performance } : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'expired', request_id: 'r' } } })).install();
    const host = document.createElement('div');
    document.body.append(host);
    const provider = document.createElement('tg-provider');
    provider.setAttribute('api-base', 'https://tg.test');
    provider.setAttribute('token', 'stale');
    provider.setAttribute('course-id', 'c1');
    provider.refreshToken = async () => 'fresh';
    provider.append(document.createElement('tg-mastery-meter'));
    host.append(provider);
    const meter = provider.querySelector('tg-mastery-meter')!;
    await waitFor(() => $(meter, '[role=meter]'), 'meter after refresh');
    expect(provider.token).to.equal('fresh');
    // The renewed token went into the same client: the meter was not reloaded (401, then the one retry).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls.filter((c) => c.path === '/v1/courses/c1/performance').map((c) => c.headers.Authorization)).to.deep.equal(['Bearer stale', 'Bearer fresh']);
    host.remove();
  });

  it('when the token cannot be renewed and session-expired-message is set, then elements say that instead of "sign in again"', async () => {
    api = happyApi().on('GET', '/v1/courses/:id/performance', failure('session-expired')).install();
    const provider = await mount<TgProvider>(TREE.replace('<tg-provider', '<tg-provider session-expired-message="Reopen this activity from your course."'));
    provider.refreshToken = async () => null;
    const meter = provider.querySelector<TgMasteryMeter>('tg-mastery-meter')!;
    await waitFor(() => textOf(meter).includes('Reopen this activity from your course.'), 'LMS wording');
    expect(textOf(meter)).not.to.include('Sign in again');
  });

  it('when theme="dark" is set on it, then descendants take the dark theme', async () => {
    api = happyApi().install();
    const provider = await mount<TgProvider>(TREE.replace('<tg-provider', '<tg-provider theme="dark"'));
    const meter = provider.querySelector<TgMasteryMeter>('tg-mastery-meter')!;
    await waitFor(() => meter.getAttribute('theme') === 'dark', 'dark theme');
    expect(getComputedStyle(meter).backgroundColor).to.equal('rgb(22, 24, 29)');
  });
});
