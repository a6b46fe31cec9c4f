import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '@tutorgraph/core';
import { startDemoApp, type DemoApp } from '../../scripts/demo-app.js';
import { createTestDatabase } from '../../test-support/test-db.js';
import { testConfig } from './helpers/test-app.js';

/**
 * The teacher's course console API (issue #19) on the real demo seed (both courses ingested through the real
 * upload path, past attempts and questions asked through the real use cases): instructors get the numbers,
 * learners get 403.
 */
let app: DemoApp;
let courseId: string;
const tokens: Record<string, string> = {};

async function call(path: string, init: { token: string; method?: string; body?: unknown }) {
  const res = await fetch(`${app.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${init.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* CSV */ }
  return { status: res.status, body, headers: res.headers };
}

beforeAll(async () => {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_MODE: 'true' });
  const database = await createTestDatabase();
  await seedDemoTenant(database.db);
  app = await startDemoApp(config, { seed: true, database });
  for (const persona of ['instructor', 'learner', 'admin']) {
    const res = await fetch(`${app.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona }) });
    tokens[persona] = ((await res.json()) as { token: string }).token;
  }
  courseId = app.demo?.courses.find((c) => c.title.startsWith('Psychology'))?.id ?? '';
}, 600_000);
afterAll(async () => { await app?.close(); });

