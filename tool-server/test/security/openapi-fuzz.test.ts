import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountLti } from '../../src/lti/lti.extension.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { sampleFromSchema } from '../helpers/sample-from-schema.js';
import { createTenantAObjects, idFor, type TenantAObjects } from '../isolation-fixtures.js';

// Issue #15 finding 15 and "done means": every route in /openapi.json, fed malformed bodies, params and
// headers by its own tenant's owner, answers with a 4xx or 2xx — never a 500.
type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema?: unknown }> } };
let t: TestApp;
let owner: string;
let objects: TenantAObjects;
let openapi: { paths: Record<string, Record<string, Operation>> };
const failures: string[] = [];
let requests = 0;

beforeAll(async () => {
  // A queue that accepts jobs and runs none: the fuzz pass is about requests, not the work they queue.
  // The test app's default job queue is never started: uploads stay queued.
  t = await startTestApp({ extensions: [mountLti] });
  owner = await t.login('admin');
  objects = await createTenantAObjects(t.db.db, t.demo.users.admin, t.demo.users.learner, t.demo.tenantId);
  openapi = (await t.api('/openapi.json')).body;
});
afterAll(async () => {
  console.log(`[fuzz] ${requests} malformed requests, ${failures.length} answered 500`);
  await t?.close();
});

const NUL = 'a\u0000b';
const mapStrings = (value: unknown, replace: (s: string) => unknown): unknown => {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)]));
  return value;
};
const malformedIds = ['not-a-uuid', '%00', encodeURIComponent('a\u0000b'), '00000000-0000-0000-0000-000000000000', 'x'.repeat(3000), '..%2F..%2Fetc%2Fpasswd'];

async function send(label: string, url: string, init: RequestInit) {
  requests += 1;
  const status = await fetch(`${t.baseUrl}${url}`, init).then((res) => res.status, (error: unknown) => {
    failures.push(`${label}: request failed ${String(error)}`);
    return 0;
  });
  if (status >= 500) failures.push(`${label} → ${status}`);
}

describe('fuzzing every documented route', () => {
  it('when each route gets malformed bodies, params and headers, then no answer is a 500', async () => {
    const headers = { authorization: `Bearer ${owner}` };
    for (const [template, operations] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const verb = method.toUpperCase();
        const path = template.replace(/^\/v1/, '');
        const withIds = (pick: (name: string) => string) => `/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => pick(name))}`;
        const good = withIds((name) => idFor(objects, path.replace(/\{(\w+)\}/g, ':$1'), name) ?? 'not-a-fixture');
        const jsonSchema = operation.requestBody?.content['application/json']?.schema;
        const sample = jsonSchema ? sampleFromSchema(jsonSchema, openapi) : {};
        const hasBody = verb !== 'GET' && verb !== 'DELETE';
        const label = (what: string) => `${verb} ${template} ${what}`;

        // Path parameters that are not what the route expects.
        if (template.includes('{')) {
          for (const bad of malformedIds) await send(label(`param=${bad.slice(0, 20)}`), withIds(() => bad), { method: verb, headers: { ...headers, 'content-type': 'application/json' }, ...(hasBody ? { body: JSON.stringify(sample) } : {}) });
        }
        // Query parameters with malformed values.
        const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        for (const bad of ['not-a-uuid', '-1', '1e309', '%00', 'x'.repeat(3000)]) {
          if (query.length === 0) break;
          await send(label(`query=${bad.slice(0, 10)}`), `${good}?${query.map((q) => `${q}=${bad}`).join('&')}`, { method: verb, headers });
        }
        // Headers: a bogus tenant, a bogus token, a body that claims gzip.
        await send(label('x-tenant-id=garbage'), good, { method: verb, headers: { ...headers, 'x-tenant-id': 'not-a-uuid' } });
        await send(label('bearer=garbage'), good, { method: verb, headers: { authorization: 'Bearer a.b.c' } });
        if (!hasBody) continue;
        const bodies: [string, string, string][] = [
          ['invalid json', '{', 'application/json'],
          ['null', 'null', 'application/json'],
          ['array', '[]', 'application/json'],
          ['string', '"x"', 'application/json'],
          ['NUL in every string', JSON.stringify(mapStrings(sample, () => NUL)), 'application/json'],
          ['CR/NUL in every string', JSON.stringify(mapStrings(sample, () => 'a\r\n\u0000.md')), 'application/json'],
          ['long strings', JSON.stringify(mapStrings(sample, () => 'x'.repeat(20_000))), 'application/json'],
          ['objects for strings', JSON.stringify(mapStrings(sample, () => ({ $gt: '' }))), 'application/json'],
          ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
          ['text/plain', 'hello', 'text/plain'],
          ['multipart without boundary', '--x\r\n', 'multipart/form-data'],
          ['broken multipart', '--b\r\nContent-Disposition: form-data; name="file"; filename="a\u0000\r.md"\r\n\r\nhi', 'multipart/form-data; boundary=b'],
        ];
        for (const [what, body, type] of bodies) await send(label(what), good, { method: verb, headers: { ...headers, 'content-type': type }, body });
        await send(label('bogus gzip'), good, { method: verb, headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: JSON.stringify(sample) });
      }
    }
    expect(requests).toBeGreaterThan(300);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});
