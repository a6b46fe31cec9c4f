import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../../test-support/lti-platform/claims.js';
import { startTestPlatform, type TestPlatform } from '../../../test-support/lti-platform/platform.js';

// Light checks that the test LMS really refuses what a real one would: otherwise the tool's tests
// against it would prove nothing.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ kind: 'moodle' });
  platform.registerTool({ loginUrl: 'http://127.0.0.1:9/lti/login', redirectUris: ['http://127.0.0.1:9/lti/launch'], jwksUrl: `${platform.url}/no-tool-keys-here` });
});
afterAll(async () => { await platform?.close(); });

describe('the test LMS', () => {
  it('when the auth request names an unregistered redirect_uri, then it refuses', async () => {
    const { loginUrl } = platform.prepareLaunch({ user: { sub: 'u', name: 'U', email: 'u@x.test', roles: [ROLE.learner] }, context: { id: 'c', title: 'C' } });
    const hint = new URL(loginUrl).searchParams.get('lti_message_hint')!;
    const auth = new URL(platform.authUrl);
    for (const [k, v] of Object.entries({
      scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: platform.tool!.clientId,
      redirect_uri: 'https://attacker.example/steal', login_hint: 'u', state: 's', nonce: 'n', lti_message_hint: hint,
    })) auth.searchParams.set(k, v);
    const res = await fetch(auth);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri not registered');
  });

  it('when a Moodle-like hint comes back after its first use, then it is refused as Moodle 4.5 does (the hint is spent)', async () => {
    const { loginUrl } = platform.prepareLaunch({ user: { sub: '7', name: 'U', email: 'u@x.test', roles: [ROLE.learner] }, context: { id: 'c', title: 'C' } });
    const hint = new URL(loginUrl).searchParams.get('lti_message_hint')!;
    expect(JSON.parse(hint)).toMatchObject({ cmid: expect.any(Number), launchid: expect.stringMatching(/^ltilaunch\d+_\d+$/) });
    const auth = new URL(platform.authUrl);
    for (const [k, v] of Object.entries({
      scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: platform.tool!.clientId,
      redirect_uri: platform.tool!.redirectUris[0]!, login_hint: '7', state: 's', nonce: 'n', lti_message_hint: hint,
    })) auth.searchParams.set(k, v);
    expect((await fetch(auth)).status).toBe(200);
    const again = await fetch(auth);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('invalidrequest');
    expect(platform.messageHintLog.slice(-2).map((h) => h.outcome)).toEqual(['used', 'refused']);
  });

  it('when a client assertion is signed by a key the tool does not publish, then the token endpoint refuses', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'x' }).setIssuer(platform.tool!.clientId)
      .setSubject(platform.tool!.clientId).setAudience(platform.tokenUrl).setJti('j1').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const res = await fetch(platform.tokenUrl, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: 'x' }),
    });
    expect(res.status).toBe(401);
  });

  it('when a service is called without a token, then 401', async () => {
    const res = await fetch(`${platform.url}/api/lti/courses/c/names_and_roles`);
    expect(res.status).toBe(401);
  });

  it('when the deep-linking return carries an unsigned JWT, then it is refused and recorded as an error', async () => {
    const res = await fetch(`${platform.url}/deep_linking/return`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'JWT=not.a.jwt' });
    expect(res.status).toBe(400);
    expect(platform.services.deepLinkReturns.at(-1)?.error).toBeTruthy();
  });
});