describe('course console API (demo seed)', () => {
  it('when the instructor opens class mastery, then every learner has a row per topic and the two who practised differ', async () => {
    const res = await call(`/v1/courses/${courseId}/analytics`, { token: tokens.instructor as string });
    expect(res.status).toBe(200);
    expect(res.body.learners_total).toBeGreaterThanOrEqual(3);
    const started = res.body.learners.filter((l: { mastery: number | null }) => l.mastery !== null);
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(new Set(started.map((l: { mastery: number }) => l.mastery)).size).toBeGreaterThan(1);
    expect(res.body.not_started.map((l: { name: string }) => l.name)).toContain('Lia Moreau');
    for (const l of res.body.learners) expect(l.topics).toHaveLength(res.body.topics.length);
    expect(res.body.distribution.reduce((s: number, b: { learners: number }) => s + b.learners, 0)).toBe(started.length);
    expect(res.body.questions_asked).toBeGreaterThanOrEqual(5);
  });

  it('when the instructor drills into a learner, then per-topic mastery with uncertainty, attempts and questions', async () => {
    const list = await call(`/v1/courses/${courseId}/analytics`, { token: tokens.instructor as string });
    const lena = list.body.learners.find((l: { attempts: number }) => l.attempts > 0);
    const res = await call(`/v1/courses/${courseId}/analytics/learners/${lena.user_id}`, { token: tokens.instructor as string });
    expect(res.status).toBe(200);
    expect(res.body.course.uncertainty).toBeGreaterThan(0);
    expect(res.body.attempts.length).toBe(lena.attempts);
    expect(res.body.questions.length).toBe(lena.questions);
    expect(res.body.topics.some((t: { mastery: number | null }) => t.mastery !== null)).toBe(true);
  });

  it('when the instructor filters the question log by not answered, then only refused questions, each with feedback counts', async () => {
    const all = await call(`/v1/courses/${courseId}/analytics/questions`, { token: tokens.instructor as string });
    expect(all.status).toBe(200);
    const unanswered = await call(`/v1/courses/${courseId}/analytics/questions?answered=false`, { token: tokens.instructor as string });
    expect(unanswered.body.items.length).toBeGreaterThan(0);
    expect(unanswered.body.items.length).toBeLessThan(all.body.items.length);
    for (const q of unanswered.body.items) { expect(q.answered).not.toBe(true); expect(q.feedback).toHaveProperty('helpful'); }
    const today = new Date().toISOString().slice(0, 10);
    const dated = await call(`/v1/courses/${courseId}/analytics/questions?from=${today}&to=${today}`, { token: tokens.instructor as string });
    expect(dated.body.items.length).toBe(all.body.items.length);
    const old = await call(`/v1/courses/${courseId}/analytics/questions?to=2000-01-01`, { token: tokens.instructor as string });
    expect(old.body.items).toHaveLength(0);
  });

  it('when the instructor opens the gap report, then unanswered questions are clustered and ranked by distinct learners', async () => {
    const res = await call(`/v1/courses/${courseId}/analytics/gaps`, { token: tokens.instructor as string });
    expect(res.status).toBe(200);
    expect(res.body.unanswered_total).toBeGreaterThan(0);
    const learners = res.body.clusters.map((c: { learners: number }) => c.learners);
    expect(learners).toEqual([...learners].sort((a, b) => b - a));
    expect(res.body.clusters.reduce((s: number, c: { questions: number }) => s + c.questions, 0)).toBe(res.body.unanswered_total);
  });

  it('when the instructor reviews items, then each has a key, a cited passage and statistics from the seeded attempts', async () => {
    const res = await call(`/v1/courses/${courseId}/analytics/items`, { token: tokens.instructor as string });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const answered = res.body.items.filter((i: { stats: { answered: number } }) => i.stats.answered > 0);
    expect(answered.length).toBeGreaterThan(0);
    for (const item of answered) expect(item.stats.p_value).toBe(item.stats.correct / item.stats.answered);
    expect(res.body.items.every((i: { key: string; checks: unknown[] }) => i.key.length > 0 && i.checks.length > 0)).toBe(true);
    expect(res.body.items.some((i: { passages: unknown[] }) => i.passages.length > 0)).toBe(true);
  });

  it('when the instructor retires an item, then it is marked retired and no new quiz serves it', async () => {
    const before = await call(`/v1/courses/${courseId}/analytics/items`, { token: tokens.instructor as string });
    const retired = before.body.items.slice(0, 5);
    for (const item of retired) {
      const res = await call(`/v1/courses/${courseId}/analytics/items/${item.item_key}`, { token: tokens.instructor as string, method: 'PATCH', body: { status: 'retired' } });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('retired');
    }
    const prompts = new Set(retired.map((i: { prompt: string }) => i.prompt));
    for (let n = 0; n < 3; n += 1) {
      const quiz = await call(`/v1/courses/${courseId}/quizzes`, { token: tokens.learner as string, body: { num_questions: 5 } });
      expect(quiz.status).toBe(201);
      for (const q of quiz.body.questions) expect(prompts.has(q.prompt), q.prompt).toBe(false);
    }
  });

  it('when the instructor exports mastery and grades, then CSV with one row per learner / a header', async () => {
    const mastery = await call(`/v1/courses/${courseId}/analytics/export?kind=mastery`, { token: tokens.instructor as string });
    expect(mastery.status).toBe(200);
    expect(mastery.headers.get('content-type')).toContain('text/csv');
    const lines = String(mastery.body).trim().split('\r\n');
    expect(lines[0]).toContain('course_mastery');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const grades = await call(`/v1/courses/${courseId}/analytics/export?kind=grades`, { token: tokens.instructor as string });
    expect(grades.status).toBe(200);
    expect(String(grades.body)).toContain('grade_policy');
    const roster = await call(`/v1/courses/${courseId}/analytics/roster`, { token: tokens.instructor as string });
    expect(roster.status).toBe(200);
    expect(roster.body.items.some((r: { last_active_at: string | null }) => r.last_active_at !== null)).toBe(true);
    const placements = await call(`/v1/courses/${courseId}/analytics/grades`, { token: tokens.admin as string });
    expect(placements.status).toBe(200);
  });

  it('when a learner of the course calls any console route, then 403', async () => {
    const learnerId = (await call(`/v1/courses/${courseId}/analytics`, { token: tokens.instructor as string })).body.learners[0].user_id;
    const paths = ['analytics', `analytics/learners/${learnerId}`, 'analytics/questions', 'analytics/gaps', 'analytics/items', 'analytics/grades',
      'analytics/roster', 'analytics/export?kind=mastery'];
    for (const path of paths) {
      const res = await call(`/v1/courses/${courseId}/${path}`, { token: tokens.learner as string });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const patch = await call(`/v1/courses/${courseId}/analytics/items/0123456789abcdef`, { token: tokens.learner as string, method: 'PATCH', body: { status: 'retired' } });
    expect(patch.status).toBe(403);
  });
});
