import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InProcessQueue, JobHandlerRegistry, createLocalHashEmbeddings, createLtiJobHandlers, isTerminal, replaceDocumentChunks, runJob,
} from '@tutorgraph/core';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../../core/test/quiz/fixtures/markdown-course.js';
import { parseAutoPostForm, playLaunch, postForm } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from './lti-world.js';

// The whole product path through an LMS: place a graded quiz by deep linking, a learner asks the course
// through the ask panel's API and takes the quiz with the launch token, and the grade reaches the gradebook.
let world: LtiWorld;
let queue: InProcessQueue;
const embeddings = createLocalHashEmbeddings(64);
const canvas = () => world.platforms[0]!;
const db = () => world.app.db.db;
const person = (sub: string, roles: string[]): PlatformUser => ({ sub, name: `Person ${sub}`, email: `${sub}@e2e.test`, roles });
const context = { id: 'psych-200', title: 'Learning and Memory' };

beforeAll(async () => {
  world = await startLtiWorld(['canvas']);
  const registry = new JobHandlerRegistry();
  for (const handler of createLtiJobHandlers({ db: db(), ltiKey: world.app.deps.config.ltiKey, outbound: world.app.deps.config.outbound })) registry.register(handler);
  queue = new InProcessQueue({ db: db(), concurrency: 1 });
  await queue.start((id) => runJob({ db: db(), registry, workerId: 'e2e', backoffMs: 20 }, id));
  Object.assign(world.app.deps.services, { jobQueue: queue, embeddings });
});
afterAll(async () => { await queue?.close(); await world?.close(); });

async function seedCourseContent(courseId: string, tenantId: string) {
  for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR).filter((d) => d.file.startsWith('03-'))) {
    const row = await db().insertInto('documents').values({
      tenant_id: tenantId, course_id: courseId, title: doc.title, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
    }).returning('id').executeTakeFirstOrThrow();
    await replaceDocumentChunks(db(), {
      tenantId, courseId, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
      embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
  }
}

describe('through the LMS, end to end', () => {
  it('when a Canvas course places a graded quiz, then a learner gets grounded answers and a quiz attempt lands in the gradebook once', async () => {
    const teacher = person('e2e-teacher', [ROLE.instructor]);
    const learner = person('e2e-learner', [ROLE.learner]);

    // The instructor opens the course (it is created) and places a graded quiz with deep linking.
    const course = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: teacher, context, resourceLink: { id: 'nav' } }).loginUrl)).html);
    await seedCourseContent(course.courseId, course.tenantId);
    const picker = await playLaunch(canvas().platform.prepareLaunch({ user: teacher, context, messageType: 'LtiDeepLinkingRequest' }).loginUrl);
    const session = /name="session" value="([^"]+)"/.exec(picker.html)![1]!;
    const chosen = await fetch(`${world.app.baseUrl}/lti/deep-link`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session, widget: 'quiz', title: 'Conditioning check', tier_policy: 'adaptive', num_questions: '3', graded: '1', grade_policy: 'latest' }),
    });
    expect((await postForm(parseAutoPostForm(await chosen.text()))).status).toBe(200);
    const item = (canvas().platform.services.deepLinkReturns.at(-1)!.payload!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { custom: Record<string, string> }[])[0]!;

    // A learner opens the default link: the ask panel, answering from this course with citations.
    const ask = readToolPage((await playLaunch(canvas().platform.prepareLaunch({ user: learner, context, resourceLink: { id: 'ask' } }).loginUrl)).html);
    expect(ask.widget).toBe('tg-ask-panel');
    const answer = await world.app.api(`/v1/courses/${ask.courseId}/query`, { token: ask.token, body: { question: 'What is classical conditioning?' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.found).toBe(true);
    expect(answer.body.citations.length).toBeGreaterThan(0);

    // The learner opens the placed quiz link and answers everything right.
    const quizHtml = (await playLaunch(canvas().platform.prepareLaunch({ user: learner, context, resourceLink: { id: 'placed-quiz', title: 'Conditioning check' }, custom: item.custom }).loginUrl)).html;
    const quizPage = readToolPage(quizHtml);
    expect(quizPage.widget).toBe('tg-quiz-runner');
    expect(quizHtml).toContain('Graded: each quiz you finish sends one score out of 100 to your course gradebook — the grade follows your latest attempt.');
    const quiz = await world.app.api(`/v1/courses/${quizPage.courseId}/quizzes`, { token: quizPage.token, body: { num_questions: 3 } });
    expect(quiz.status, JSON.stringify(quiz.body)).toBe(201);
    const key = await db().selectFrom('quiz_questions').select(['id', 'answer']).where('quiz_id', '=', quiz.body.id).orderBy('position').execute();
    const answers = key.map((q) => {
      const a = q.answer as { kind: string; index?: number; value?: boolean; text?: string };
      return { question_id: q.id, answer: a.kind === 'choice' ? a.index : a.kind === 'boolean' ? a.value : a.text };
    });
    const attempt = await world.app.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token: quizPage.token, body: { answers } });
    expect(attempt.status, JSON.stringify(attempt.body)).toBe(201);

    const passback = await (async () => {
      for (let i = 0; i < 400; i += 1) {
        const job = await db().selectFrom('jobs').selectAll().where('kind', '=', 'lti_score_passback').where('target_id', '=', attempt.body.attempt_id).executeTakeFirst();
        if (job && isTerminal(job.status)) return job;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no passback job finished');
    })();
    expect(passback.status).toBe('succeeded');
    expect(canvas().platform.services.scores).toEqual([{
      lineItemId: expect.stringContaining('/line_items/'),
      body: expect.objectContaining({ userId: 'e2e-learner', scoreGiven: 100, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' }),
    }]);
  });
});
