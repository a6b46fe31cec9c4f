import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('identity and tenancy API', () => {
  let t: TestApp;
  let admin: string;
  let learner: string;
  let instructor: string;
  beforeAll(async () => {
    t = await startTestApp();
    [admin, learner, instructor] = await Promise.all([t.login('admin'), t.login('learner'), t.login('instructor')]);
  });
  afterAll(() => t.close());
  const tenant = () => t.demo.tenantId;

  describe('me and tokens', () => {
    it('when signed in as a persona, then /me shows the user, memberships and current tenant', async () => {
      const res = await t.api('/v1/me', { token: learner });
      expect(res.status).toBe(200);
      expect(res.body.user.email).toBe('learner@demo.tutorgraph.test');
      expect(res.body.memberships).toEqual([expect.objectContaining({ role: 'learner', tenant: expect.objectContaining({ slug: 'demo' }) })]);
      expect(res.body.current_tenant_id).toBe(tenant());
    });

    it('when no token is sent, then 401 UNAUTHENTICATED', async () => {
      const res = await t.api('/v1/me');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('when a token is refreshed, then the new one works', async () => {
      const res = await t.api('/v1/auth/refresh', { token: learner, body: {} });
      expect(res.status).toBe(200);
      expect((await t.api('/v1/me', { token: res.body.token })).status).toBe(200);
    });

    it('when a user belongs to several tenants and sends no X-Tenant-Id, then the API asks for one', async () => {
      const created = await t.api('/v1/tenants', { token: admin, body: { name: 'Second School' } });
      expect(created.status).toBe(201);
      const res = await t.api('/v1/courses', { token: admin });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/X-Tenant-Id/);
      expect((await t.api('/v1/courses', { token: admin, tenantId: created.body.id })).status).toBe(200);
    });
  });

  describe('tenants and members', () => {
    it('when a user creates a tenant, then they own it, it is listed and audited', async () => {
      const newcomer = await t.login({ email: 'founder@newschool.test' });
      const res = await t.api('/v1/tenants', { token: newcomer, body: { name: 'New School', slug: 'new-school' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'New School', slug: 'new-school', role: 'owner' });
      const mine = await t.api('/v1/tenants', { token: newcomer });
      expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([res.body.id]);
      const audit = await t.api(`/v1/tenants/${res.body.id}/audit`, { token: newcomer });
      expect(audit.body.items[0]).toMatchObject({ action: 'tenant.created', target_id: res.body.id });
      const dup = await t.api('/v1/tenants', { token: newcomer, body: { name: 'Copy', slug: 'new-school' } });
      expect(dup.status).toBe(409);
    });

    it('when an admin lists members, then all four demo people appear; a learner gets 403', async () => {
      const res = await t.api(`/v1/tenants/${tenant()}/members`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(4);
      expect((await t.api(`/v1/tenants/${tenant()}/members`, { token: learner })).status).toBe(403);
    });

    it('when roles change, then an admin cannot touch owners and the last owner cannot be demoted', async () => {
      const { users } = t.demo;
      // owner promotes the instructor to admin
      expect((await t.api(`/v1/tenants/${tenant()}/members/${users.instructor}`, { token: admin, method: 'PATCH', body: { role: 'admin' } })).status).toBe(200);
      const asAdmin = await t.login('instructor'); // now an admin
      const demote = await t.api(`/v1/tenants/${tenant()}/members/${users.admin}`, { token: asAdmin, method: 'PATCH', body: { role: 'learner' } });
      expect(demote.status).toBe(403);
      const makeOwner = await t.api(`/v1/tenants/${tenant()}/members/${users.learner2}`, { token: asAdmin, method: 'PATCH', body: { role: 'owner' } });
      expect(makeOwner.status).toBe(403);
      const selfDemote = await t.api(`/v1/tenants/${tenant()}/members/${users.admin}`, { token: admin, method: 'PATCH', body: { role: 'admin' } });
      expect(selfDemote.status).toBe(409);
      expect(selfDemote.body.error.message).toMatch(/last owner/);
      const leave = await t.api(`/v1/tenants/${tenant()}/members/${users.admin}`, { token: admin, method: 'DELETE' });
      expect(leave.status).toBe(409);
      // restore
      await t.api(`/v1/tenants/${tenant()}/members/${users.instructor}`, { token: admin, method: 'PATCH', body: { role: 'instructor' } });
      const audit = await t.api(`/v1/tenants/${tenant()}/audit?action=member.role_changed`, { token: admin });
      expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
    });

    it('when an admin removes a member, then they lose access at once', async () => {
      const person = await t.login({ email: 'temp@demo.test' });
      const invite = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'temp@demo.test', role: 'learner' } });
      const inviteToken = invite.body.invite_url.split('/invite/')[1];
      expect((await t.api(`/v1/invites/${inviteToken}/accept`, { token: person, body: {} })).status).toBe(200);
      const me = await t.api('/v1/me', { token: person });
      const userId = me.body.user.id;
      expect((await t.api('/v1/courses', { token: person, tenantId: tenant() })).status).toBe(200);
      expect((await t.api(`/v1/tenants/${tenant()}/members/${userId}`, { token: admin, method: 'DELETE' })).status).toBe(200);
      expect((await t.api('/v1/courses', { token: person, tenantId: tenant() })).status).toBe(403);
    });
  });

  describe('invites', () => {
    const accept = (token: string, inviteToken: string) => t.api(`/v1/invites/${inviteToken}/accept`, { token, body: {} });
    const tokenOf = (url: string) => url.split('/invite/')[1] as string;

    it('when an invite is sent and accepted, then the person joins with the role (and course)', async () => {
      const course = await t.api('/v1/courses', { token: admin, tenantId: tenant(), body: { title: 'Invite course' } });
      const invite = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'Sam@School.test', role: 'learner', course_id: course.body.id } });
      expect(invite.status).toBe(201);
      expect(invite.body).toMatchObject({ email: 'sam@school.test', role: 'learner', status: 'pending', invite_url: expect.stringContaining('/invite/') });
      const stored = await t.db.db.selectFrom('invites').select('token_hash').where('id', '=', invite.body.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(tokenOf(invite.body.invite_url));
      const preview = await t.api(`/v1/invites/${tokenOf(invite.body.invite_url)}`);
      expect(preview.body).toMatchObject({ tenant: { name: 'Demo University' }, role: 'learner', status: 'pending' });
      const sam = await t.login({ email: 'sam@school.test' });
      const accepted = await accept(sam, tokenOf(invite.body.invite_url));
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ role: 'learner', course_id: course.body.id, tenant: { id: tenant() } });
      const courses = await t.api('/v1/courses', { token: accepted.body.token, tenantId: tenant() });
      expect(courses.body.items.map((c: { id: string }) => c.id)).toContain(course.body.id);
      const again = await accept(sam, tokenOf(invite.body.invite_url));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVITE_ALREADY_ACCEPTED');
      const list = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin });
      expect(list.body.items.find((i: { id: string }) => i.id === invite.body.id).status).toBe('accepted');
    });

    it('when the link is unknown, revoked, expired or the user is already a member, then each has its own code', async () => {
      const person = await t.login({ email: 'pat@school.test' });
      expect((await accept(person, 'x'.repeat(43))).body.error.code).toBe('INVITE_INVALID');

      const revoked = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'pat@school.test', role: 'learner' } });
      expect((await t.api(`/v1/tenants/${tenant()}/invites/${revoked.body.id}`, { token: admin, method: 'DELETE' })).status).toBe(200);
      const r = await accept(person, tokenOf(revoked.body.invite_url));
      expect([r.status, r.body.error.code]).toEqual([410, 'INVITE_REVOKED']);

      const expired = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'pat@school.test', role: 'learner' } });
      await sql`update invites set expires_at = now() - interval '1 day' where id = ${expired.body.id}`.execute(t.db.db);
      const e = await accept(person, tokenOf(expired.body.invite_url));
      expect([e.status, e.body.error.code]).toEqual([410, 'INVITE_EXPIRED']);

      const member = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'learner@demo.tutorgraph.test', role: 'learner' } });
      const m = await accept(learner, tokenOf(member.body.invite_url));
      expect([m.status, m.body.error.code]).toEqual([409, 'INVITE_ALREADY_MEMBER']);
    });

    it('when the signed-in email differs from the invite, then 403', async () => {
      const invite = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'someone@school.test', role: 'learner' } });
      const other = await t.login({ email: 'intruder@school.test' });
      expect((await accept(other, tokenOf(invite.body.invite_url))).status).toBe(403);
    });

    it('when an invite is resent, then the old link dies and the new one works', async () => {
      const invite = await t.api(`/v1/tenants/${tenant()}/invites`, { token: admin, body: { email: 'resend@school.test', role: 'instructor' } });
      const resent = await t.api(`/v1/tenants/${tenant()}/invites/${invite.body.id}/resend`, { token: admin, body: {} });
      expect(resent.status).toBe(200);
      expect(resent.body.sent_count).toBe(2);
      const person = await t.login({ email: 'resend@school.test' });
      expect((await accept(person, tokenOf(invite.body.invite_url))).body.error.code).toBe('INVITE_INVALID');
      expect((await accept(person, tokenOf(resent.body.invite_url))).status).toBe(200);
    });

    it('when a learner or instructor tries to invite, then 403; an admin cannot invite an owner', async () => {
      expect((await t.api(`/v1/tenants/${tenant()}/invites`, { token: learner, body: { email: 'a@b.test', role: 'learner' } })).status).toBe(403);
      expect((await t.api(`/v1/tenants/${tenant()}/invites`, { token: instructor, body: { email: 'a@b.test', role: 'learner' } })).status).toBe(403);
    });
  });

  describe('SSO settings', () => {
    it('when valid settings are saved, then they read back and are audited', async () => {
      // Enabling OIDC sign-in needs the client secret (write-only: it is never read back).
      const body = { type: 'oidc', issuer: 'https://login.school.test', client_id: 'tg', client_secret: 'a-client-secret', domains: ['School.test'], enabled: true };
      const res = await t.api(`/v1/tenants/${tenant()}/sso`, { token: admin, method: 'PUT', body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ configured: true, type: 'oidc', domains: ['school.test'], enabled: true, has_client_secret: true });
      expect(JSON.stringify(res.body)).not.toContain('a-client-secret');
      expect((await t.api(`/v1/tenants/${tenant()}/sso`, { token: admin })).body.issuer).toBe('https://login.school.test');
    });

    it('when settings are incomplete, then 400 names the fields', async () => {
      const res = await t.api(`/v1/tenants/${tenant()}/sso`, { token: admin, method: 'PUT', body: { type: 'saml', domains: [], enabled: true } });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(expect.arrayContaining(['metadata_url', 'domains']));
    });

    it('when a domain belongs to another tenant, then 409', async () => {
      const owner = await t.login({ email: 'boss@other.test' });
      const other = await t.api('/v1/tenants', { token: owner, body: { name: 'Other' } });
      const res = await t.api(`/v1/tenants/${other.body.id}/sso`, { token: owner, method: 'PUT', body: { type: 'saml', metadata_url: 'https://idp.other.test/meta', domains: ['school.test'], enabled: false } });
      expect(res.status).toBe(409);
    });
  });

  describe('courses', () => {
    it('when an instructor creates a course, then they see it, learners do not until enrolled', async () => {
      const created = await t.api('/v1/courses', { token: instructor, body: { title: 'Biology 101', description: 'Cells' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ title: 'Biology 101', role: 'instructor' });
      const id = created.body.id;
      expect((await t.api(`/v1/courses/${id}`, { token: learner })).status).toBe(403);
      const enrol = await t.api(`/v1/courses/${id}/members`, { token: instructor, body: { user_id: t.demo.users.learner, role: 'learner' } });
      expect(enrol.status).toBe(201);
      expect((await t.api(`/v1/courses/${id}`, { token: learner })).body.role).toBe('learner');
      expect((await t.api(`/v1/courses/${id}`, { token: learner, method: 'PATCH', body: { title: 'Hacked' } })).status).toBe(403);
      const renamed = await t.api(`/v1/courses/${id}`, { token: instructor, method: 'PATCH', body: { title: 'Biology 102' } });
      expect(renamed.body.title).toBe('Biology 102');
      expect((await t.api(`/v1/courses/${id}`, { token: instructor, method: 'DELETE' })).status).toBe(200);
      expect((await t.api(`/v1/courses/${id}`, { token: instructor })).status).toBe(404);
    });

    it('when a learner tries to create a course, then 403', async () => {
      expect((await t.api('/v1/courses', { token: learner, body: { title: 'Mine' } })).status).toBe(403);
    });
  });

  describe('audit log', () => {
    it('when filtering and paging, then results are newest first with a working cursor', async () => {
      for (let i = 0; i < 3; i += 1) await t.api('/v1/courses', { token: admin, tenantId: tenant(), body: { title: `Paged ${i}` } });
      const first = await t.api(`/v1/tenants/${tenant()}/audit?action=course.created&limit=2`, { token: admin });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.next_cursor).toBeTruthy();
      const second = await t.api(`/v1/tenants/${tenant()}/audit?action=course.created&limit=2&cursor=${first.body.next_cursor}`, { token: admin });
      const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(first.body.items[0].created_at >= first.body.items[1].created_at).toBe(true);
      expect(first.body.items[0]).toMatchObject({ actor: { email: 'admin@demo.tutorgraph.test' }, request_id: expect.any(String) });
      const byActor = await t.api(`/v1/tenants/${tenant()}/audit?actor=${t.demo.users.admin}`, { token: admin });
      expect(byActor.body.items.every((i: { actor: { id: string } }) => i.actor.id === t.demo.users.admin)).toBe(true);
      expect((await t.api(`/v1/tenants/${tenant()}/audit?cursor=garbage`, { token: admin })).status).toBe(400);
    });
  });
});
