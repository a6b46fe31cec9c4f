import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Database, type StudyTables, itemKeyOf } from '@tutorgraph/core';

/**
 * Tenant A's objects, one per kind of id a route can take. Every `/v1` route parameter must resolve
 * through `idFor`; a route naming a resource that has no fixture fails the isolation test until one is
 * added here, so new routes are covered by construction.
 */
export interface TenantAObjects {
  tenantId: string; courseId: string; ownerId: string; memberId: string; inviteId: string; inviteToken: string;
  documentId: string; quizId: string; answerId: string; attemptId: string; registrationId: string; jobId: string; topicId: string; linkId: string;
  flashcardId: string; apiKeyId: string; questionId: string;
  secrets: string[];
}

export async function createTenantAObjects(db: Kysely<Database>, ownerId: string, memberId: string, tenantId: string): Promise<TenantAObjects> {
  const course = await db.insertInto('courses').values({ tenant_id: tenantId, title: 'Secret A course', created_by: ownerId }).returning('id').executeTakeFirstOrThrow();
  const invite = await db.insertInto('invites').values({
    tenant_id: tenantId, email: 'x@a.test', role: 'learner', token_hash: randomUUID(), expires_at: new Date(Date.now() + 86_400_000), invited_by: ownerId,
  }).returning('id').executeTakeFirstOrThrow();
  const document = await db.insertInto('documents').values({
    tenant_id: tenantId, course_id: course.id, title: 'Secret A document', format: 'markdown', media_type: 'text/markdown', created_by: ownerId,
  }).returning('id').executeTakeFirstOrThrow();
  const topic = await db.insertInto('topics').values({ tenant_id: tenantId, course_id: course.id, document_id: document.id, title: 'Secret A topic' }).returning('id').executeTakeFirstOrThrow();
  const job = await db.insertInto('jobs').values({ tenant_id: tenantId, kind: 'ingest_document', target_type: 'document', target_id: document.id, payload: '{}' }).returning('id').executeTakeFirstOrThrow();
  const quiz = await db.insertInto('quizzes').values({ tenant_id: tenantId, course_id: course.id, user_id: memberId, tier: 1, num_questions: 1, generator: 'local', context: '{}' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('quiz_questions').values({ tenant_id: tenantId, quiz_id: quiz.id, position: 0, type: 'true_false', tier: 1, prompt: 'Secret A question?', choices: '["True","False"]', answer: '"True"' }).execute();
  const attempt = await db.insertInto('quiz_attempts').values({ tenant_id: tenantId, course_id: course.id, quiz_id: quiz.id, user_id: memberId, answers: '[]', results: '[]', score: 1, max_score: 1, tier: 1, next_tier: 1 }).returning('id').executeTakeFirstOrThrow();
  const question = await db.insertInto('questions').values({ tenant_id: tenantId, course_id: course.id, user_id: memberId, text: 'Secret A question' }).returning('id').executeTakeFirstOrThrow();
  const answer = await db.insertInto('answers').values({ tenant_id: tenantId, course_id: course.id, question_id: question.id, text: 'Secret A answer', found: true, provider: 'local' }).returning('id').executeTakeFirstOrThrow();
  const registration = await db.insertInto('lti_registrations').values({
    tenant_id: tenantId, name: 'Secret A LMS', kind: 'canvas', issuer: 'https://a.example', client_id: `a-${randomUUID()}`,
    auth_login_url: 'https://a.example/auth', auth_token_url: 'https://a.example/token', keyset_url: 'https://a.example/jwks',
  }).returning('id').executeTakeFirstOrThrow();
  const link = await db.insertInto('lti_registration_links').values({ tenant_id: tenantId, created_by: ownerId, expires_at: new Date(Date.now() + 3600_000) })
    .returning('id').executeTakeFirstOrThrow();
  const flashcard = await db.withTables<StudyTables>().insertInto('flashcards')
    .values({ tenant_id: tenantId, course_id: course.id, kind: 'term', front: 'Secret A front', back: 'Secret A back' }).returning('id').executeTakeFirstOrThrow();
  const apiKey = await db.insertInto('api_keys').values({ tenant_id: tenantId, name: 'Secret A key', prefix: `tgk_${randomUUID().slice(0, 12)}`, key_hash: 'x', scopes: ['embed:learner'], created_by: ownerId })
    .returning('id').executeTakeFirstOrThrow();
  return {
    tenantId, courseId: course.id, flashcardId: flashcard.id, apiKeyId: apiKey.id, ownerId, memberId, inviteId: invite.id, inviteToken: 'not-a-real-token-but-long-enough',
    questionId: question.id, documentId: document.id, quizId: quiz.id, answerId: answer.id, attemptId: attempt.id, registrationId: registration.id, jobId: job.id, topicId: topic.id, linkId: link.id,
    secrets: ['Secret A', tenantId, course.id, document.id],
  };
}

/** The id of tenant A's object for parameter `name` of a route whose path starts with `/segment`. */
export function idFor(objects: TenantAObjects, path: string, name: string): string | undefined {
  const segment = path.split('/')[1] ?? '';
  if (name === 'id') {
    return ({
      tenants: objects.tenantId, courses: objects.courseId, documents: objects.documentId, quizzes: objects.quizId,
      answers: objects.answerId, attempts: objects.attemptId, jobs: objects.jobId, topics: objects.topicId, registrations: objects.registrationId,
      flashcards: objects.flashcardId,
    } as Record<string, string>)[segment];
  }
  return ({
    userId: objects.memberId, inviteId: objects.inviteId, token: objects.inviteToken, registrationId: objects.registrationId,
    documentId: objects.documentId, quizId: objects.quizId, courseId: objects.courseId, topicId: objects.topicId, jobId: objects.jobId, linkId: objects.linkId,
    keyId: objects.apiKeyId, questionId: objects.questionId, itemKey: itemKeyOf('Secret A question?'),
  } as Record<string, string>)[name];
}
