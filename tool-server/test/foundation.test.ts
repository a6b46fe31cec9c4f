import SwaggerParser from '@apidevtools/swagger-parser';
import { AppError } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('HTTP shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { BODY_LIMIT_BYTES: '2048', RATE_LIMIT_LOGIN_PER_MINUTE: '3' },
      extensions: [(app) => {
        app.get('/test/boom', () => { throw new Error('secret database password in stack'); });
        app.get('/test/app-error', () => { throw new AppError('CONFLICT', 'already there', { thing: 1 }); });
      }],
    });
  });
  afterAll(() => t.close());

  it('when /health is asked, then it reports ok with the backend names', async () => {
    const res = await t.api('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, db: 'pglite', version: expect.any(String), checks: { db: 'ok' } });
    expect(res.body.uptime_ms).toBeGreaterThanOrEqual(0);
  });

  it('when /version is asked, then it names the version and node', async () => {
    const res = await t.api('/version');
    expect(res.body).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.version });
  });

  it('when a route does not exist, then 404 comes in the error model', async () => {
    const res = await t.api('/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /v1/nope', request_id: expect.any(String) } });
  });

  it('when the body is not valid JSON, then 400 INVALID_ARGUMENT', async () => {
    const res = await t.api('/v1/auth/dev-login', { body: '{"persona": ', headers: { 'x-request-id': 'req-json-1' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', request_id: 'req-json-1' });
  });

  it('when the body fails the contract, then 400 lists the fields', async () => {
    const res = await t.api('/v1/auth/dev-login', { body: { persona: 'wizard' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('persona');
  });

  it('when the body is over the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.api('/v1/auth/dev-login', { body: { persona: 'admin', pad: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when a handler throws an unknown error, then 500 INTERNAL without the stack or message', async () => {
    const res = await t.api('/test/boom');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(res.body)).not.toMatch(/secret|stack|at /);
  });

  it('when a domain error is thrown, then its code maps to the status from the one table', async () => {
    const res = await t.api('/test/app-error');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: 'already there', details: { thing: 1 } });
  });

  it('when a request id comes in, then the same id goes out; otherwise one is made', async () => {
    const given = await t.api('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await t.api('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the login limit is exceeded, then 429 RATE_LIMITED with Retry-After', async () => {
    let last = await t.api('/v1/auth/dev-login', { body: { persona: 'learner' } });
    for (let i = 0; i < 4 && last.status !== 429; i += 1) last = await t.api('/v1/auth/dev-login', { body: { persona: 'learner' } });
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when framed, then CSP frame-ancestors is set and X-Frame-Options is not', async () => {
    const res = await t.api('/health');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('when /openapi.json is fetched, then it is a valid OpenAPI 3.1 document covering every /v1 route', async () => {
    const res = await t.api('/openapi.json');
    expect(res.status).toBe(200);
    const document = structuredClone(res.body);
    await expect(SwaggerParser.validate(document)).resolves.toBeTruthy();
    const paths = Object.keys(res.body.paths);
    for (const route of t.app.routes) expect(paths).toContain(`/v1${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(res.body.paths['/v1/courses/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });
});

describe('dev login switch', () => {
  it('when DEV_LOGIN is not enabled, then the route answers 404', async () => {
    const t = await startTestApp({ env: { DEV_LOGIN: 'false' } });
    try {
      const res = await t.api('/v1/auth/dev-login', { body: { persona: 'admin' } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});
