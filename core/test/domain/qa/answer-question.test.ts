import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { createQaRepository } from '../../../src/domain/qa/qa.repository.js';
import { createRetrievalRepository } from '../../../src/domain/qa/retrieval.repository.js';
import { answerQuestion, type AnswerQuestionDeps, QUESTION_MAX_CHARS } from '../../../src/domain/qa/answer-question.js';
import { listRecentQuestions } from '../../../src/domain/qa/list-recent-questions.js';
import { recordFeedback } from '../../../src/domain/qa/record-feedback.js';
import { NOT_FOUND_ANSWER } from '../../../src/domain/qa/refusal.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import type { LlmProvider } from '../../../src/providers/llm/llm.port.js';
import { createLocalExtractiveLlm } from '../../../src/providers/llm/local-extractive.llm.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant, createUser } from './qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);
const PSYCHOLOGY = [
  'Classical conditioning is learning in which a neutral stimulus becomes associated with a meaningful stimulus. Ivan Pavlov discovered it while studying digestion in dogs.',
  'In operant conditioning, behaviour is strengthened or weakened by its consequences. B. F. Skinner studied operant conditioning with rats pressing a lever.',
  'Extinction is the decrease in a conditioned response when the unconditioned stimulus no longer follows the conditioned stimulus.',
  'Observational learning occurs when people learn by watching others. Albert Bandura showed it in the Bobo doll experiment.',
];

