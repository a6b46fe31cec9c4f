import { createLocalHashEmbeddings, replaceDocumentChunks, upsertMembership } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../core/test/quiz/fixtures/markdown-course.js';
import { saveMasteryState } from '../../core/src/domain/mastery/mastery.repository.js';
import { emptyCourseMastery, summariseCourseMastery, TIER_DIFFICULTY, type Tier } from '../../core/src/domain/mastery/index.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

type Answer = string | number | boolean | null;

describe('adaptive quizzes API', () => {
  let t: TestApp;
  let instructor: string;
  let courseId: string;
  let otherCourseId: string;
  const graded: unknown[] = [];

  /** Creates a course through the API and indexes demo-course files into it (chunks, topics, embeddings). */
  async function seedCourse(title: string, files: string[]): Promise<string> {
    const course = await t.api('/v1/courses', { token: instructor, body: { title } });
    expect(course.status).toBe(201);
    const embeddings = createLocalHashEmbeddings(64);
    for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR, false).filter((d) => files.includes(d.file))) {
      const row = await t.deps.db.insertInto('documents').values({
        tenant_id: t.demo.tenantId, course_id: course.body.id, title: doc.title, format: 'markdown', media_type: 'text/markdown',
        byte_size: 1, status: 'succeeded',
      }).returning('id').executeTakeFirstOrThrow();
      await replaceDocumentChunks(t.deps.db, {
        tenantId: t.demo.tenantId, courseId: course.body.id, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
        embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
      });
    }
    return course.body.id as string;
  }

  /** A new learner of the demo tenant, enrolled in the given courses; returns their token and id. */
  async function newLearner(name: string, courses: string[]): Promise<{ token: string; userId: string }> {
    const first = await t.login({ email: `${name}@demo.tutorgraph.test` });
    const me = await t.api('/v1/me', { token: first });
    await upsertMembership(t.deps.db, t.demo.tenantId, me.body.user.id, 'learner');
    const token = await t.login({ email: `${name}@demo.tutorgraph.test` });
    for (const id of courses) {
      const res = await t.api(`/v1/courses/${id}/members`, { token: instructor, body: { user_id: me.body.user.id, role: 'learner' } });
      expect(res.status).toBe(201);
    }
    return { token, userId: me.body.user.id as string };
  }

  /** The answer key, read from the database (the API never shows it before an attempt). */
  async function answerKey(quizId: string) {
    return t.deps.db.selectFrom('quiz_questions').select(['id', 'type', 'answer', 'choices', 'topic_id']).where('quiz_id', '=', quizId).orderBy('position').execute();
  }

  async function attempt(token: string, quizId: string, mode: 'right' | 'wrong') {
    const answers = (await answerKey(quizId)).map((q) => {
      const key = q.answer as { kind: string; index?: number; value?: boolean; text?: string };
      let answer: Answer;
      if (key.kind === 'choice') answer = mode === 'right' ? (key.index as number) : ((key.index as number) + 1) % q.choices.length;
      else if (key.kind === 'boolean') answer = mode === 'right' ? key.value as boolean : !key.value;
      else answer = mode === 'right' ? key.text as string : 'no idea';
      return { question_id: q.id, answer };
    });
    return t.api(`/v1/quizzes/${quizId}/attempts`, { token, body: { answers } });
  }

  beforeAll(async () => {
    t = await startTestApp({ services: { onAttemptGraded: async (attempt: unknown) => { graded.push(attempt); } } });
    instructor = await t.login('instructor');
    courseId = await seedCourse('Learning', ['03-6-2-classical-conditioning.md', '04-6-3-operant-conditioning.md']);
    otherCourseId = await seedCourse('Memory', ['09-8-3-problems-with-memory.md']);
  }, 180_000);
  afterAll(() => t.close());

  it('when a new learner asks for a quiz, then it is tier 1, cites the course, and shows no answers', async () => {
    const { token } = await newLearner('fresh', [courseId]);
    const res = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tier: 1, status: 'ready', course_id: courseId, generator: 'local-terms-v1' });
    expect(res.body.questions).toHaveLength(5);
    for (const q of res.body.questions) {
      expect(Object.keys(q).sort()).toEqual(['choices', 'id', 'position', 'prompt', 'tier', 'topic', 'type']);
      expect(q.topic).toEqual({ id: expect.any(String), title: expect.any(String) });
    }
    const key = await answerKey(res.body.id);
    expect(key.every((q) => q.topic_id)).toBe(true);
    const again = await t.api(`/v1/quizzes/${res.body.id}`, { token });
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).not.toMatch(/"answer"|explanation/);
  });

  it('when the learner\'s mastery sits at each tier, then the generated quiz has that tier and its questions match it', async () => {
    for (const tier of [1, 2, 3, 4] as const) {
      const { token, userId } = await newLearner(`tier${tier}`, [courseId]);
      // A belief whose 75%-success tier is `tier` (the model's target), written as stored mastery.
      const state = { ...emptyCourseMastery(), course: { mu: TIER_DIFFICULTY[tier as Tier] + Math.log(3), variance: 0.1, evidence: 20, correct: 15 } };
      await saveMasteryState(t.deps.db, { tenantId: t.demo.tenantId, courseId, userId }, state, summariseCourseMastery(state));
      const res = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 4 } });
      expect(res.status).toBe(201);
      expect(res.body.tier).toBe(tier);
      const tiers = res.body.questions.map((q: { tier: number }) => q.tier);
      expect(tiers.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...tiers)).toBeLessThanOrEqual(tier);
      expect(tiers.filter((x: number) => x === tier).length).toBeGreaterThanOrEqual(Math.ceil(tiers.length / 2));
    }
  });

  it('when every answer is right, then the attempt scores full marks with cited explanations and raises mastery', async () => {
    const { token } = await newLearner('ace', [courseId]);
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5 } });
    const res = await attempt(token, quiz.body.id, 'right');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ score: 5, max_score: 5, percent: 100, weak_topics: [], tier: 1 });
    for (const r of res.body.results) {
      expect(r.correct).toBe(true);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(r.citations.length).toBeGreaterThan(0);
      expect(r.citations[0]).toMatchObject({ document_title: expect.stringMatching(/Conditioning/), snippet: expect.any(String) });
      expect(r.citations[0].snippet.length).toBeGreaterThan(20);
      expect(r.citations[0].location.heading_path.length).toBeGreaterThan(0);
    }
    expect(res.body.mastery.course).toBeGreaterThan(55);
    expect(res.body.mastery.topics.length).toBeGreaterThan(0);
    expect(graded.at(-1)).toMatchObject({ attemptId: res.body.attempt_id, courseId, score: 5, maxScore: 5 });
  });

  it('when answers are wrong, then the results show the right answers and the missed topics are weak', async () => {
    const { token } = await newLearner('struggler', [courseId]);
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 4 } });
    const res = await attempt(token, quiz.body.id, 'wrong');
    expect(res.status).toBe(201);
    expect(res.body.score).toBe(0);
    const key = await answerKey(quiz.body.id);
    const topics = new Set(key.map((q) => q.topic_id));
    expect(res.body.weak_topics.map((w: { topic_id: string }) => w.topic_id).sort()).toEqual([...topics].sort());
    for (const w of res.body.weak_topics) expect(w).toMatchObject({ correct: 0, title: expect.any(String) });
    for (const r of res.body.results) expect(r).toMatchObject({ correct: false, correct_answer: expect.any(String) });
    expect(res.body.mastery.course).toBeLessThan(45);
    expect(res.body.next_tier).toBe(1);
  });

  it('when a learner submits a graded quiz again, then it is refused and the first attempt is the one listed', async () => {
    const { token } = await newLearner('again', [courseId]);
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 3 } });
    const first = await attempt(token, quiz.body.id, 'wrong');
    const second = await attempt(token, quiz.body.id, 'right');
    expect([first.status, second.status]).toEqual([201, 409]);
    expect(second.body.error.details).toEqual({ attempt_id: first.body.attempt_id });
    const byQuiz = await t.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token });
    expect(byQuiz.body.items.map((a: { id: string }) => a.id)).toEqual([first.body.attempt_id]);
    const byCourse = await t.api(`/v1/courses/${courseId}/attempts?user=me`, { token });
    expect(byCourse.body.items).toHaveLength(1);
    expect(byCourse.body.items[0]).toMatchObject({ quiz_id: quiz.body.id, score: 0, max_score: 3, percent: 0 });
  });

  it('when two attempts at one quiz arrive at once, then one is graded and counts towards mastery, the other is refused', async () => {
    const { token } = await newLearner('twotabs', [courseId]);
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 3 } });
    const [a, b] = await Promise.all([attempt(token, quiz.body.id, 'right'), attempt(token, quiz.body.id, 'wrong')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((await t.api(`/v1/courses/${courseId}/performance`, { token })).body.evidence).toBe(3);
    expect((a.status === 201 ? a : b).body.results[0].citations[0].location.heading).toContain(' › ');
  });

  it('when a short answer has a typo or extra words, then it is still right; a different term is wrong', async () => {
    const { token } = await newLearner('writer', [courseId]);
    // A quiz is submitted once: each answer goes to a fresh quiz's first short-answer question.
    const submit = async (answerFor: (key: string) => string) => {
      for (let i = 0; i < 6; i += 1) {
        const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5 } });
        const question = (await answerKey(quiz.body.id)).find((q) => q.type === 'short_answer') as { id: string; answer: { text: string } } | undefined;
        if (!question) continue;
        const answer = answerFor(question.answer.text);
        const res = await t.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token, body: { answers: [{ question_id: question.id, answer }] } });
        return { key: question.answer.text, correct: res.body.results.find((r: { question_id: string }) => r.question_id === question.id).correct as boolean };
      }
      throw new Error('no short-answer question in six quizzes');
    };
    const extra = await submit((text) => `It is the ${text.toUpperCase()}.`);
    expect(extra.correct, `key "${extra.key}" answered with extra words`).toBe(true);
    const typo = await submit((text) => `${text.slice(0, -2)}${text.at(-1)}`);
    // The typo drops the second-last letter; it is one only when the key ends in a word of four letters or more
    // ("conditioned stimulus (CS)" would become "… (C)", another word).
    if (typo.key.length >= 8 && /\p{L}{4,}$/u.test(typo.key)) expect(typo.correct, `key "${typo.key}" answered with a typo`).toBe(true);
    // A different term: one sharing no word with the key (a key "extinction" is rightly found in "operant extinction schedule").
    const otherTerm = (key: string) => ['operant extinction schedule', 'semantic memory encoding'].find((t) => !t.split(' ').some((w) => key.toLowerCase().includes(w.slice(0, 5)))) ?? 'photosynthesis';
    const other = await submit((key) => otherTerm(key));
    expect(other.correct, `key "${other.key}" answered with "${otherTerm(other.key)}"`).toBe(false);
  });

  it('when a learner keeps answering right, then the tier climbs; when they then keep failing, it falls', async () => {
    const { token } = await newLearner('climber', [courseId]);
    const tiers: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5 } });
      tiers.push(quiz.body.tier);
      const res = await attempt(token, quiz.body.id, 'right');
      expect(res.body.next_tier).toBeGreaterThanOrEqual(quiz.body.tier);
    }
    const peak = (await t.api(`/v1/courses/${courseId}/performance`, { token })).body.tier;
    expect(tiers[0]).toBe(1);
    expect(peak).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i += 1) {
      const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5 } });
      await attempt(token, quiz.body.id, 'wrong');
    }
    const after = (await t.api(`/v1/courses/${courseId}/performance`, { token })).body;
    expect(after.tier).toBeLessThan(peak);
    expect(after.recent_attempts).toHaveLength(6);
  });

  it('when performance is read, then it shows mastery with uncertainty, every topic, tier and recent questions asked', async () => {
    const { token, userId } = await newLearner('reader', [courseId]);
    const before = await t.api(`/v1/courses/${courseId}/performance`, { token });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ course_id: courseId, user_id: userId, evidence: 0, tier: 1, recent_attempts: [], recent_questions: [] });
    expect(before.body.topics.length).toBeGreaterThan(3);
    await t.deps.db.insertInto('questions').values({ tenant_id: t.demo.tenantId, course_id: courseId, user_id: userId, text: 'What is extinction?' }).execute();
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 5 } });
    await attempt(token, quiz.body.id, 'right');
    const after = (await t.api(`/v1/courses/${courseId}/performance`, { token })).body;
    expect(after.evidence).toBe(5);
    expect(after.uncertainty).toBeLessThan(before.body.uncertainty);
    expect(after.mastery).toBeGreaterThan(before.body.mastery);
    expect(after.recent_questions.map((q: { text: string }) => q.text)).toEqual(['What is extinction?']);
    const practised = after.topics.filter((topic: { evidence: number }) => topic.evidence > 0);
    expect(practised.length).toBeGreaterThan(0);
  });

  it('when one section is taught in two files, then performance lists it once, with the evidence of both', async () => {
    const twice = await seedCourse('Memory twice', ['09-8-3-problems-with-memory.md']);
    const embeddings = createLocalHashEmbeddings(64);
    const doc = loadCourseDocuments(PSYCHOLOGY_COURSE_DIR, false).find((d) => d.file === '09-8-3-problems-with-memory.md')!;
    const copy = await t.deps.db.insertInto('documents').values({
      tenant_id: t.demo.tenantId, course_id: twice, title: `${doc.title} (handout)`, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
    }).returning('id').executeTakeFirstOrThrow();
    await replaceDocumentChunks(t.deps.db, {
      tenantId: t.demo.tenantId, courseId: twice, documentId: copy.id, documentTitle: `${doc.title} (handout)`, chunks: doc.chunks,
      embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
    const rows = await t.deps.db.selectFrom('topics').select('title').where('course_id', '=', twice).execute();
    const { token } = await newLearner('twice', [twice]);
    const before = (await t.api(`/v1/courses/${twice}/performance`, { token })).body;
    const titles = before.topics.map((x: { title: string }) => x.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles.length).toBe(rows.length / 2);
    const quiz = await t.api(`/v1/courses/${twice}/quizzes`, { token, body: { num_questions: 5 } });
    await attempt(token, quiz.body.id, 'right');
    const after = (await t.api(`/v1/courses/${twice}/performance`, { token })).body;
    const evidence = after.topics.reduce((n: number, x: { evidence: number }) => n + x.evidence, 0);
    expect(evidence).toBe(5);
    expect(after.topics.length).toBe(titles.length);
  });

  it('when a quiz is asked for one topic, then every question is about that topic', async () => {
    const { token } = await newLearner('focused', [courseId]);
    const topics = (await t.api(`/v1/courses/${courseId}/performance`, { token })).body.topics as { topic_id: string; title: string }[];
    const topic = topics.find((x) => x.title === 'Reinforcement Schedules') ?? topics[0];
    const res = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 3, topic_id: topic?.topic_id } });
    expect(res.status).toBe(201);
    expect(res.body.topic).toEqual({ id: topic?.topic_id, title: topic?.title });
    for (const q of res.body.questions) expect(q.topic.id).toBe(topic?.topic_id);
  });

  describe('isolation', () => {
    it('when another learner reaches for my quiz, then it does not exist for them; my attempts and mastery stay mine', async () => {
      const me = await newLearner('owner', [courseId]);
      const other = await newLearner('nosy', [courseId]);
      const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token: me.token, body: { num_questions: 3 } });
      await attempt(me.token, quiz.body.id, 'right');
      expect((await t.api(`/v1/quizzes/${quiz.body.id}`, { token: other.token })).status).toBe(404);
      expect((await t.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token: other.token })).status).toBe(404);
      expect((await t.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token: other.token, body: { answers: [] } })).status).toBe(404);
      expect((await t.api(`/v1/courses/${courseId}/attempts?user=${me.userId}`, { token: other.token })).status).toBe(403);
      expect((await t.api(`/v1/courses/${courseId}/attempts?user=me`, { token: other.token })).body.items).toEqual([]);
      expect((await t.api(`/v1/courses/${courseId}/performance`, { token: other.token })).body.evidence).toBe(0);
      const asInstructor = await t.api(`/v1/courses/${courseId}/attempts?user=${me.userId}`, { token: instructor });
      expect(asInstructor.body.items).toHaveLength(1);
    });

    it('when a learner uses another course, then mastery there starts fresh, and a course they are not in is forbidden', async () => {
      const both = await newLearner('both', [courseId, otherCourseId]);
      const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token: both.token, body: { num_questions: 5 } });
      await attempt(both.token, quiz.body.id, 'right');
      const elsewhere = await t.api(`/v1/courses/${otherCourseId}/performance`, { token: both.token });
      expect(elsewhere.body).toMatchObject({ evidence: 0, recent_attempts: [] });
      const memoryQuiz = await t.api(`/v1/courses/${otherCourseId}/quizzes`, { token: both.token, body: { num_questions: 3 } });
      expect(memoryQuiz.status).toBe(201);
      expect(memoryQuiz.body.questions[0].topic.id).not.toBe(quiz.body.questions[0].topic.id);
      const outsider = await newLearner('outsider', [courseId]);
      expect((await t.api(`/v1/courses/${otherCourseId}/quizzes`, { token: outsider.token, body: {} })).status).toBe(403);
      expect((await t.api(`/v1/courses/${otherCourseId}/performance`, { token: outsider.token })).status).toBe(403);
    });

    it('when an attempt names a question of another quiz, then it is rejected', async () => {
      const { token } = await newLearner('mixer', [courseId]);
      const a = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 2 } });
      const b = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 2 } });
      const res = await t.api(`/v1/quizzes/${a.body.id}/attempts`, { token, body: { answers: [{ question_id: b.body.questions[0].id, answer: 0 }] } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    });
  });

  it('when a course has no indexed content, then generating a quiz is a conflict, not an empty quiz', async () => {
    const empty = await t.api('/v1/courses', { token: instructor, body: { title: 'Empty' } });
    const { token } = await newLearner('early', [empty.body.id]);
    const res = await t.api(`/v1/courses/${empty.body.id}/quizzes`, { token, body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });
});
