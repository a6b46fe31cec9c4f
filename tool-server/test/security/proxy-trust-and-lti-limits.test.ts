import { boundLoginStates, createLtiRegistration } from '@tutorgraph/core';
import { afterEach, describe, expect, it } from 'vitest';
import { mountLti } from '../../src/lti/lti.extension.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 finding 9: express trusted loopback/private peers, so a client behind NAT, a VPN or Docker
// picked its own X-Forwarded-For and so its own rate-limit key (60 of 60 dev-logins passed a limit of 20);
// /lti/login had no limit and stored a row per call.
let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const devLogins = async (app: TestApp, count: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await app.api('/v1/auth/dev-login', { body: { persona: 'learner' }, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
    statuses.push(res.status);
  }
  return statuses;
};

describe('proxy trust', () => {
  it('when TRUST_PROXY is unset and a client varies X-Forwarded-For, then the login limit still counts it as one client', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '20' } });
    const statuses = await devLogins(t, 30);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('when TRUST_PROXY names the proxy in front (loopback here), then each forwarded client has its own count', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '20', TRUST_PROXY: 'loopback' } });
    expect((await devLogins(t, 30)).every((s) => s === 200)).toBe(true);
  });
});

describe('LTI login limits and stored state', () => {
  const setup = async (env: Record<string, string>) => {
    const app = await startTestApp({ extensions: [mountLti], env });
    const registration = await createLtiRegistration(app.db.db, app.demo.tenantId, {
      name: 'Flooded LMS', kind: 'other', issuer: 'https://lms.flood.example', clientId: 'flood-client',
      authLoginUrl: 'https://lms.flood.example/auth', authTokenUrl: 'https://lms.flood.example/token', keysetUrl: 'https://lms.flood.example/jwks', deploymentIds: ['d1'],
    });
    const login = () => fetch(`${app.baseUrl}/lti/login?iss=${encodeURIComponent(registration.issuer)}&client_id=flood-client&login_hint=x&target_link_uri=${encodeURIComponent(`${app.baseUrl}/lti/launch`)}`, { redirect: 'manual' });
    return { app, registration, login };
  };

  it('when one address floods /lti/login, then calls past RATE_LIMIT_LTI_PER_MINUTE are refused with 429 and store nothing', async () => {
    const { app, login } = await setup({ RATE_LIMIT_LTI_PER_MINUTE: '15' });
    t = app;
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await login()).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const rows = await app.db.db.selectFrom('lti_login_states').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(15);
  });

  it('when a registration holds more login states than the bound, then the oldest go and the newest stay', async () => {
    const { app, registration, login } = await setup({});
    t = app;
    for (let i = 0; i < 12; i += 1) expect((await login()).status).toBe(302);
    await boundLoginStates(app.db.db, registration.id, 5);
    const rows = await app.db.db.selectFrom('lti_login_states').select('state').where('registration_id', '=', registration.id).execute();
    expect(rows).toHaveLength(5);
  });
});
