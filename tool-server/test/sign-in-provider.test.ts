import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from '../../test-support/oidc-idp.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// The login page's per-organisation button: the tenant's OIDC provider, found by tenant slug or email domain,
// started at a real OpenID Provider (oidc-provider) running in the test.
describe('sign-in provider button (tenant slug or domain → "Sign in with <name>")', () => {
  let t: TestApp;
  let idp: TestIdp;
  let admin: string;
  let slug: string;
  beforeAll(async () => {
    idp = await startTestIdp();
    t = await startTestApp();
    idp.allowRedirect(`${t.deps.config.publicUrl}/v1/auth/oidc/callback`);
    admin = await t.login('admin');
    slug = (await t.db.db.selectFrom('tenants').select('slug').where('id', '=', t.demo.tenantId).executeTakeFirstOrThrow()).slug;
  });
  afterAll(async () => { await t?.close(); await idp?.close(); });
  const sso = () => `/v1/tenants/${t.demo.tenantId}/sso`;
  const settings = { type: 'oidc', issuer: '', client_id: '', client_secret: '', domains: ['button.test'], enabled: true };

  it('when no provider is enabled, then the slug finds nothing (404 in the error model)', async () => {
    const res = await t.api(`/v1/auth/providers?org=${slug}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: `No sign-in provider is set up for ${slug}` });
  });

  it('when an admin names the provider, then slug and domain both find "Sign in with <name>" and the settings read it back', async () => {
    const saved = await t.api(sso(), { token: admin, method: 'PUT', body: { ...settings, issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret, display_name: '  Riverside Accounts ' } });
    expect(saved.status).toBe(200);
    expect(saved.body.display_name).toBe('Riverside Accounts');
    const bySlug = await t.api(`/v1/auth/providers?org=${slug.toUpperCase()}`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toEqual({ tenant: { id: t.demo.tenantId, name: expect.any(String), slug }, provider: { type: 'oidc', name: 'Riverside Accounts' } });
    expect((await t.api('/v1/auth/providers?org=button.test')).body).toEqual(bySlug.body);
    expect((await t.api('/v1/auth/providers?org=elsewhere.test')).status).toBe(404);
  });

  it('when the display name is cleared, then the button uses the organisation\'s name', async () => {
    await t.api(sso(), { token: admin, method: 'PUT', body: { ...settings, issuer: idp.issuer, client_id: idp.clientId, display_name: '' } });
    const res = await t.api(`/v1/auth/providers?org=${slug}`);
    expect(res.body.provider.name).toBe(res.body.tenant.name);
    expect(res.body.provider.name.length).toBeGreaterThan(0);
  });

  it('when sign-in starts by tenant slug, then the browser is sent to the real provider with PKCE, bound by a state cookie', async () => {
    const res = await t.api('/v1/auth/oidc/start', { body: { tenant_slug: slug } });
    expect(res.status).toBe(200);
    expect(res.body.tenant).toEqual({ id: t.demo.tenantId, name: expect.any(String), slug });
    const url = new URL(res.body.authorization_url);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(res.headers.get('set-cookie')).toContain(`tg_oidc_state=${url.searchParams.get('state')}`);
    // The provider accepts the request: its authorization endpoint answers with its own login step, not an error.
    const atIdp = await fetch(url, { redirect: 'manual' });
    expect(atIdp.status).toBe(303);
    expect(atIdp.headers.get('location')).toMatch(/^\/interaction\//);
  });

  it('when the slug or org is unknown or malformed, then a clear 404 or 400, never a 500', async () => {
    const unknown = await t.api('/v1/auth/oidc/start', { body: { tenant_slug: 'no-such-school' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('This organisation has no OpenID Connect sign-in enabled');
    const badSlug = await t.api('/v1/auth/oidc/start', { body: { tenant_slug: 'not a slug!' } });
    expect(badSlug.status).toBe(400);
    expect(badSlug.body.error.code).toBe('INVALID_ARGUMENT');
    const badOrg = await t.api(`/v1/auth/providers?org=${encodeURIComponent('<script>')}`);
    expect(badOrg.status).toBe(400);
    expect((await t.api('/v1/auth/providers')).status).toBe(400);
  });

  it('when the provider is disabled, then neither slug nor domain offers the button', async () => {
    await t.api(sso(), { token: admin, method: 'PUT', body: { ...settings, issuer: idp.issuer, client_id: idp.clientId, enabled: false } });
    expect((await t.api(`/v1/auth/providers?org=${slug}`)).status).toBe(404);
    expect((await t.api('/v1/auth/providers?org=button.test')).status).toBe(404);
  });
});
