import { expect } from 'chai';
import { ApiClient } from './api-client.js';
import { ApiError, parseRetryAfter } from './api-error.js';
import { FakeApi, errorBody } from '../../test/fake-api.js';

describe('ApiClient', () => {
  let api: FakeApi;
  afterEach(() => api?.restore());

  it('when the server answers with the error model, then it throws a typed ApiError', async () => {
    api = new FakeApi().on('GET', '/v1/me', { status: 409, body: errorBody('CONFLICT', 'already there') }).install();
    const error = await new ApiClient({ apiBase: 'https://x.test' }).get('/me').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect(error).to.include({ code: 'CONFLICT', message: 'already there', status: 409, requestId: 'req-test-1' });
    expect((error as ApiError).kind).to.equal('error');
  });

  it('when a proxy answers 502 with HTML, then the code falls back from the status', async () => {
    api = new FakeApi().on('GET', '/v1/me', { status: 502, body: '<html>' }).install();
    const error = await new ApiClient({ apiBase: 'https://x.test/' }).get('/me').catch((e: unknown) => e) as ApiError;
    expect(error.code).to.equal('INTERNAL');
    expect(error.status).to.equal(502);
  });

  it('when 429 carries Retry-After, then retryAfterSeconds holds it', async () => {
    api = new FakeApi().on('GET', '/v1/me', { status: 429, body: errorBody('RATE_LIMITED'), headers: { 'Retry-After': '12' } }).install();
    const error = await new ApiClient({ apiBase: 'https://x.test' }).get('/me').catch((e: unknown) => e) as ApiError;
    expect(error.kind).to.equal('rate-limited');
    expect(error.retryAfterSeconds).to.equal(12);
  });

  it('when the network fails, then the error kind is offline', async () => {
    api = new FakeApi().install();
    api.isNetworkDown = true;
    const error = await new ApiClient({ apiBase: 'https://x.test' }).get('/me').catch((e: unknown) => e) as ApiError;
    expect(error.kind).to.equal('offline');
    expect(error.cause).to.be.instanceOf(TypeError);
  });

  it('when a request fails but the server still answers (CORS refused this origin), then the error names CORS_ORIGINS, not offline', async () => {
    api = new FakeApi().on('GET', '/v1/me', () => Promise.reject(new TypeError('Failed to fetch'))).on('GET', '/health', { status: 200, body: {} }).install();
    const error = await new ApiClient({ apiBase: 'https://x.test' }).get('/me').catch((e: unknown) => e) as ApiError;
    expect(error.code).to.equal('ORIGIN_REFUSED');
    expect(error.kind).to.equal('error');
    expect(error.message).to.equal("TutorGraph at https://x.test refused this page's origin — add it to CORS_ORIGINS.");
  });

  it('when uploading, then progress is reported and the JSON result returned', async () => {
    api = new FakeApi().on('POST', '/v1/courses/c1/documents', { status: 201, body: { id: 'd1' } }).install();
    const form = new FormData();
    form.append('file', new File(['x'.repeat(1000)], 'notes.md'));
    const seen: number[] = [];
    const doc = await new ApiClient({ apiBase: 'https://x.test', token: 't' }).upload<{ id: string }>('/courses/c1/documents', form, (loaded) => seen.push(loaded));
    expect(doc.id).to.equal('d1');
    expect(seen).to.deep.equal([500, 1000]);
    expect(api.calls[0]!.headers.Authorization).to.equal('Bearer t');
  });

  describe('token renewal', () => {
    const jwt = (iat: number, exp: number) => `h.${btoa(JSON.stringify({ iat: Math.floor(iat / 1000), exp: Math.floor(exp / 1000) })).replace(/=+$/, '')}.s`;

    it('when the token is inside its last quarter of life (at most a minute), then it is renewed before the request, which goes out with the new one', async () => {
      api = new FakeApi().on('GET', '/v1/me', { status: 200, body: {} }).install();
      const now = Date.now();
      let renewals = 0;
      const client = new ApiClient({
        apiBase: 'https://x.test', token: jwt(now - 3570_000, now + 30_000),
        refreshToken: () => { renewals += 1; return Promise.resolve('fresh'); },
      });
      await Promise.all([client.get('/me'), client.get('/me')]);
      expect(renewals).to.equal(1);
      expect(api.calls.map((c) => c.headers.Authorization)).to.deep.equal(['Bearer fresh', 'Bearer fresh']);
    });

    it('when the token has most of its life left, then no renewal: the request goes out with it', async () => {
      api = new FakeApi().on('GET', '/v1/me', { status: 200, body: {} }).install();
      const now = Date.now();
      const token = jwt(now - 60_000, now + 3540_000);
      let renewals = 0;
      await new ApiClient({ apiBase: 'https://x.test', token, refreshToken: () => { renewals += 1; return Promise.resolve('fresh'); } }).get('/me');
      expect(renewals).to.equal(0);
      expect(api.calls[0]!.headers.Authorization).to.equal(`Bearer ${token}`);
    });

    it('when the renewal ahead of expiry is refused, then the request still goes out with the current token and renewal is not asked again for it', async () => {
      api = new FakeApi().on('GET', '/v1/me', { status: 200, body: {} }).install();
      const now = Date.now();
      const token = jwt(now - 3590_000, now + 10_000);
      let renewals = 0;
      const client = new ApiClient({ apiBase: 'https://x.test', token, refreshToken: () => { renewals += 1; return Promise.resolve(null); } });
      await client.get('/me');
      await client.get('/me');
      expect(renewals).to.equal(1);
      expect(api.calls.map((c) => c.headers.Authorization)).to.deep.equal([`Bearer ${token}`, `Bearer ${token}`]);
    });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).to.equal(7);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).to.equal(10);
    expect(parseRetryAfter(null)).to.equal(1);
  });
});
