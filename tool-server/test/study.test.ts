import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  InProcessQueue, LocalStorage, createLocalHashEmbeddings, createLogger, ensureEmbeddingIndex, upsertMembership, type StudyTables,
} from '@tutorgraph/core';
import { type Card, type Grade, Rating, createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRuntime } from '../../worker/src/job-runtime.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const COURSES = join(import.meta.dirname, '../../data/courses');
const DEBIAN = '/usr/share/doc/debian-handbook/html/en-US';
const HELD_OUT = ['sect.apt-cache.html', 'sect.backup.html', 'sect.user-group-databases.html'];
const embeddings = createLocalHashEmbeddings(64);

/** Lower-case words of four letters or more: what the independent citation check compares. */
const words = (text: string) => (text.toLowerCase().replace(/\*\*|`/g, '').match(/[\p{L}\p{N}]{4,}/gu) ?? []);
const normal = (text: string) => text.toLowerCase().replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();

describe('study notes, flashcards and FSRS scheduling API', () => {
  let t: TestApp;
  let queue: InProcessQueue;
  let instructor: string;
  const courses: Record<'psychology' | 'carpentries' | 'debian', { id: string; documents: string[] }> = {} as never;

  async function upload(courseId: string, name: string, bytes: Buffer): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const response = await fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${instructor}` }, body: form });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function course(title: string, files: { name: string; bytes: Buffer }[]) {
    const created = await t.api('/v1/courses', { token: instructor, body: { title } });
    const documents: string[] = [];
    for (const file of files) documents.push(await upload(created.body.id, file.name, file.bytes));
    return { id: created.body.id as string, documents };
  }

  async function newLearner(name: string, courseIds: string[]): Promise<{ token: string; userId: string }> {
    const first = await t.login({ email: `${name}@demo.tutorgraph.test` });
    const me = await t.api('/v1/me', { token: first });
    await upsertMembership(t.deps.db, t.demo.tenantId, me.body.user.id, 'learner');
    const token = await t.login({ email: `${name}@demo.tutorgraph.test` });
    for (const id of courseIds) expect((await t.api(`/v1/courses/${id}/members`, { token: instructor, body: { user_id: me.body.user.id, role: 'learner' } })).status).toBe(201);
    return { token, userId: me.body.user.id as string };
  }

  const markdownFiles = (dir: string) => readdirSync(join(COURSES, dir)).filter((f) => /^\d+.*\.md$/.test(f)).sort()
    .map((name) => ({ name, bytes: readFileSync(join(COURSES, dir, name)) }));

  beforeAll(async () => {
    t = await startTestApp({
      configure: async (deps) => {
        const storage = new LocalStorage({ root: join(deps.config.dataDir, 'files'), signingKey: new Uint8Array(32).fill(7), urlBase: () => `${deps.config.publicUrl}/v1/files` });
        queue = new InProcessQueue({ db: deps.db, concurrency: 1 });
        await ensureEmbeddingIndex(deps.db, embeddings.model, embeddings.dimensions);
        const runtime = createJobRuntime({ config: deps.config, db: deps.db, storage, embeddings, logger: createLogger('silent'), workerId: 'study-test' });
        await queue.start(runtime.processor);
        return { storage, jobQueue: queue, embeddings };
      },
    });
    instructor = await t.login('instructor');
    courses.psychology = await course('Psychology: learning and memory', markdownFiles('psychology-learning-and-memory'));
    courses.carpentries = await course('Instructor training', markdownFiles('carpentries-instructor-training'));
    courses.debian = await course('Debian administration (held out)', HELD_OUT.map((name) => ({ name, bytes: readFileSync(join(DEBIAN, name)) })));
    await queue.idle();
  }, 600_000);
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  const chunkRows = (ids: string[]) => t.deps.db.selectFrom('chunks as c').innerJoin('documents as d', 'd.id', 'c.document_id')
    .select(['c.id', 'c.content', 'c.heading_path', 'c.course_id', 'd.title']).where('c.id', 'in', ids).execute();

  it('when every document of both demo courses and the held-out Debian course is indexed, then each has notes and every line cites a passage that supports it', async () => {
    const figures: string[] = [];
    for (const [name, { id, documents }] of Object.entries(courses)) {
      const documentRows = await t.api(`/v1/courses/${id}/documents`, { token: instructor });
      expect(documentRows.body.items.map((d: { status: string }) => d.status)).toEqual(documents.map(() => 'succeeded'));
      const res = await t.api(`/v1/courses/${id}/notes`, { token: instructor });
      expect(res.status).toBe(200);
      expect(res.body.items.map((n: { document_id: string }) => n.document_id).sort()).toEqual([...documents].sort());
      for (const notes of res.body.items) {
        const kinds = new Set(notes.lines.map((l: { kind: string }) => l.kind));
        expect(kinds.has('heading') && kinds.has('key_point'), `${notes.document_title} has an outline`).toBe(true);
        const chunks = new Map((await chunkRows(notes.lines.map((l: { citation: { chunk_id: string } }) => l.citation.chunk_id))).map((c) => [c.id, c]));
        for (const line of notes.lines) {
          const chunk = chunks.get(line.citation.chunk_id);
          expect(chunk?.course_id, `${line.text} cites a passage of its course`).toBe(id);
          expect(line.supported).toBe(true);
          // The independent check (not the product's stemmed rule): a key point is a sentence of its passage; a term's
          // name and definition words all stand in the passage; a heading's words are the passage's headings.
          if (line.kind === 'key_point') expect(normal(chunk!.content), line.text).toContain(normal(line.text).slice(1));
          const passage = new Set(words(line.kind === 'heading' ? [chunk!.title, ...chunk!.heading_path].join(' ') : chunk!.content));
          // "something that" is what the term extraction puts before a bare predicate ("has innate reinforcing qualities").
          const claim = line.kind === 'term' ? `${line.term} ${line.definition.replace(/^something that /, '')}` : line.text;
          const missing = words(claim).filter((w) => !passage.has(w));
          expect(missing, `"${line.text}" vs its passage`).toEqual([]);
        }
      }
      figures.push(`${name}: ${res.body.items.length} documents, ${res.body.items.reduce((n: number, d: { lines: unknown[] }) => n + d.lines.length, 0)} lines`);
    }
    console.log(`[study] notes — ${figures.join('; ')}`);
  });

  it('when the generated cards are read, then each back is supported by its cited passages and no front names the answer', async () => {
    const rows = await t.deps.db.withTables<StudyTables>().selectFrom('flashcards').selectAll().where('user_id', 'is', null).execute();
    expect(rows.filter((r) => r.course_id === courses.psychology.id).length).toBeGreaterThan(50);
    const chunks = new Map((await chunkRows([...new Set(rows.flatMap((r) => r.chunk_ids))])).map((c) => [c.id, c]));
    for (const card of rows) {
      const passage = new Set(words(card.chunk_ids.map((id) => chunks.get(id)?.content ?? '').join(' ')));
      const backWords = words(card.back).filter((w) => w !== 'something');
      expect(backWords.filter((w) => passage.has(w)).length / backWords.length, `${card.back} is supported`).toBeGreaterThanOrEqual(0.75);
      if (card.kind === 'definition' || card.kind === 'example') {
        const answer = card.kind === 'definition' ? card.back : card.back.split(' — ')[0]!;
        const named = new RegExp(`\\b${normal(answer).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
        expect(normal(card.front), `${card.front} gives away ${answer}`).not.toMatch(named);
      }
    }
  });

  it('when a document is re-indexed, then its notes are regenerated against the new passages and learners keep their card schedules', async () => {
    const learner = await newLearner('reindexer', [courses.carpentries.id]);
    const [card] = (await t.api(`/v1/courses/${courses.carpentries.id}/flashcards`, { token: learner.token })).body.items;
    expect((await t.api(`/v1/flashcards/${card.id}/reviews`, { token: learner.token, body: { rating: 'good' } })).status).toBe(201);
    const documentId = courses.carpentries.documents[0]!;
    const before = (await t.api(`/v1/documents/${documentId}/notes`, { token: learner.token })).body;
    expect((await t.api(`/v1/documents/${documentId}/reindex`, { token: instructor, body: {} })).status).toBeLessThan(300);
    await queue.idle();
    const after = (await t.api(`/v1/documents/${documentId}/notes`, { token: learner.token })).body;
    expect(new Date(after.updated_at).getTime()).toBeGreaterThan(new Date(before.updated_at).getTime());
    // Same sections and key points (they depend on the document alone); term lines follow the course's terms, which
    // grew since the first indexing as the other documents arrived.
    const outline = (notes: { lines: { kind: string; text: string }[] }) => notes.lines.filter((l) => l.kind !== 'term').map((l) => l.text);
    expect(outline(after)).toEqual(outline(before));
    const oldChunks = new Set(before.lines.map((l: { citation: { chunk_id: string } }) => l.citation.chunk_id));
    expect(after.lines.every((l: { citation: { chunk_id: string } | null; supported: boolean }) => l.citation && !oldChunks.has(l.citation.chunk_id) && l.supported)).toBe(true);
    const kept = (await t.api(`/v1/courses/${courses.carpentries.id}/flashcards`, { token: learner.token })).body.items.find((c: { id: string }) => c.id === card.id);
    expect(kept.schedule).toMatchObject({ state: 'learning', reps: 1 });
  });

  it('when an instructor edits notes, then learners see the edit; learners cannot edit; a line must cite a passage of the course', async () => {
    const learner = await newLearner('reader', [courses.debian.id]);
    const documentId = courses.debian.documents[1]!;
    const notes = (await t.api(`/v1/documents/${documentId}/notes`, { token: instructor })).body;
    const lines = notes.lines.slice(0, 3).map((l: { kind: string; text: string; citation: { chunk_id: string } }) => ({ kind: l.kind, text: l.text, chunk_id: l.citation.chunk_id }));
    lines.push({ kind: 'key_point', text: 'Back up before every upgrade.', chunk_id: lines[1].chunk_id });
    expect((await t.api(`/v1/documents/${documentId}/notes`, { token: learner.token, method: 'PUT', body: { lines } })).status).toBe(403);
    const edited = await t.api(`/v1/documents/${documentId}/notes`, { token: instructor, method: 'PUT', body: { lines } });
    expect(edited.status).toBe(200);
    expect(edited.body.edited_at).not.toBeNull();
    const seen = (await t.api(`/v1/documents/${documentId}/notes`, { token: learner.token })).body;
    expect(seen.lines.map((l: { text: string }) => l.text)).toEqual(lines.map((l: { text: string }) => l.text));
    expect(seen.lines.at(-1).supported).toBe(false);
    const elsewhere = (await t.api(`/v1/documents/${courses.psychology.documents[0]}/notes`, { token: instructor })).body.lines[0].citation.chunk_id;
    const foreign = await t.api(`/v1/documents/${documentId}/notes`, { token: instructor, method: 'PUT', body: { lines: [{ kind: 'key_point', text: 'x', chunk_id: elsewhere }] } });
    expect(foreign.status).toBe(400);
  });

  it('when a learner opens a topic\'s notes, then only that topic\'s lines are shown, from every document teaching it', async () => {
    const learner = await newLearner('topical', [courses.psychology.id]);
    const all = (await t.api(`/v1/courses/${courses.psychology.id}/notes`, { token: learner.token })).body.items;
    const topicId = all.flatMap((n: { lines: { kind: string; topic_id: string | null }[] }) => n.lines).find((l: { kind: string; topic_id: string | null }) => l.kind === 'term' && l.topic_id)?.topic_id;
    const res = await t.api(`/v1/topics/${topicId}/notes`, { token: learner.token });
    expect(res.status).toBe(200);
    const lines = res.body.notes.flatMap((n: { lines: { topic_id: string }[] }) => n.lines);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l: { topic_id: string }) => l.topic_id === topicId)).toBe(true);
  });

  it('when a new learner opens the study queue, then it holds the day\'s new cards and nothing due', async () => {
    const learner = await newLearner('newcomer', [courses.psychology.id]);
    const res = await t.api(`/v1/courses/${courses.psychology.id}/study-queue?limit=50`, { token: learner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ due_count: 0, new_allowance: 20, weak_topics: [] });
    expect(res.body.new_count).toBeGreaterThan(50);
    expect(res.body.items).toHaveLength(20);
    expect(res.body.items.every((c: { reason: string; schedule: { state: string; due_at: null } }) => c.reason === 'new' && c.schedule.state === 'new' && c.schedule.due_at === null)).toBe(true);
    expect(res.body.items.every((c: { citations: unknown[] }) => c.citations.length > 0)).toBe(true);
  });

  it('when a learner rates a card Good, Good, Good, then Again, then the intervals grow and shrink exactly as ts-fsrs schedules them', async () => {
    const learner = await newLearner('spacer', [courses.psychology.id]);
    const [card] = (await t.api(`/v1/courses/${courses.psychology.id}/study-queue`, { token: learner.token })).body.items;
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
    let reference: Card | undefined;
    const intervals: number[] = [];
    for (const rating of ['good', 'good', 'good', 'again'] as const) {
      const res = await t.api(`/v1/flashcards/${card.id}/reviews`, { token: learner.token, body: { rating } });
      expect(res.status).toBe(201);
      const now = new Date(res.body.reviewed_at);
      reference = scheduler.next(reference ?? createEmptyCard(now), now, ({ good: Rating.Good, again: Rating.Again } as Record<string, Grade>)[rating]!).card;
      expect(res.body.due_at).toBe(reference.due.toISOString());
      expect(res.body.schedule).toMatchObject({ reps: reference.reps, lapses: reference.lapses });
      expect(res.body.schedule.stability).toBeCloseTo(reference.stability, 6);
      intervals.push(res.body.interval_days);
    }
    const [first, second, third, afterAgain] = intervals as [number, number, number, number];
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThanOrEqual(second);
    expect(afterAgain).toBeLessThan(third);
    const queued = (await t.api(`/v1/courses/${courses.psychology.id}/study-queue`, { token: learner.token })).body;
    expect(queued.new_allowance).toBe(19);
    expect(queued.items.some((c: { id: string }) => c.id === card.id)).toBe(false);
  });

  it('when a learner keeps rating a topic\'s cards Again, then the review evidence lowers its mastery and its new cards lead the queue', async () => {
    const learner = await newLearner('struggler', [courses.psychology.id]);
    const cards = (await t.api(`/v1/courses/${courses.psychology.id}/flashcards`, { token: learner.token })).body.items;
    const topicId = cards.find((c: { topic: { id: string } | null }) => c.topic)!.topic.id as string;
    const ofTopic = cards.filter((c: { topic: { id: string } | null }) => c.topic?.id === topicId);
    expect(ofTopic.length).toBeGreaterThan(2);
    let last;
    for (const card of ofTopic.slice(0, 2)) last = await t.api(`/v1/flashcards/${card.id}/reviews`, { token: learner.token, body: { rating: 'again' } });
    expect(last!.body.topic_mastery).toMatchObject({ topic_id: topicId, evidence: 2 });
    expect(last!.body.topic_mastery.mastery).toBeLessThan(50);
    const performance = (await t.api(`/v1/courses/${courses.psychology.id}/performance`, { token: learner.token })).body;
    expect(performance.topics.find((x: { topic_id: string }) => x.topic_id === topicId)).toMatchObject({ evidence: 2 });
    const queued = (await t.api(`/v1/courses/${courses.psychology.id}/study-queue`, { token: learner.token })).body;
    expect(queued.weak_topics[0]).toMatchObject({ topic_id: topicId });
    expect(queued.items[0]).toMatchObject({ reason: 'weak_topic', topic: { id: topicId } });
  });

  it('when a learner makes cards from an answer and from a missed quiz question, then they are theirs alone', async () => {
    const learner = await newLearner('collector', [courses.psychology.id]);
    const other = await newLearner('bystander', [courses.psychology.id]);
    const asked = await t.api(`/v1/courses/${courses.psychology.id}/query`, { token: learner.token, body: { question: 'What is classical conditioning?' } });
    expect(asked.status).toBe(200);
    const fromAnswer = await t.api(`/v1/answers/${asked.body.answer_id}/flashcards`, { token: learner.token, body: {} });
    expect(fromAnswer.status).toBe(201);
    expect(fromAnswer.body).toMatchObject({ kind: 'answer', is_own: true, front: 'What is classical conditioning?' });
    expect(fromAnswer.body.back).not.toMatch(/\[\d+\]/);
    expect(fromAnswer.body.citations.length).toBeGreaterThan(0);
    expect((await t.api(`/v1/answers/${asked.body.answer_id}/flashcards`, { token: other.token, body: {} })).status).toBe(404);
    expect((await t.api(`/v1/flashcards/${fromAnswer.body.id}/reviews`, { token: other.token, body: { rating: 'good' } })).status).toBe(404);

    const quiz = (await t.api(`/v1/courses/${courses.psychology.id}/quizzes`, { token: learner.token, body: { num_questions: 3 } })).body;
    const answers = quiz.questions.map((q: { id: string; type: string }) => ({ question_id: q.id, answer: q.type === 'short_answer' ? 'no idea' : q.type === 'true_false' ? null : null }));
    const attempt = (await t.api(`/v1/quizzes/${quiz.id}/attempts`, { token: learner.token, body: { answers } })).body;
    const missed = attempt.results.find((r: { correct: boolean }) => !r.correct);
    const fromQuestion = await t.api(`/v1/attempts/${attempt.attempt_id}/flashcards`, { token: learner.token, body: { question_id: missed.question_id } });
    expect(fromQuestion.status).toBe(201);
    expect(fromQuestion.body).toMatchObject({ kind: 'missed_question', is_own: true });
    expect(fromQuestion.body.back).toContain(missed.correct_answer);
    const mine = (await t.api(`/v1/courses/${courses.psychology.id}/flashcards`, { token: learner.token })).body.items.filter((c: { is_own: boolean }) => c.is_own);
    const theirs = (await t.api(`/v1/courses/${courses.psychology.id}/flashcards`, { token: other.token })).body.items.filter((c: { is_own: boolean }) => c.is_own);
    expect(mine).toHaveLength(2);
    expect(theirs).toHaveLength(0);
  });

  it('when a learner of one course asks for another course\'s notes, cards, queue or card, then 403/404', async () => {
    const learner = await newLearner('outsider', [courses.carpentries.id]);
    for (const path of [`/v1/courses/${courses.psychology.id}/notes`, `/v1/courses/${courses.psychology.id}/flashcards`,
      `/v1/courses/${courses.psychology.id}/study-queue`, `/v1/documents/${courses.psychology.documents[0]}/notes`]) {
      expect((await t.api(path, { token: learner.token })).status, path).toBe(403);
    }
    const card = (await t.api(`/v1/courses/${courses.psychology.id}/flashcards`, { token: instructor })).body.items[0];
    expect([403, 404]).toContain((await t.api(`/v1/flashcards/${card.id}/reviews`, { token: learner.token, body: { rating: 'good' } })).status);
  });
});
