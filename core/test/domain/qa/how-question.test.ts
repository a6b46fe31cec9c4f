import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { createQaRepository } from '../../../src/domain/qa/qa.repository.js';
import { createRetrievalRepository } from '../../../src/domain/qa/retrieval.repository.js';
import { answerQuestion, type AnswerQuestionDeps } from '../../../src/domain/qa/answer-question.js';
import { retrievalQuestion } from '../../../src/domain/qa/focus-rerank.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createLocalExtractiveLlm } from '../../../src/providers/llm/local-extractive.llm.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant } from './qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);

// The shape of the demo's failure: an overview section mentions the subject once among many uses of its
// common word, and a figure credit there says "work"; the section headed by the subject explains it.
const OVERVIEW = [
  'Learning is a relatively lasting change in behavior that comes from experience. Learning takes many forms: associative learning, '
  + 'latent learning and observational learning are kinds of learning, and learning differs from instincts and reflexes. '
  + 'Figure 6.2: learning in dogs and people. (credit: modification of work by Jane Doe)',
];
const SECTION = [
  'Observational learning is learning by watching others and then imitating what they do. Bandura described the steps of the process: '
  + 'attention, retention, reproduction and motivation. First you attend to the model, then you retain what you saw, then you reproduce it.',
];

describe('how-questions about a named subject', () => {
  let handle: DatabaseHandle;
  let deps: AnswerQuestionDeps;
  let scope: { tenantId: string; courseId: string };
  let sectionChunk: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tenantId = await createTenant(handle.db, 'School');
    scope = { tenantId, courseId: await createCourse(handle.db, tenantId, 'Psychology') };
    await addDocument(handle.db, embeddings, scope, 'Chapter 6', OVERVIEW, ['6.1 What Is Learning?']);
    sectionChunk = (await addDocument(handle.db, embeddings, scope, 'Chapter 6', SECTION, ['6.4 Observational Learning (Modeling)'])).chunkIds[0]!;
    deps = { retrieval: createRetrievalRepository(handle.db), embeddings, llm: createLocalExtractiveLlm(), store: createQaRepository(handle.db) };
  }, 120_000);
  afterAll(async () => handle?.close());

  it('when a "how does X work?" question is asked, then the frame verb is dropped for retrieval and nothing else is', () => {
    expect(retrievalQuestion('How does observational learning work?')).toBe('How does observational learning?');
    expect(retrievalQuestion('How do vaccines actually work?')).toBe('How do vaccines?');
    expect(retrievalQuestion('How does work affect stress?')).toBe('How does work affect stress?');
    expect(retrievalQuestion('Why do we forget?')).toBe('Why do we forget?');
  });

  it('when a how-question names a subject that one section is headed by, then that section ranks first and leads the answer, not a passage sharing the frame verb', async () => {
    const result = await answerQuestion(deps, { ...scope, userId: null, question: 'How does observational learning work?' });
    expect(result.found).toBe(true);
    expect(result.retrievalStats.selected[0]).toBe(sectionChunk);
    expect(result.answer.startsWith('Observational learning is learning by watching others')).toBe(true);
  });
});