describe('answer a question from one course', () => {
  let handle: DatabaseHandle;
  let deps: AnswerQuestionDeps;
  let scope: { tenantId: string; courseId: string };
  let otherScope: { tenantId: string; courseId: string };
  let learnerId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const { db } = handle;
    const tenantId = await createTenant(db, 'School');
    scope = { tenantId, courseId: await createCourse(db, tenantId, 'Psychology 101') };
    await addDocument(db, embeddings, scope, 'Learning and memory', PSYCHOLOGY, ['Learning']);
    const otherTenant = await createTenant(db, 'Other school');
    otherScope = { tenantId: otherTenant, courseId: await createCourse(db, otherTenant, 'Geography') };
    await addDocument(db, embeddings, otherScope, 'Capitals', ['Ulaanbaatar is the capital of Mongolia and its largest city.']);
    learnerId = await createUser(db, `learner-${Date.now()}@example.test`);
    deps = { retrieval: createRetrievalRepository(db), embeddings, llm: createLocalExtractiveLlm(), store: createQaRepository(db) };
  }, 120_000);
  afterAll(async () => handle?.close());

  it('when the course covers the question, then the answer quotes it with markers, cites the chunk with a short snippet, and everything is stored', async () => {
    const result = await answerQuestion(deps, { ...scope, userId: learnerId, question: 'Who discovered classical conditioning?' });
    expect(result.found).toBe(true);
    expect(result.answer).toContain('Ivan Pavlov discovered it');
    expect(result.answer).toMatch(/\[1\]/);
    const first = result.citations[0];
    expect(first).toMatchObject({ marker: 1, documentTitle: 'Learning and memory', chunkIndex: 0, location: { page: 1, heading: 'Learning' }, cited: true });
    expect(first?.text).toBe(PSYCHOLOGY[0]);
    expect(first?.snippet.length).toBeLessThanOrEqual(300);
    expect(first?.snippet).toContain('Pavlov');
    expect(result.citations.map((c) => c.marker)).toEqual(result.citations.map((_, i) => i + 1));

    const answer = await handle.db.selectFrom('answers').selectAll().where('id', '=', result.answerId).executeTakeFirstOrThrow();
    expect(answer).toMatchObject({ found: true, provider: 'local', model: 'local-extractive-v2', text: result.answer });
    const citations = await handle.db.selectFrom('citations').select(['marker', 'chunk_id']).where('answer_id', '=', result.answerId).orderBy('marker').execute();
    expect(citations.map((c) => c.chunk_id)).toEqual(result.citations.map((c) => c.chunkId));
  });

  it('when the course does not cover the question (another tenant\'s course does), then it refuses with a suggestion and cites nothing', async () => {
    const result = await answerQuestion(deps, { ...scope, userId: learnerId, question: 'What is the capital of Mongolia?' });
    expect(result).toMatchObject({ found: false, answer: NOT_FOUND_ANSWER, citations: [] });
    // Nothing in the course is about Mongolia: no unrelated section is offered.
    expect(result.suggestion).toBe('This course does not seem to cover that. You could ask your instructor.');
    expect(result.retrievalStats.relevance).toBeLessThan(result.retrievalStats.refusalThreshold);
    const stored = await handle.db.selectFrom('answers').select(['found', 'text']).where('id', '=', result.answerId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ found: false, text: NOT_FOUND_ANSWER });
  });

  it('when the best chunk shares the question\'s common words but no passage holds its rare ones in one place, then it refuses before the answerer', async () => {
    let asked = 0;
    const counting: LlmProvider = { ...deps.llm, answer: async (request) => { asked += 1; return deps.llm.answer(request); } };
    // "conditioning", "learning" and "dogs" are in the course; "Thorndike" and "puzzle boxes" are not.
    const question = 'What did Thorndike learn about conditioning from cats in puzzle boxes?';
    const result = await answerQuestion({ ...deps, llm: counting, refusalThreshold: 0 }, { ...scope, userId: learnerId, question });
    expect(result).toMatchObject({ found: false, answer: NOT_FOUND_ANSWER, citations: [] });
    expect(result.retrievalStats.evidence).toBeLessThan(result.retrievalStats.minEvidence);
    expect(asked).toBe(0);
    // The same question with the check off reaches the answerer: the check, not the threshold, refused it.
    await answerQuestion({ ...deps, llm: counting, refusalThreshold: 0, minEvidence: 0 }, { ...scope, userId: learnerId, question });
    expect(asked).toBe(1);
    const covered = await answerQuestion(deps, { ...scope, userId: learnerId, question: 'What did Pavlov learn about conditioning from dogs?' });
    expect(covered.found).toBe(true);
    expect(covered.retrievalStats.evidence).toBeGreaterThanOrEqual(covered.retrievalStats.minEvidence);
  });

  it('when the relevance clears the threshold but the LLM says the context does not answer, then it is a refusal', async () => {
    const declining: LlmProvider = { provider: 'openai', model: 'fake', answer: async () => ({ found: false, answer: '', citedMarkers: [] }) };
    const result = await answerQuestion({ ...deps, llm: declining }, { ...scope, userId: learnerId, question: 'Who discovered classical conditioning?' });
    expect(result).toMatchObject({ found: false, answer: NOT_FOUND_ANSWER, citations: [] });
  });

  it('when the question is empty or too long, then INVALID_ARGUMENT is thrown and nothing is stored', async () => {
    const before = await handle.db.selectFrom('questions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(answerQuestion(deps, { ...scope, userId: learnerId, question: 'x'.repeat(QUESTION_MAX_CHARS + 1) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(answerQuestion(deps, { ...scope, userId: learnerId, question: '   ' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(answerQuestion(deps, { ...scope, userId: learnerId, question: 'ok?', topK: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const after = await handle.db.selectFrom('questions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('when a learner gives feedback twice, then one row holds the latest verdict and the recent list shows it', async () => {
    const result = await answerQuestion(deps, { ...scope, userId: learnerId, question: 'What is extinction of a conditioned response?' });
    const canAccessCourse = (courseId: string) => courseId === scope.courseId;
    await recordFeedback({ store: deps.store, canAccessCourse }, { tenantId: scope.tenantId, userId: learnerId, answerId: result.answerId, helpful: false, grounded: true });
    await recordFeedback({ store: deps.store, canAccessCourse }, { tenantId: scope.tenantId, userId: learnerId, answerId: result.answerId, helpful: true, grounded: true, comment: 'Clear, thanks' });
    const rows = await handle.db.selectFrom('answer_feedback').selectAll().where('answer_id', '=', result.answerId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ helpful: true, grounded: true, comment: 'Clear, thanks' });

    const recent = await listRecentQuestions({ store: deps.store }, { ...scope, limit: 50 });
    const item = recent.find((r) => r.answerId === result.answerId);
    expect(item).toMatchObject({ question: 'What is extinction of a conditioned response?', found: true, feedback: { helpfulCount: 1, notHelpfulCount: 0, groundedCount: 1, comments: ['Clear, thanks'] } });
    expect(item?.citationCount).toBeGreaterThan(0);
    expect(recent[0]?.answerId).toBe(result.answerId);
  });

  it('when feedback names an answer of another tenant or a course the user cannot see, then NOT_FOUND', async () => {
    const foreign = await answerQuestion(deps, { ...otherScope, userId: null, question: 'What is the capital of Mongolia?' });
    expect(foreign.found).toBe(true);
    await expect(recordFeedback({ store: deps.store, canAccessCourse: () => true }, { tenantId: scope.tenantId, userId: learnerId, answerId: foreign.answerId, helpful: true, grounded: true }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await answerQuestion(deps, { ...scope, userId: learnerId, question: 'Who showed observational learning?' });
    await expect(recordFeedback({ store: deps.store, canAccessCourse: () => false }, { tenantId: scope.tenantId, userId: learnerId, answerId: own.answerId, helpful: true, grounded: true }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    const recent = await listRecentQuestions({ store: deps.store }, { ...scope, limit: 100 });
    expect(recent.some((r) => r.answerId === foreign.answerId)).toBe(false);
  });
});
