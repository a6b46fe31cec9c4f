import { FakeApi, errorBody, never, type FakeRequest, type FakeResponse } from './fake-api.js';
import * as data from './fixtures.js';
import type { QueryResponse } from '../src/api/api-types.js';

/**
 * A query handler answering with `reply`, as the server does for a question read as typed: `resolved_question`
 * is the question asked (the server always sends it; a fixed one would read as a follow-up rewritten).
 */
export const answering = (reply: QueryResponse) => (req: FakeRequest): FakeResponse =>
  ({ body: { ...reply, resolved_question: (req.body as { question: string }).question } });

/** The failure states every data-driven element must render. */
export const FAILURE_STATES = ['loading', 'error', 'offline', 'rate-limited', 'session-expired', 'forbidden', 'not-found'] as const;
export type FailureState = (typeof FAILURE_STATES)[number];

/**
 * The response a failure state needs, or null for "network down" (offline).
 *
 * @example
 * api.on('GET', '/v1/courses/:id/performance', failure('forbidden'))
 */
export function failure(state: FailureState): FakeResponse | (() => Promise<FakeResponse>) {
  switch (state) {
    case 'loading': return never;
    case 'error': return { status: 500, body: errorBody('INTERNAL', 'The server had a problem.') };
    case 'offline': return () => Promise.reject(new TypeError('Failed to fetch'));
    case 'rate-limited': return { status: 429, body: errorBody('RATE_LIMITED', 'Slow down'), headers: { 'Retry-After': '30' } };
    case 'session-expired': return { status: 401, body: errorBody('UNAUTHENTICATED', 'token expired') };
    case 'forbidden': return { status: 403, body: errorBody('FORBIDDEN', 'not a member') };
    case 'not-found': return { status: 404, body: errorBody('NOT_FOUND', 'no such course') };
  }
}

/**
 * A fake API that answers every route with the canned data (the "ready" state). Override routes after.
 *
 * @example
 * const api = happyApi().on('POST', '/v1/courses/:id/query', { body: data.notFoundReply }).install();
 */
export function happyApi(): FakeApi {
  const t = '/v1/tenants/:tenant';
  return new FakeApi()
    .on('POST', '/v1/courses/:id/query', answering(data.reply))
    .on('POST', '/v1/answers/:id/feedback', { body: { ok: true } })
    .on('GET', '/v1/courses/:id/performance', { body: data.performance })
    .on('GET', '/v1/courses/:id/attempts', { body: { items: data.attempts } })
    .on('POST', '/v1/courses/:id/quizzes', { body: data.quiz })
    .on('GET', '/v1/quizzes/:id', { body: data.quiz })
    .on('POST', '/v1/quizzes/:id/attempts', { body: data.attemptResult })
    .on('GET', '/v1/attempts/:id', { body: data.attemptResult })
    .on('GET', '/v1/me', { body: { user: { id: 'u1', email: 'ada@school.example', name: 'Ada' },
      memberships: [{ tenant: { id: data.TENANT, name: 'School', slug: 'school' }, role: 'owner' }], current_tenant_id: data.TENANT } })
    .on('GET', '/v1/courses/:id/documents', { body: { items: data.documents } })
    .on('POST', '/v1/courses/:id/documents', (req) => ({ status: 201, body: { ...data.documents[1], id: 'd-new', title: String((req.body as FormData).get?.('title') ?? 'new') } }))
    .on('POST', '/v1/documents/:id/:action', { body: { ok: true } })
    .on('DELETE', '/v1/documents/:id', { status: 204 })
    .on('GET', `${t}/members`, { body: { items: data.members } })
    .on('PATCH', `${t}/members/:user`, { body: { ok: true } })
    .on('DELETE', `${t}/members/:user`, { status: 204 })
    .on('GET', '/v1/courses', { body: { items: data.courses } })
    .on('GET', `${t}/invites`, { body: { items: data.invites } })
    .on('POST', `${t}/invites`, (req) => ({ status: 201, body: { id: 'i-new', status: 'pending', expires_at: '2026-12-10T00:00:00Z',
      invite_url: 'https://tg.example.edu/invite/new', ...(req.body as object) } }))
    .on('POST', `${t}/invites/:id/resend`, { body: { ok: true } })
    .on('DELETE', `${t}/invites/:id`, { status: 204 })
    .on('GET', `${t}/sso`, { body: data.sso })
    .on('PUT', `${t}/sso`, (req) => ({ body: req.body }))
    .on('GET', `${t}/audit`, { body: { items: data.audit, next_cursor: null } })
    .on('GET', `${t}/lti/registrations`, { body: { items: data.registrations } })
    .on('POST', `${t}/lti/registrations`, (req) => ({ status: 201, body: { id: 'l-new', ...(req.body as object) } }))
    .on('PATCH', `${t}/lti/registrations/:id`, (req) => ({ body: { id: req.params.id, ...(req.body as object) } }))
    .on('DELETE', `${t}/lti/registrations/:id`, { status: 204 })
    .on('GET', '/v1/courses/:id/analytics', { body: data.analytics })
    .on('GET', '/v1/courses/:id/lti/status', { body: data.lmsStatus })
    .on('POST', '/v1/courses/:id/lti/roster-sync', { status: 202, body: { job_id: 'j-sync', status: 'queued' } })
    .on('POST', '/v1/attempts/:id/lti-passback/retry', { status: 202, body: { job_id: 'j-retry' } });
}
