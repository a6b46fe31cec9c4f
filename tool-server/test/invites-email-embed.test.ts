import { createSmtpMailer } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpInbox, type SmtpInbox } from '../../test-support/smtp-inbox.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('invites by email (real SMTP server), SSO secrets, embed API keys and tokens', () => {
  let t: TestApp;
  let bare: TestApp;
  let inbox: SmtpInbox;
  let admin: string;
  let courseId: string;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startTestApp({ services: { mailer: createSmtpMailer({ url: inbox.url, from: 'TutorGraph <no-reply@demo.test>' }) } });
    bare = await startTestApp();
    admin = await t.login('admin');
    courseId = (await t.api('/v1/courses', { token: admin, tenantId: t.demo.tenantId, body: { title: 'Embedded Course' } })).body.id;
  });
  afterAll(async () => { await t?.close(); await bare?.close(); await inbox?.close(); });
  const invites = (app: TestApp) => `/v1/tenants/${app.demo.tenantId}/invites`;

  describe('invites', () => {
    it('when an invite is created with SMTP configured, then a text and HTML email carries the link the console can copy', async () => {
      const created = await t.api(invites(t), { token: admin, body: { email: 'sam@school.test', role: 'learner', course_id: courseId } });
      expect(created.status).toBe(201);
      expect(created.body.delivery).toBe('sent');
      const mail = await inbox.waitFor('sam@school.test');
      expect(mail.text).toContain(created.body.invite_url);
      expect(String(mail.html)).toContain(`href="${created.body.invite_url}"`);
      expect(mail.text).toContain('Embedded Course');
      expect(mail.from?.text).toContain('no-reply@demo.test');
    });

    it('when an invite is resent, then a new link is emailed, the list (a reload) copies that one and the old link is dead', async () => {
      const created = await t.api(invites(t), { token: admin, body: { email: 'kim@school.test', role: 'learner' } });
      const before = inbox.messages.length;
      const resent = await t.api(`${invites(t)}/${created.body.id}/resend`, { token: admin, body: {} });
      expect(resent.status).toBe(200);
      expect(resent.body.delivery).toBe('sent');
      expect(resent.body.invite_url).not.toBe(created.body.invite_url);
      const mail = await inbox.waitFor('kim@school.test', before);
      expect(mail.text).toContain(resent.body.invite_url);
      const listed = (await t.api(invites(t), { token: admin })).body.items.find((i: { id: string }) => i.id === created.body.id);
      expect(listed.invite_url).toBe(resent.body.invite_url);
      const oldToken = String(created.body.invite_url).split('/invite/')[1];
      expect((await t.api(`/v1/invites/${oldToken}`)).body.error.code).toBe('INVITE_INVALID');
      const newToken = String(resent.body.invite_url).split('/invite/')[1];
      expect((await t.api(`/v1/invites/${newToken}`)).body.status).toBe('pending');
    });

    it('when an invite is revoked, then its link reads revoked and the list no longer offers a link to copy', async () => {
      const created = await t.api(invites(t), { token: admin, body: { email: 'lee@school.test', role: 'learner' } });
      expect((await t.api(`${invites(t)}/${created.body.id}`, { token: admin, method: 'DELETE' })).status).toBe(200);
      const token = String(created.body.invite_url).split('/invite/')[1];
      expect((await t.api(`/v1/invites/${token}`)).body.status).toBe('revoked');
      const listed = (await t.api(invites(t), { token: admin })).body.items.find((i: { id: string }) => i.id === created.body.id);
      expect(listed.status).toBe('revoked');
      expect(listed.invite_url).toBeUndefined();
    });

    it('when SMTP is not configured, then the invite says so and its link stays copyable after a reload; the token is stored sealed', async () => {
      const bareAdmin = await bare.login('admin');
      const created = await bare.api(invites(bare), { token: bareAdmin, body: { email: 'ana@school.test', role: 'learner' } });
      expect(created.body.delivery).toBe('not_configured');
      const listed = (await bare.api(invites(bare), { token: bareAdmin })).body.items.find((i: { id: string }) => i.id === created.body.id);
      expect(listed.invite_url).toBe(created.body.invite_url);
      const row = await bare.db.db.selectFrom('invites').select(['token_sealed', 'token_hash']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
      const token = String(created.body.invite_url).split('/invite/')[1] ?? '';
      expect(row.token_sealed).toBeTruthy();
      expect(row.token_sealed).not.toContain(token);
      expect(row.token_hash).not.toContain(token);
    });
  });

  describe('SSO settings and OIDC start', () => {
    it('when an OIDC client secret is saved, then it is stored sealed and never returned', async () => {
      const path = `/v1/tenants/${t.demo.tenantId}/sso`;
      const secret = 'very-secret-client-secret-123';
      const saved = await t.api(path, { token: admin, method: 'PUT', body: { type: 'oidc', issuer: 'https://idp.school.test', client_id: 'tg', client_secret: secret, domains: ['school.test'], enabled: true } });
      expect(saved.status).toBe(200);
      expect(saved.body.has_client_secret).toBe(true);
      expect(JSON.stringify(saved.body)).not.toContain(secret);
      const row = await t.db.db.selectFrom('sso_connections').select('client_secret_sealed').where('tenant_id', '=', t.demo.tenantId).executeTakeFirstOrThrow();
      expect(row.client_secret_sealed).not.toContain(secret);
      // Saving again without a secret keeps the stored one.
      const again = await t.api(path, { token: admin, method: 'PUT', body: { type: 'oidc', issuer: 'https://idp.school.test', client_id: 'tg', domains: ['school.test'], enabled: true } });
      expect(again.body.has_client_secret).toBe(true);
    });

    it('when OIDC is enabled without any client secret, then the settings are refused', async () => {
      const res = await bare.api(`/v1/tenants/${bare.demo.tenantId}/sso`, { token: await bare.login('admin'), method: 'PUT', body: { type: 'oidc', issuer: 'https://idp.other.test', client_id: 'tg', domains: ['other.test'], enabled: true } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.client_secret).toBeTruthy();
    });

    it('when an email has no provider for its domain, then sign-in start says so (404) and the options report dev login', async () => {
      const res = await t.api('/v1/auth/oidc/start', { body: { email: 'x@nowhere.test' } });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('nowhere.test');
      expect((await t.api('/v1/auth/options')).body).toEqual({ dev_login: true, oidc: true });
    });
  });

  describe('embed API keys and tokens', () => {
    const keys = () => `/v1/tenants/${t.demo.tenantId}/api-keys`;
    const mint = (key: string, body: Record<string, unknown>) => t.api('/v1/embed/tokens', { headers: { authorization: `Bearer ${key}` }, body });

    it('when an admin creates a key, then the secret is shown once, lists show the prefix only, and only a hash is stored', async () => {
      const created = await t.api(keys(), { token: admin, body: { name: 'Course site', scopes: ['embed:learner'] } });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^tgk_[0-9a-f]{12}\.[\w-]{40,}$/);
      const listed = (await t.api(keys(), { token: admin })).body.items.find((k: { id: string }) => k.id === created.body.id);
      expect(listed).toMatchObject({ prefix: created.body.key.split('.')[0], is_revoked: false });
      expect(listed.key).toBeUndefined();
      const row = await t.db.db.selectFrom('api_keys').select('key_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
      expect(row.key_hash).not.toContain(created.body.key.split('.')[1]);
    });

    it('when a learner asks to create a key, then 403', async () => {
      const res = await t.api(keys(), { token: await t.login('learner'), body: { name: 'x', scopes: ['embed:learner'] } });
      expect(res.status).toBe(403);
    });

    it('when the host server mints a token, then it is short-lived, bound to the course, and the same host user maps to one account', async () => {
      const { key } = (await t.api(keys(), { token: admin, body: { name: 'Host', scopes: ['embed:learner'] } })).body;
      const first = await mint(key, { user_id: 'host-42', name: 'Pat Host', email: 'pat@host.test', course_id: courseId, role: 'learner' });
      expect(first.status).toBe(201);
      expect(Date.parse(first.body.expires_at) - Date.now()).toBeLessThanOrEqual(900_000 + 5_000);
      const second = await mint(key, { user_id: 'host-42', name: 'Pat Host', course_id: courseId });
      expect(second.body.user_id).toBe(first.body.user_id);
      const course = await t.api(`/v1/courses/${courseId}`, { token: first.body.token });
      expect(course.status).toBe(200);
      const me = await t.api('/v1/me', { token: first.body.token });
      expect(me.body.user).toMatchObject({ name: 'Pat Host', email: 'pat@host.test' });
      const asked = await t.api(`/v1/courses/${courseId}/query`, { token: first.body.token, body: { question: 'What is this course about?' } });
      expect(asked.status).toBe(200);
    });

    it('when a host user claims an email that already has an account, then the host user gets a separate account', async () => {
      const { key } = (await t.api(keys(), { token: admin, body: { name: 'Sneaky', scopes: ['embed:learner'] } })).body;
      const res = await mint(key, { user_id: 'evil-1', name: 'Not the admin', email: 'admin@demo.tutorgraph.test', course_id: courseId });
      expect(res.status).toBe(201);
      expect(res.body.user_id).not.toBe(t.demo.users.admin);
      const me = await t.api('/v1/me', { token: res.body.token });
      expect(me.body.user.email).toBeNull();
    });

    it('when a key lacks the instructor scope or names another course, then it mints nothing (403)', async () => {
      const { key } = (await t.api(keys(), { token: admin, body: { name: 'Learners only', scopes: ['embed:learner'], course_id: courseId } })).body;
      expect((await mint(key, { user_id: 'u1', name: 'U', course_id: courseId, role: 'instructor' })).status).toBe(403);
      const other = (await t.api('/v1/courses', { token: admin, tenantId: t.demo.tenantId, body: { title: 'Other' } })).body.id;
      expect((await mint(key, { user_id: 'u1', name: 'U', course_id: other })).status).toBe(403);
    });

    it('when a key is revoked or wrong, then it mints nothing (401)', async () => {
      const created = (await t.api(keys(), { token: admin, body: { name: 'Soon gone', scopes: ['embed:learner'] } })).body;
      expect((await mint(created.key, { user_id: 'u2', name: 'U', course_id: courseId })).status).toBe(201);
      expect((await t.api(`${keys()}/${created.id}`, { token: admin, method: 'DELETE' })).status).toBe(200);
      const revoked = await mint(created.key, { user_id: 'u2', name: 'U', course_id: courseId });
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
      expect((await mint(`${created.key.split('.')[0]}.wrong`, { user_id: 'u2', name: 'U', course_id: courseId })).status).toBe(401);
      expect((await t.api('/v1/embed/tokens', { body: { user_id: 'u2', name: 'U', course_id: courseId } })).status).toBe(401);
    });
  });
});
