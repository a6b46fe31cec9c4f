import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createTenantAObjects, idFor, type TenantAObjects } from './isolation-fixtures.js';
import { sampleFromSchema } from './helpers/sample-from-schema.js';

type Role = 'owner' | 'admin' | 'instructor' | 'learner';
const ROLES: Role[] = ['owner', 'admin', 'instructor', 'learner'];
/** Routes that only admins and owners may use (learners must get 403 in their own tenant). */
const ADMIN_TAGS = new Set(['members', 'invites', 'sso', 'audit', 'lti', 'analytics']); // the tags routes really carry (the LTI routes are tagged 'lti'; the course console's 'analytics')

/**
 * The tenant-isolation matrix: every /v1 route with an id in its path, called by each role of tenant B with
 * tenant A's ids, must answer 403 or 404 and leak nothing. Routes come from the app's own registry, so a new
 * route is covered without editing this file (its id kind needs a fixture in isolation-fixtures.ts).
 */
describe('tenant isolation matrix', () => {
  let t: TestApp;
  let a: TenantAObjects;
  const tokensB = {} as Record<Role, string>;
  let learnerA: string;
  let openapi: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>; components?: unknown };
  const results: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const ownerA = await t.login('admin');
    learnerA = await t.login('learner');
    a = await createTenantAObjects(t.db.db, t.demo.users.admin, t.demo.users.learner, t.demo.tenantId);
    const ownerB = await t.login({ email: 'owner@tenant-b.test' });
    const tenantB = (await t.api('/v1/tenants', { token: ownerB, body: { name: 'Tenant B' } })).body.id as string;
    tokensB.owner = ownerB;
    for (const role of ['admin', 'instructor', 'learner'] as const) {
      const email = `${role}@tenant-b.test`;
      const invite = await t.api(`/v1/tenants/${tenantB}/invites`, { token: ownerB, body: { email, role } });
      const token = await t.login({ email });
      const accepted = await t.api(`/v1/invites/${invite.body.invite_url.split('/invite/')[1]}/accept`, { token, body: {} });
      expect(accepted.status).toBe(200);
      tokensB[role] = accepted.body.token;
    }
    openapi = (await t.api('/openapi.json')).body;
    expect(ownerA).toBeTruthy();
  });
  afterAll(async () => {
    console.log(`[isolation] ${results.length} route×role checks: ${results.filter((r) => r.endsWith('ok')).length} ok`);
    await t.close();
  });

  const bodyFor = (method: string, path: string) => {
    const op = openapi.paths[`/v1${path.replace(/:(\w+)/g, '{$1}')}`]?.[method];
    const schema = op?.requestBody?.content['application/json']?.schema;
    return schema ? sampleFromSchema(schema, openapi) : method === 'get' || method === 'delete' ? undefined : {};
  };

  const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => {
    const id = idFor(a, path, name);
    if (!id) throw new Error(`No tenant-A fixture for ":${name}" in ${path}: add one to isolation-fixtures.ts`);
    return id;
  });

  it('when tenant B (each role) asks for tenant A objects by id, then 403 or 404 and no data', async () => {
    const routes = t.app.routes.filter((r) => r.auth === 'user' && r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      for (const role of ROLES) {
        const url = `/v1${fill(route.path)}`;
        const res = await t.api(url, { token: tokensB[role], method: route.method.toUpperCase(), body: bodyFor(route.method, route.path) });
        const label = `${route.method.toUpperCase()} ${route.path} as B-${role}`;
        expect([403, 404], `${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
        // An id the caller sent may be echoed in an error; anything else of tenant A's may not appear.
        for (const secret of a.secrets.filter((x) => !url.includes(x))) expect(JSON.stringify(res.body), `${label} leaked ${secret}`).not.toContain(secret);
        results.push(`${label} ${res.status} ok`);
      }
    }
  });

  it('when tenant B members point X-Tenant-Id at tenant A, then 403 on every tenant-scoped route', async () => {
    const routes = t.app.routes.filter((r) => r.auth === 'user' && r.tenant === 'token' && !r.path.includes(':'));
    for (const route of routes) {
      for (const role of ROLES) {
        const res = await t.api(`/v1${route.path}`, { token: tokensB[role], tenantId: a.tenantId, method: route.method.toUpperCase(), body: bodyFor(route.method, route.path) });
        expect(res.status, `${route.method} ${route.path} as B-${role}`).toBe(403);
        results.push(`${route.method.toUpperCase()} ${route.path} X-Tenant-Id=A as B-${role} ${res.status} ok`);
      }
    }
  });

  it('when a learner of tenant A calls admin routes of their own tenant, then 403', async () => {
    const routes = t.app.routes.filter((r) => r.auth === 'user' && r.tenant !== 'none' && r.tags.some((tag) => ADMIN_TAGS.has(tag)));
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const path = fill(route.path).replace(a.memberId, a.ownerId); // act on someone else, never on themselves
      const res = await t.api(`/v1${path}`, { token: learnerA, method: route.method.toUpperCase(), body: bodyFor(route.method, route.path) });
      expect(res.status, `${route.method} ${route.path} as A-learner → ${JSON.stringify(res.body).slice(0, 160)}`).toBe(403);
      results.push(`${route.method.toUpperCase()} ${route.path} as A-learner 403 ok`);
    }
  });

  // Last: it calls sign-in and token routes as tenant B, which must not disturb the checks above.
  it('when each role of tenant B calls every route of /openapi.json, then every route is in the matrix and none leaks tenant A', async () => {
    const keyOf = (method: string, path: string) => `${method.toUpperCase()} /v1${path.replace(/:(\w+)/g, '{$1}')}`;
    const operations = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = new Set(t.app.routes.map((r) => keyOf(r.method, r.path)));
    expect(operations.filter((op) => !registered.has(op)), 'operations in /openapi.json that no registered route serves').toEqual([]);
    // The first two checks above cover user routes with an id or a tenant from the token; these are the rest
    // (public routes, and user routes outside any tenant): no 5xx, and nothing of tenant A in the answer.
    const inMatrix = (r: (typeof t.app.routes)[number]) => r.auth === 'user' && (r.path.includes(':') || r.tenant === 'token');
    const rest = t.app.routes.filter((r) => !inMatrix(r));
    for (const route of rest) {
      for (const role of ROLES) {
        const url = `/v1${route.path.replace(/:(\w+)/g, () => randomUUID())}`;
        const res = await t.api(url, { token: tokensB[role], method: route.method.toUpperCase(), body: bodyFor(route.method, route.path) });
        const label = `${route.method.toUpperCase()} ${route.path} as B-${role}`;
        expect(res.status, `${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
        // Dev login signs in as a persona of the demo tenant (tenant A here) by design; it is off in production.
        if (!(route.method === 'post' && route.path === '/auth/dev-login')) {
          for (const secret of a.secrets) expect(JSON.stringify(res.body), `${label} leaked ${secret}`).not.toContain(secret);
        }
        results.push(`${label} ${res.status} ok`);
      }
    }
    console.log(`[isolation] ${operations.length} operations in /openapi.json × ${ROLES.length} roles of tenant B: all in the matrix (${rest.length} public or tenant-less)`);
  });
});
