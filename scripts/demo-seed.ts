import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Actor, type Database, type DocumentServices, type ObjectStorage, type JobQueue, seedDemoTenant, uploadDocument,
  type EmbeddingsProvider, type LlmProvider, createCourse, addCourseMember, createLocalQuizGenerator, createQuiz, submitAttempt,
  answerQuestion, createQaRepository, createRetrievalRepository, upsertMembership, upsertUserByEmail,
} from '@tutorgraph/core';
import type { Kysely } from 'kysely';

export const DATA_ROOT = resolve(import.meta.dirname, '../data/courses');

interface CourseManifest { title?: string; book?: string; course?: string; sections?: { file: string; title: string }[] }

const COURSES = [
  { dir: 'psychology-learning-and-memory', title: 'Psychology: Learning and Memory', description: 'OpenStax Psychology 2e, chapters 6 (Learning) and 8 (Memory). CC BY 4.0.' },
  { dir: 'carpentries-instructor-training', title: 'Teaching and Learning: Carpentries Instructor Training', description: 'The Carpentries Instructor Training episodes and handouts. CC BY 4.0.' },
] as const;

/** The files of a demo course: its Markdown sections in order, then its office files. */
function courseFiles(dir: string): { fileName: string; title: string; path: string }[] {
  const root = join(DATA_ROOT, dir);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as CourseManifest;
  const titles = new Map((manifest.sections ?? []).map((s) => [s.file, s.title]));
  const markdown = readdirSync(root).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()
    .map((f) => ({ fileName: f, title: titles.get(f) ?? f.replace(/^\d+-/, '').replace(/\.md$/, '').replace(/-/g, ' '), path: join(root, f) }));
  const office = readdirSync(join(root, 'files')).sort()
    .map((f) => ({ fileName: f, title: f.replace(/\.(pdf|docx|pptx)$/, (ext) => ` (${ext.slice(1).toUpperCase()})`).replace(/[_-]+/g, ' '), path: join(root, 'files', f) }));
  return [...markdown, ...office];
}

export interface SeededDemo {
  tenantId: string;
  users: Awaited<ReturnType<typeof seedDemoTenant>>['users'];
  courses: { id: string; title: string; created: boolean }[];
}

/**
 * Seeds the demo tenant and its two courses (idempotent: an existing course is left as it is), enrols the
 * instructor and both learners, and uploads every file of `data/courses/<course>/` through the real upload
 * use case, so ingestion runs on the job queue exactly as for a teacher's upload.
 */
export async function seedDemo(db: Kysely<Database>, storage: ObjectStorage, queue: JobQueue, limits: { maxBytes: number; maxPages: number; maxAttempts: number }): Promise<SeededDemo> {
  const { tenantId, users } = await seedDemoTenant(db);
  const instructor: Actor = { userId: users.instructor, tenantId, role: 'instructor', requestId: 'demo-seed' };
  const services: DocumentServices = { db, storage, queue, limits: { maxBytes: limits.maxBytes, maxPages: limits.maxPages }, maxAttempts: limits.maxAttempts };
  const courses: SeededDemo['courses'] = [];
  for (const spec of COURSES) {
    const existing = await db.selectFrom('courses').select(['id', 'title']).where('tenant_id', '=', tenantId).where('title', '=', spec.title).executeTakeFirst();
    if (existing) { courses.push({ ...existing, created: false }); continue; }
    const course = await createCourse(db, instructor, { title: spec.title, description: spec.description });
    // A third learner who has enrolled but not started, so the teacher's console shows who has not begun.
    const newcomer = await upsertUserByEmail(db, 'lia@demo.tutorgraph.test', 'Lia Moreau');
    await upsertMembership(db, tenantId, newcomer.id, 'learner');
    for (const learner of [users.learner, users.learner2, newcomer.id]) await addCourseMember(db, instructor, course.id, { userId: learner, role: 'learner' });
    for (const file of courseFiles(spec.dir)) {
      await uploadDocument(services, instructor, course.id, { kind: 'file', fileName: file.fileName, title: file.title, bytes: new Uint8Array(readFileSync(file.path)) });
    }
    courses.push({ id: course.id, title: course.title, created: true });
  }
  return { tenantId, users, courses };
}

