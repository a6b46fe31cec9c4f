import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOwner, createSignInLink } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const run = promisify(execFile);

describe('first owner in production (npm run admin -- create-owner)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { DEV_LOGIN: 'false' } }); });
  afterAll(() => t.close());

  it('when the operator creates an owner, then the one-time link signs them in once as owner of the new tenant', async () => {
    const { token, tenant } = await createOwner(t.db.db, { email: 'IT@School.example', tenant: 'Springfield High' });
    const first = await t.api('/v1/auth/sign-in-link', { body: { token } });
    expect(first.status).toBe(200);
    expect(first.body.user.email).toBe('it@school.example');
    expect(first.body.memberships).toEqual([expect.objectContaining({ role: 'owner', tenant: expect.objectContaining({ id: tenant.id, name: 'Springfield High' }) })]);
    const me = await t.api('/v1/me', { token: first.body.token, tenantId: tenant.id });
    expect(me.status).toBe(200);
    const again = await t.api('/v1/auth/sign-in-link', { body: { token } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('UNAUTHENTICATED');
    expect(again.body.error.message).toMatch(/used already or it expired/);
  });

  it('when run again for an existing tenant (by slug), then the same person gets a fresh link and no second tenant', async () => {
    const first = await createOwner(t.db.db, { email: 'dean@school.example', tenant: 'Riverside College' });
    const second = await createOwner(t.db.db, { email: 'dean@school.example', tenant: first.tenant.slug });
    expect(second.tenant.id).toBe(first.tenant.id);
    expect(second.isNewTenant).toBe(false);
    expect(second.token).not.toBe(first.token);
  });

  it('when a link has expired or was never issued, then it is refused the same way', async () => {
    const { user } = await createOwner(t.db.db, { email: 'late@school.example', tenant: 'Late School' });
    const { token } = await createSignInLink(t.db.db, { userId: user.id, tenantId: null, ttlSeconds: -1 });
    expect((await t.api('/v1/auth/sign-in-link', { body: { token } })).status).toBe(401);
    expect((await t.api('/v1/auth/sign-in-link', { body: { token: randomBytes(32).toString('base64url') } })).status).toBe(401);
    expect((await t.api('/v1/auth/sign-in-link', { body: { token: 'not a token' } })).status).toBe(400);
  });

  it('when dev login is off, then the demo sign-in is not there', async () => {
    expect((await t.api('/v1/auth/dev-login', { body: { persona: 'admin' } })).status).toBe(404);
  });

  it('when the operator runs the command with production settings, then it prints a portal link under PUBLIC_URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-admin-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-owner', '--email', 'ops@school.example', '--tenant', 'Ops School'], {
        env: {
          ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PUBLIC_URL: 'https://tutorgraph.school.example',
          APP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`, LTI_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent',
        },
        timeout: 120_000,
      });
      expect(stdout).toMatch(/ops@school\.example is the owner of "Ops School" \([0-9a-f-]{36}, created now\)/);
      expect(stdout).toMatch(/https:\/\/tutorgraph\.school\.example\/#signin=[A-Za-z0-9_-]{43}/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('when the command is misused, then it prints its usage and exits 64', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create-owner', '--email', 'x@y.z'], { env: process.env }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 64 });
    expect((result as { stderr: string }).stderr).toMatch(/usage: npm run admin -- create-owner/);
  }, 60_000);
});
