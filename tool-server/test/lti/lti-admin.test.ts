import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, SignJWT, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mountLti } from '../../src/lti/lti.extension.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE } from '../../../test-support/lti-platform/claims.js';
import { startTestPlatform, type TestPlatform } from '../../../test-support/lti-platform/platform.js';
import { readToolPage } from './lti-world.js';

let t: TestApp;
let adminToken: string;
beforeAll(async () => {
  t = await startTestApp({ extensions: [mountLti] });
  adminToken = await t.login('admin');
});
afterAll(async () => { await t?.close(); });

const registrationBody = (clientId: string) => ({
  name: 'District Canvas', kind: 'canvas', issuer: 'https://canvas.instructure.com', client_id: clientId, deployment_ids: ['1:abc'],
  auth_login_url: 'https://sso.canvaslms.com/api/lti/authorize_redirect', auth_token_url: 'https://sso.canvaslms.com/login/oauth2/token',
  keyset_url: 'https://sso.canvaslms.com/api/lti/security/jwks',
});

describe('LTI registration admin API', () => {
  it('when an admin creates, reads, patches and deletes a registration, then each step shows the stored state and is audited', async () => {
    const base = `/v1/tenants/${t.demo.tenantId}/lti/registrations`;
    const created = await t.api(base, { token: adminToken, body: registrationBody('10000000000001') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ tenant_id: t.demo.tenantId, client_id: '10000000000001', deployment_ids: ['1:abc'], kind: 'canvas' });
    const id = created.body.id as string;

    const listed = await t.api(base, { token: adminToken });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(id);

    const patched = await t.api(`${base}/${id}`, { method: 'PATCH', token: adminToken, body: { name: 'Renamed', deployment_ids: ['1:abc', '2:def'] } });
    expect(patched.body).toMatchObject({ name: 'Renamed', deployment_ids: ['1:abc', '2:def'] });

    const duplicate = await t.api(base, { token: adminToken, body: registrationBody('10000000000001') });
    expect(duplicate.status).toBe(409);

    expect((await t.api(`${base}/${id}`, { method: 'DELETE', token: adminToken })).status).toBe(200);
    expect((await t.api(`${base}/${id}`, { token: adminToken })).status).toBe(404);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['lti_registration.created', 'lti_registration.updated', 'lti_registration.deleted']);
  });

  it('when a learner tries to list registrations, then it is forbidden', async () => {
    const learner = await t.login('learner');
    expect((await t.api(`/v1/tenants/${t.demo.tenantId}/lti/registrations`, { token: learner })).status).toBe(403);
  });

  it('when the manual Moodle registration JSON from lti-config/moodle.md is posted as written, then it is valid JSON the API accepts', async () => {
    const guide = readFileSync(new URL('../../../lti-config/moodle.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(guide)?.[1];
    const body = JSON.parse(block ?? '') as Record<string, unknown>;
    const filled = { ...body, client_id: 'moodle-manual-client', deployment_ids: ['7'] };
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/registrations`, { token: adminToken, body: filled });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'moodle', issuer: 'https://moodle.example.edu', keyset_url: 'https://moodle.example.edu/mod/lti/certs.php' });
  });

  it('when the body is missing URLs, then 400 names the field', async () => {
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/registrations`, { token: adminToken, body: { ...registrationBody('x'), keyset_url: 'not a url' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('keyset_url');
  });
});

// Canvas's documented LTI 1.3 JSON configuration (developer key "Paste JSON" / "Enter URL").
const CanvasPlacement = z.object({
  placement: z.enum(['account_navigation', 'assignment_selection', 'course_navigation', 'editor_button', 'homework_submission', 'link_selection', 'migration_selection', 'resource_selection', 'course_assignments_menu', 'module_menu_modal']),
  message_type: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  target_link_uri: z.url().optional(), text: z.string().optional(), icon_url: z.url().optional(),
  default: z.enum(['enabled', 'disabled']).optional(), visibility: z.enum(['admins', 'members', 'public']).optional(),
  selection_width: z.number().optional(), selection_height: z.number().optional(),
}).strict();
const CanvasConfig = z.object({
  title: z.string().min(1), description: z.string().min(1), oidc_initiation_url: z.url(), target_link_uri: z.url(),
  public_jwk_url: z.url().optional(), public_jwk: z.record(z.string(), z.unknown()).optional(),
  scopes: z.array(z.enum([
    'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
    'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly', 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  ])),
  extensions: z.array(z.object({
    platform: z.literal('canvas.instructure.com'), domain: z.string().optional(), tool_id: z.string().optional(),
    privacy_level: z.enum(['public', 'name_only', 'email_only', 'anonymous']),
    settings: z.object({ text: z.string().optional(), icon_url: z.url().optional(), placements: z.array(CanvasPlacement).min(1) }),
  })).min(1),
  custom_fields: z.record(z.string(), z.string()).optional(),
}).strict().refine((c) => c.public_jwk_url || c.public_jwk, 'public_jwk_url or public_jwk is required');

describe('configuration for LMS admins', () => {
  it('when /lti/canvas.json is fetched, then it matches Canvas\'s documented shape with this server\'s URLs, deep-linking placements and AGS+NRPS scopes', async () => {
    const res = await t.api('/lti/canvas.json');
    expect(res.status).toBe(200);
    const config = CanvasConfig.parse(res.body);
    expect(config.oidc_initiation_url).toBe(`${t.baseUrl}/lti/login`);
    expect(config.public_jwk_url).toBe(`${t.baseUrl}/lti/keys`);
    const placements = config.extensions[0]!.settings.placements;
    expect(placements.find((p) => p.placement === 'course_navigation')?.message_type).toBe('LtiResourceLinkRequest');
    for (const name of ['link_selection', 'assignment_selection', 'editor_button'] as const) {
      expect(placements.find((p) => p.placement === name)?.message_type).toBe('LtiDeepLinkingRequest');
    }
    expect(config.scopes).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(config.scopes).toContain('https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
  });

  it('when /lti/keys is fetched (served by ltijs from the kysely key store), then it publishes an RS256 key that verifies the tool\'s signatures', async () => {
    const res = await t.api('/lti/keys');
    expect(res.status).toBe(200);
    expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
    const { ensureToolKey } = await import('@tutorgraph/core');
    const key = await ensureToolKey(t.db.db, t.deps.config.ltiKey);
    const jwt = await new SignJWT({ hello: 'lms' }).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(res.body));
    expect(payload.hello).toBe('lms');
    expect(await importJWK(res.body.keys.find((k: { kid: string }) => k.kid === key.kid))).toBeTruthy();
  });
});

describe('dynamic registration', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ kind: 'moodle' });
    // The test platform listens on loopback: allowlisted, as an on-premise LMS would be (OUTBOUND_ALLOW_HOSTS).
    t.deps.config.outbound.allowHosts.push(new URL(platform.url).host);
  });
  afterAll(async () => { await platform?.close(); });

  it('when a Moodle admin opens the signed registration link, then the registration is stored with the platform\'s deployment id and a launch works', async () => {
    const link = await t.api(`/v1/tenants/${t.demo.tenantId}/lti/dynamic-registration-links`, { token: adminToken, method: 'POST' });
    expect(link.status).toBe(201);
    const url = new URL(link.body.url);
    url.searchParams.set('openid_configuration', `${platform.url}/.well-known/openid-configuration`);
    url.searchParams.set('registration_token', platform.services.registrationToken);
    const page = await fetch(url);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    // The registration page opens inside the LMS: it may be framed by the FRAME_ANCESTORS origins only.
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(html).toContain('org.imsglobal.lti.close');

    const tool = platform.tool!;
    const sent = platform.services.dynamicRegistrations[0]!;
    expect(sent).toMatchObject({ initiate_login_uri: `${t.baseUrl}/lti/login`, jwks_uri: `${t.baseUrl}/lti/keys`, redirect_uris: [`${t.baseUrl}/lti/launch`] });
    const stored = await t.db.db.selectFrom('lti_registrations').selectAll().where('client_id', '=', tool.clientId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ tenant_id: t.demo.tenantId, issuer: platform.url, kind: 'moodle', auth_token_url: platform.tokenUrl });
    const deployments = await t.db.db.selectFrom('lti_deployments').select('deployment_id').where('registration_id', '=', stored.id).execute();
    expect(deployments.map((d) => d.deployment_id)).toEqual([tool.deploymentId]);

    const launch = await playLaunch(platform.prepareLaunch({
      user: { sub: 'dr-user', name: 'Dyn Reg', email: 'dr@moodle.test', roles: [ROLE.learner] }, context: { id: 'dr-ctx', title: 'Registered course' },
    }).loginUrl);
    expect(readToolPage(launch.html).tenantId).toBe(t.demo.tenantId);
  });

  it('when the registration link is forged, then nothing is registered', async () => {
    const res = await fetch(`${t.baseUrl}/lti/register?tg=forged&openid_configuration=${encodeURIComponent(`${platform.url}/.well-known/openid-configuration`)}`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('REGISTRATION_FAILED');
  });
});
