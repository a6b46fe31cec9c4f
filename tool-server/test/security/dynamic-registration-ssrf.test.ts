import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountLti } from '../../src/lti/lti.extension.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { startTestPlatform, type TestPlatform } from '../../../test-support/lti-platform/platform.js';

// Issue #15 finding 1: dynamic registration fetched any URL (loopback in any spelling, redirects to
// loopback), echoed the internal reply, read unbounded bodies, and its link lasted 7 days and could be reused.
let t: TestApp;
let adminToken: string;
let internal: Server;
let internalUrl = '';
let internalHits = 0;
let platform: TestPlatform;

beforeAll(async () => {
  t = await startTestApp({ extensions: [mountLti] });
  adminToken = await t.login('admin');
  internal = createServer((req, res) => {
    internalHits += 1;
    if (req.url === '/redirect-to-internal') { res.writeHead(302, { location: `${internalUrl}/secret` }); res.end(); return; }
    if (req.url === '/huge') { res.writeHead(200, { 'content-type': 'application/json' }); const chunk = ' '.repeat(256 * 1024); for (let i = 0; i < 40; i += 1) res.write(chunk); res.end('{}'); return; }
    res.writeHead(500, { 'content-type': 'text/plain' }); res.end('INTERNAL-ADMIN-PANEL token=hunter2');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
  platform = await startTestPlatform({ kind: 'moodle' });
});
afterAll(async () => {
  await platform?.close();
  await new Promise<void>((resolve) => { internal.closeAllConnections(); internal.close(() => resolve()); });
  await t?.close();
});

const newLink = async () => {
  const res = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links`, { token: adminToken, method: 'POST' });
  expect(res.status).toBe(201);
  return res.body as { id: string; url: string; expires_at: string };
};
const openLink = async (link: { url: string }, configurationUrl: string, registrationToken?: string) => {
  const url = new URL(link.url);
  url.searchParams.set('openid_configuration', configurationUrl);
  if (registrationToken) url.searchParams.set('registration_token', registrationToken);
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
};

describe('dynamic registration under the outbound policy', () => {
  it('when the configuration URL points at loopback in any spelling, then the server never calls it', async () => {
    const port = new URL(internalUrl).port;
    const before = internalHits;
    for (const host of ['127.0.0.1', '127.1', '0x7f000001', '2130706433', '[::1]', '[::ffff:127.0.0.1]', 'localhost']) {
      const { status, html } = await openLink(await newLink(), `http://${host}:${port}/.well-known/openid-configuration`);
      expect(status, host).toBe(400);
      expect(html).toContain('REGISTRATION_FAILED');
    }
    expect(internalHits).toBe(before);
  });

  it('when the configuration URL is cloud metadata (169.254.169.254), then it is refused without a connection', async () => {
    const { status, html } = await openLink(await newLink(), 'http://169.254.169.254/latest/meta-data/');
    expect(status).toBe(400);
    expect(html).toMatch(/private or reserved address/);
  });

  it('when an allowlisted host redirects to an internal one, then the redirect is refused and the internal reply is never shown', async () => {
    t.deps.config.outbound.allowHosts.push(`localhost:${new URL(internalUrl).port}`);
    try {
      const before = internalHits;
      const { status, html } = await openLink(await newLink(), `http://localhost:${new URL(internalUrl).port}/redirect-to-internal`);
      expect(status).toBe(400);
      expect(internalHits).toBe(before + 1);
      expect(html).not.toContain('INTERNAL-ADMIN-PANEL');
    } finally {
      t.deps.config.outbound.allowHosts.pop();
    }
  });

  it('when an allowlisted LMS answers with an error body, then the page names the status but not the body', async () => {
    t.deps.config.outbound.allowHosts.push(new URL(internalUrl).host);
    try {
      const { status, html } = await openLink(await newLink(), `${internalUrl}/.well-known/openid-configuration`);
      expect(status).toBe(400);
      expect(html).toContain('answered 500');
      expect(html).not.toContain('INTERNAL-ADMIN-PANEL');
      expect(html).not.toContain('hunter2');
    } finally {
      t.deps.config.outbound.allowHosts.pop();
    }
  });

  it('when an allowlisted LMS answers with 10 MB, then reading stops at the response cap', async () => {
    t.deps.config.outbound.allowHosts.push(new URL(internalUrl).host);
    try {
      const { status, html } = await openLink(await newLink(), `${internalUrl}/huge`);
      expect(status).toBe(400);
      expect(html).toMatch(/larger than \d+ bytes/);
    } finally {
      t.deps.config.outbound.allowHosts.pop();
    }
  });
});

describe('dynamic-registration links', () => {
  it('when a link is created, then it expires within hours, not days', async () => {
    const link = await newLink();
    expect(Date.parse(link.expires_at) - Date.now()).toBeLessThanOrEqual(3 * 3600_000);
  });

  it('when a link has registered an LMS, then using it again registers nothing, and the console lists it as used', async () => {
    t.deps.config.outbound.allowHosts.push(new URL(platform.url).host);
    try {
      const link = await newLink();
      const config = `${platform.url}/.well-known/openid-configuration`;
      const first = await openLink(link, config, platform.services.registrationToken);
      expect(first.status, first.html).toBe(200);
      const again = await openLink(link, config, platform.services.registrationToken);
      expect(again.status).toBe(401);
      expect(platform.services.dynamicRegistrations).toHaveLength(1);
      const listed = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links`, { token: adminToken });
      expect(listed.body.items.find((l: { id: string }) => l.id === link.id)).toMatchObject({ status: 'used', registration_id: expect.any(String) });
    } finally {
      t.deps.config.outbound.allowHosts.pop();
    }
  });

  it('when a link is revoked, then it no longer works and is listed as revoked', async () => {
    const link = await newLink();
    const revoked = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links/${link.id}`, { token: adminToken, method: 'DELETE' });
    expect(revoked.status).toBe(200);
    const { status } = await openLink(link, `${platform.url}/.well-known/openid-configuration`);
    expect(status).toBe(401);
    const listed = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links`, { token: adminToken });
    expect(listed.body.items.find((l: { id: string }) => l.id === link.id)).toMatchObject({ status: 'revoked' });
  });

  it('when a link is past its expiry, then it no longer works', async () => {
    const link = await newLink();
    await t.db.db.updateTable('lti_registration_links').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', link.id).execute();
    expect((await openLink(link, `${platform.url}/.well-known/openid-configuration`)).status).toBe(401);
  });

  it('when an instructor asks for the links, then it is forbidden', async () => {
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links`, { token: await t.login('instructor') });
    expect(res.status).toBe(403);
  });
});