/** Waits until no document of the tenant is still queued or running; reports progress; returns the failures. */
export async function waitForIngestion(db: Kysely<Database>, tenantId: string, onProgress: (done: number, total: number) => void, timeoutMs = 600_000): Promise<{ title: string; status: string }[]> {
  const started = Date.now();
  for (;;) {
    const rows = await db.selectFrom('documents').select(['title', 'status']).where('tenant_id', '=', tenantId).execute();
    const finished = rows.filter((r) => ['succeeded', 'failed', 'dead_lettered', 'cancelled'].includes(r.status));
    onProgress(finished.length, rows.length);
    if (finished.length === rows.length) return rows.filter((r) => r.status !== 'succeeded');
    if (Date.now() - started > timeoutMs) throw new Error(`Ingestion still running after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A few past quiz attempts in the psychology course so the learners' dashboards are not empty: Lena answers
 * most questions right (her mastery climbs), Leo about half. Answers are taken from the stored key, as a
 * learner who knows (or not) would give them. Skipped when the learner already has attempts.
 */
export async function seedPastAttempts(db: Kysely<Database>, demo: SeededDemo, embeddings: EmbeddingsProvider): Promise<number> {
  const course = demo.courses.find((c) => c.title.startsWith('Psychology'));
  if (!course) return 0;
  const generator = createLocalQuizGenerator({ embeddings });
  let made = 0;
  const plans = [{ userId: demo.users.learner, rightEvery: [true, true, true, false, true] }, { userId: demo.users.learner2, rightEvery: [true, false, true, false, false] }];
  for (const plan of plans) {
    const already = await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', plan.userId).where('course_id', '=', course.id).executeTakeFirst();
    if (already) continue;
    const actor: Actor = { userId: plan.userId, tenantId: demo.tenantId, role: 'learner', requestId: 'demo-seed' };
    for (let round = 0; round < 2; round += 1) {
      const quiz = await createQuiz({ db, generator }, actor, course.id, { numQuestions: 5 });
      const keys = await db.selectFrom('quiz_questions').select(['id', 'answer', 'choices', 'type']).where('quiz_id', '=', quiz.id).orderBy('position').execute();
      const answers = keys.map((q, i) => {
        const key = q.answer as { kind: string; index?: number; value?: boolean; text?: string };
        const right = plan.rightEvery[i % plan.rightEvery.length];
        if (key.kind === 'choice') return { questionId: q.id, answer: right ? (key.index ?? 0) : ((key.index ?? 0) + 1) % Math.max(2, q.choices.length) };
        if (key.kind === 'boolean') return { questionId: q.id, answer: right ? Boolean(key.value) : !key.value };
        return { questionId: q.id, answer: right ? (key.text ?? '') : 'I do not know' };
      });
      await submitAttempt({ db }, actor, quiz.id, answers);
      made += 1;
    }
  }
  return made;
}

/** What the demo learners asked before, so the dashboards' "Recent questions" and the course analytics are not empty. */
const PAST_QUESTIONS = [
  { persona: 'learner', question: 'What is the difference between classical and operant conditioning?' },
  { persona: 'learner', question: 'Why do we forget things we have learned?' },
  { persona: 'learner2', question: 'What does the hippocampus do in memory?' },
  // Questions the course material does not cover: the teacher's course-gap report groups them.
  { persona: 'learner', question: 'Which smartphone app should schedule my flashcards?' },
  { persona: 'learner2', question: 'How much caffeine before an exam improves performance?' },
  { persona: 'learner2', question: 'Which smartphone apps schedule flashcards for me?' },
] as const;

/**
 * Asks the psychology course a few questions as the demo learners, through the real answer use case (so the
 * answers, citations and analytics are what a learner would have got). Skipped when they already asked.
 */
export async function seedPastQuestions(db: Kysely<Database>, demo: SeededDemo, providers: { embeddings: EmbeddingsProvider; llm: LlmProvider }): Promise<number> {
  const course = demo.courses.find((c) => c.title.startsWith('Psychology'));
  if (!course) return 0;
  const deps = { retrieval: createRetrievalRepository(db), store: createQaRepository(db), ...providers };
  let asked = 0;
  for (const { persona, question } of PAST_QUESTIONS) {
    const userId = demo.users[persona];
    const already = await db.selectFrom('questions').select('id').where('user_id', '=', userId).where('course_id', '=', course.id)
      .where('text', '=', question).executeTakeFirst();
    if (already) continue;
    await answerQuestion(deps, { tenantId: demo.tenantId, courseId: course.id, userId, question });
    asked += 1;
  }
  return asked;
}
