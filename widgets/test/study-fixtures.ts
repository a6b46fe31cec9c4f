import type { QueuedFlashcard, StudyNotesDocument, StudyQueueResponse } from '../src/api/api-types.js';
import type { FakeApi } from './fake-api.js';

/** Canned study payloads (queue, notes) for the flashcard and notes tests and their accessibility pages. */
const card = (id: string, front: string, back: string, reason: QueuedFlashcard['reason'], topic: string | null): QueuedFlashcard => ({
  id, course_id: 'course-1', kind: 'term', front, back, is_own: false, reason, topic: topic ? { id: `topic-${topic}`, title: topic } : null,
  citations: [{ chunk_id: `ch-${id}`, document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', heading: 'Mitosis' }],
  schedule: { state: 'new', due_at: null, reps: 0, lapses: 0 },
});

export const studyQueue: StudyQueueResponse = {
  course_id: 'course-1', generated_at: '2026-11-20T10:00:00Z',
  items: [
    card('card-1', 'What does “mitosis” mean?', 'Division of a cell nucleus into two identical nuclei.', 'due', 'Cell division'),
    card('card-2', 'What is the term for the division that yields four haploid gametes?', 'Meiosis', 'weak_topic', 'Genetics'),
  ],
  due_count: 1, new_count: 12, new_allowance: 20, weak_topics: [{ topic_id: 'topic-Genetics', title: 'Genetics', mastery: 31 }],
};

export const emptyQueue: StudyQueueResponse = { course_id: 'course-1', generated_at: '2026-11-20T10:00:00Z', items: [], due_count: 0, new_count: 0, new_allowance: 20, weak_topics: [] };

export const notes: StudyNotesDocument[] = [{
  document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', generator: 'local', edited_at: null, updated_at: '2026-11-20T10:00:00Z',
  lines: [
    { id: 'n1', kind: 'heading', text: 'Mitosis', term: null, definition: null, topic_id: 'topic-1', supported: true,
      citation: { chunk_id: 'ch-11', document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', heading: 'Mitosis', snippet: '' } },
    { id: 'n2', kind: 'key_point', text: 'Mitosis gives two genetically identical daughter cells.', term: null, definition: null, topic_id: 'topic-1', supported: true,
      citation: { chunk_id: 'ch-11', document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', heading: 'Mitosis', snippet: 'Mitosis gives two genetically identical daughter cells.' } },
    { id: 'n3', kind: 'term', text: 'cytokinesis: division of the cytoplasm', term: 'cytokinesis', definition: 'division of the cytoplasm', topic_id: 'topic-1', supported: true,
      citation: { chunk_id: 'ch-12', document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', heading: 'Key terms', snippet: 'cytokinesis: division of the cytoplasm' } },
  ],
}];

/** Adds the study routes to a fake API (the "ready" state). */
export function withStudyRoutes(api: FakeApi): FakeApi {
  return api
    .on('GET', '/v1/courses/:id/study-queue', { body: studyQueue })
    .on('POST', '/v1/flashcards/:id/reviews', (req) => ({ status: 201, body: {
      card_id: req.params.id, rating: (req.body as { rating: string }).rating, reviewed_at: '2026-12-02T10:00:00.000Z',
      due_at: '2026-12-04T10:00:00.000Z', interval_days: 2,
    } }))
    .on('GET', '/v1/courses/:id/notes', { body: { items: notes } })
    .on('GET', '/v1/documents/:id/notes', { body: notes[0] })
    .on('GET', '/v1/topics/:id/notes', { body: { topic: { id: 'topic-1', title: 'Mitosis', course_id: 'course-1' }, notes } })
    .on('PUT', '/v1/documents/:id/notes', (req) => ({ body: { ...notes[0], edited_at: '2026-12-02T10:00:00.000Z',
      lines: (req.body as { lines: { kind: string; text: string; chunk_id: string }[] }).lines.map((l, i) => ({
        id: `e${i + 1}`, kind: l.kind, text: l.text, term: null, definition: null, topic_id: 'topic-1', supported: true,
        citation: { chunk_id: l.chunk_id, document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', heading: 'Mitosis', snippet: l.text },
      })) } }));
}
