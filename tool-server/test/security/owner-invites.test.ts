import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 finding 6: an admin could resend (and so read the link of) or revoke an owner invite.
let t: TestApp;
let ownerToken: string;
let adminToken: string;
beforeAll(async () => {
  t = await startTestApp();
  ownerToken = await t.login('admin'); // the demo "admin" persona is the tenant owner
  const user = await t.db.db.insertInto('users').values({ email: 'second-admin@demo.test', name: 'Second Admin' }).returning('id').executeTakeFirstOrThrow();
  await t.db.db.insertInto('memberships').values({ tenant_id: t.demo.tenantId, user_id: user.id, role: 'admin' }).execute();
  adminToken = await t.login({ email: 'second-admin@demo.test' });
});
afterAll(async () => { await t?.close(); });

const invite = async (role: string) => {
  const res = await t.api(`/v1/tenants/${t.demo.tenantId}/invites`, { token: ownerToken, body: { email: `${role}-${Date.now()}@school.test`, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; invite_url?: string };
};

describe('owner invites', () => {
  it('when an admin resends an owner invite, then it is forbidden and no link is returned', async () => {
    const owner = await invite('owner');
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/invites/${owner.id}/resend`, { token: adminToken, method: 'POST' });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('/invite/');
  });

  it('when an admin revokes an owner invite, then it is forbidden and the invite stays pending', async () => {
    const owner = await invite('owner');
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/invites/${owner.id}`, { token: adminToken, method: 'DELETE' });
    expect(res.status).toBe(403);
    const row = await t.db.db.selectFrom('invites').select('status').where('id', '=', owner.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('when an admin lists invites, then no owner invite carries a link', async () => {
    await invite('owner');
    const res = await t.api(`/v1/tenants/${t.demo.tenantId}/invites`, { token: adminToken });
    expect(res.status).toBe(200);
    for (const item of res.body.items.filter((i: { role: string }) => i.role === 'owner')) expect(item.invite_url ?? null).toBeNull();
  });

  it('when an admin manages an instructor invite, or the owner an owner invite, then it works', async () => {
    const instructor = await invite('instructor');
    expect((await t.api(`/v1/tenants/${t.demo.tenantId}/invites/${instructor.id}/resend`, { token: adminToken, method: 'POST' })).status).toBe(200);
    const owner = await invite('owner');
    expect((await t.api(`/v1/tenants/${t.demo.tenantId}/invites/${owner.id}`, { token: ownerToken, method: 'DELETE' })).status).toBe(200);
  });
});
