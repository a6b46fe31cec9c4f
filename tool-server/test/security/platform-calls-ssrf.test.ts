import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callPlatform, OutboundRequestError, PlatformHttpError, type LtiRegistration } from '@tutorgraph/core';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchRejectedError, verifyLaunchToken } from '../../src/lti/verify-id-token.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 finding 2: auth_token_url, keyset_url and AGS/NRPS URLs from claims could point anywhere,
// and the remote body text was shown to the admin in roster.error.
let t: TestApp;
let internal: Server;
let internalUrl = '';
let hits = 0;
beforeAll(async () => {
  t = await startTestApp();
  internal = createServer((_req, res) => { hits += 1; res.writeHead(500); res.end('INTERNAL-SERVICE-REPLY secret=1'); });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => { internal.closeAllConnections(); internal.close(() => resolve()); });
  await t?.close();
});

const registration = (urls: Partial<LtiRegistration> = {}): LtiRegistration => ({
  id: '00000000-0000-4000-8000-000000000001', tenantId: t.demo.tenantId, name: 'x', kind: 'other', issuer: 'https://lms.example',
  clientId: `c-${Math.random()}`, authLoginUrl: 'https://lms.example/auth', authTokenUrl: `${internalUrl}/token`, keysetUrl: `${internalUrl}/jwks`,
  deploymentIds: ['d'], createdAt: new Date(), updatedAt: new Date(), ...urls,
} as LtiRegistration);

describe('tool→LMS calls from registrations and claims', () => {
  it('when a registration\'s token URL points at loopback, then no request is sent', async () => {
    const before = hits;
    const deps = { db: t.db.db, ltiKey: t.deps.config.ltiKey, outbound: t.deps.config.outbound };
    const error = await callPlatform(deps, registration(), ['scope'], 'GET', `${internalUrl}/members`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect((error as OutboundRequestError).reason).toBe('ADDRESS_REFUSED');
    expect(hits).toBe(before);
  });

  it('when a service URL from a launch claim is the metadata address, then it is refused', async () => {
    const deps = { db: t.db.db, ltiKey: t.deps.config.ltiKey, outbound: t.deps.config.outbound };
    const error = await callPlatform(deps, registration({ authTokenUrl: 'https://lms.example/token' }), ['scope'], 'GET', 'http://169.254.169.254/latest/meta-data/')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
  });

  it('when no policy is passed, then the strict one applies (https only)', async () => {
    const error = await callPlatform({ db: t.db.db, ltiKey: t.deps.config.ltiKey }, registration(), ['scope'], 'GET', `${internalUrl}/x`).catch((e: unknown) => e);
    expect((error as OutboundRequestError).reason).toBe('URL_REFUSED');
  });

  it('when an allowlisted LMS answers an error with a body, then the error message (what admins see) omits the body', async () => {
    const outbound = { ...t.deps.config.outbound, allowHosts: [new URL(internalUrl).host] };
    const error = await callPlatform({ db: t.db.db, ltiKey: t.deps.config.ltiKey, outbound }, registration(), ['scope'], 'GET', `${internalUrl}/x`)
      .catch((e: unknown) => e) as Error;
    expect(error.message).not.toContain('INTERNAL-SERVICE-REPLY');
    const platformError = (error.cause ?? error) as PlatformHttpError;
    expect(platformError).toBeInstanceOf(PlatformHttpError);
    expect(platformError.message).toMatch(/answered 500/);
    expect(platformError.remoteBody).toContain('INTERNAL-SERVICE-REPLY');
  });

  it('when a registration\'s keyset URL points at loopback, then the launch is refused without fetching it', async () => {
    const before = hits;
    const { privateKey } = await generateKeyPair('RS256');
    const idToken = await new SignJWT({ nonce: 'n' }).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setIssuer('https://lms.example')
      .setAudience('c').setSubject('s').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const error = await verifyLaunchToken({ idToken, registration: registration(), expectedNonce: 'n', outbound: t.deps.config.outbound }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchRejectedError);
    expect((error as LaunchRejectedError).code).toBe('KEYS_UNAVAILABLE');
    expect(hits).toBe(before);
  });
});
