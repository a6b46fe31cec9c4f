import {
  CardFromAttemptRequest, Flashcard, FlashcardReview, IdParams, ReviewFlashcardRequest, StudyNotes, StudyQueue, StudyQueueQuery, TopicNotes,
  UpdateStudyNotesRequest, addCardFromAnswer, addCardFromMissedQuestion, getDocumentNotes, getStudyQueue, getTopicNotes, list,
  listCourseNotes, listFlashcards, reviewFlashcard, updateDocumentNotes,
} from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

/** Study tools: notes per document and topic, flashcards (course and own), FSRS reviews, the daily queue. */
export function registerStudyRoutes(api: ApiRouter): void {
  api.route({
    method: 'get', path: '/courses/:id/notes', summary: 'Study notes of every document of a course', tags: ['study'],
    auth: 'user', params: IdParams, response: list(StudyNotes),
  }, async ({ deps, actor, params }) => ({ items: await listCourseNotes(deps.db, actor, params.id) }));

  api.route({
    method: 'get', path: '/documents/:id/notes', summary: 'Study notes of a document (an outline; every line cites a passage)', tags: ['study'],
    auth: 'user', params: IdParams, response: StudyNotes,
  }, ({ deps, actor, params }) => getDocumentNotes(deps.db, actor, params.id));

  api.route({
    method: 'put', path: '/documents/:id/notes', summary: 'Edit a document\'s study notes (instructors)', tags: ['study'],
    auth: 'user', params: IdParams, body: UpdateStudyNotesRequest, response: StudyNotes,
  }, ({ deps, actor, params, body }) => updateDocumentNotes(deps.db, actor, params.id, body.lines.map((l) => ({
    kind: l.kind, text: l.text, term: l.term, definition: l.definition, chunkId: l.chunkId,
  }))));

  api.route({
    method: 'get', path: '/topics/:id/notes', summary: 'Study notes of a topic, from every document that teaches it', tags: ['study'],
    auth: 'user', params: IdParams, response: TopicNotes,
  }, ({ deps, actor, params }) => getTopicNotes(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/flashcards', summary: 'The course\'s flashcards and mine, with my schedule', tags: ['study'],
    auth: 'user', params: IdParams, response: list(Flashcard),
  }, async ({ deps, actor, params }) => ({ items: await listFlashcards(deps.db, actor, params.id) }));

  api.route({
    method: 'get', path: '/courses/:id/study-queue', summary: 'Today\'s queue: due cards, then new cards of weak topics, then new cards', tags: ['study'],
    auth: 'user', params: IdParams, query: StudyQueueQuery, response: StudyQueue,
  }, ({ deps, actor, params, query }) => getStudyQueue(deps.db, actor, params.id, { limit: query.limit }));

  api.route({
    method: 'post', path: '/flashcards/:id/reviews', summary: 'Rate a card (again/hard/good/easy): FSRS schedules the next review', tags: ['study'],
    auth: 'user', params: IdParams, body: ReviewFlashcardRequest, response: FlashcardReview, status: 201,
  }, ({ deps, actor, params, body }) => reviewFlashcard(deps.db, actor, params.id, body.rating));

  api.route({
    method: 'post', path: '/answers/:id/flashcards', summary: 'Make a flashcard of an answer I was given', tags: ['study'],
    auth: 'user', params: IdParams, response: Flashcard, status: 201,
  }, ({ deps, actor, params }) => addCardFromAnswer(deps.db, actor, params.id));

  api.route({
    method: 'post', path: '/attempts/:id/flashcards', summary: 'Make a flashcard of a quiz question I missed', tags: ['study'],
    auth: 'user', params: IdParams, body: CardFromAttemptRequest, response: Flashcard, status: 201,
  }, ({ deps, actor, params, body }) => addCardFromMissedQuestion(deps.db, actor, params.id, body.questionId));
}
