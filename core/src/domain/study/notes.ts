import type { Db } from '../../db/db-types.js';
import { findCitedChunks } from '../quiz/quiz.repository.js';
import { invalidArgument, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import { findDocument } from '../ingestion/documents.repository.js';
import { contentStems, sentencesOf, stripMarkdown } from '../quiz/text.js';
import { isLineSupported } from './generate-local-notes.js';
import { findTenantTopic, listCourseChunkTopics, listNotes, updateNotesLines } from './study.repository.js';
import type { StoredNoteLine } from '../../db/study.schema.js';
import type { NoteLineKind } from './types.js';

/** Where a line's passage is: enough for a widget to show it and deep-link to it. */
export interface NoteCitationView { chunkId: string; documentId: string; documentTitle: string; heading: string; snippet: string }

/** One line as learners see it; `supported` says whether its cited passage supports it (the automatic check). */
export interface NoteLineView {
  id: string; kind: NoteLineKind; text: string; term: string | null; definition: string | null; topicId: string | null;
  supported: boolean; citation: NoteCitationView | null;
}

/** A document's notes. */
export interface StudyNotesView {
  documentId: string; documentTitle: string; generator: string; editedAt: Date | null; updatedAt: Date; lines: NoteLineView[];
}

/** The sentence of the passage sharing most content words with the line (what the citation shows). */
function snippetFor(content: string, text: string): string {
  const wanted = new Set(contentStems(text));
  let best = '';
  let bestScore = -1;
  for (const sentence of sentencesOf(stripMarkdown(content))) {
    const score = contentStems(sentence).filter((s) => wanted.has(s)).length;
    if (score > bestScore) { best = sentence; bestScore = score; }
  }
  return best.length > 300 ? `${best.slice(0, best.lastIndexOf(' ', 297))}…` : best;
}

async function present(db: Db, tenantId: string, rows: Awaited<ReturnType<typeof listNotes>>, keep: (line: StoredNoteLine) => boolean = () => true): Promise<StudyNotesView[]> {
  const ids = [...new Set(rows.flatMap((r) => r.lines.filter(keep).map((l) => l.chunk_id)))];
  const chunks = new Map((await findCitedChunks(db, tenantId, ids)).map((c) => [c.id, c]));
  return rows.map((row) => ({
    documentId: row.document_id, documentTitle: row.document_title, generator: row.generator, editedAt: row.edited_at, updatedAt: row.updated_at,
    lines: row.lines.filter(keep).map((line) => {
      const chunk = chunks.get(line.chunk_id);
      const source = chunk && { documentTitle: chunk.document_title, headingPath: chunk.heading_path, content: chunk.content };
      return {
        id: line.id, kind: line.kind, text: line.text, term: line.term, definition: line.definition, topicId: line.topic_id,
        supported: source ? isLineSupported(line, source) : false,
        citation: chunk ? {
          chunkId: chunk.id, documentId: chunk.document_id, documentTitle: chunk.document_title, heading: chunk.heading_path.join(' › '),
          snippet: line.kind === 'heading' ? '' : snippetFor(chunk.content, line.text),
        } : null,
      };
    }),
  }));
}

/**
 * The notes of every document of a course (learners and instructors of the course).
 *
 * @example
 * const notes = await listCourseNotes(db, actor, courseId);
 */
export async function listCourseNotes(db: Db, actor: Actor, courseId: string): Promise<StudyNotesView[]> {
  await requireCourseRole(db, actor, courseId, 'learner');
  return present(db, actor.tenantId, await listNotes(db, actor.tenantId, courseId));
}

async function visibleDocument(db: Db, actor: Actor, documentId: string, minimum: 'learner' | 'instructor') {
  const document = await findDocument(db, actor.tenantId, documentId);
  if (!document) throw notFound('Document', { document_id: documentId });
  await requireCourseRole(db, actor, document.course_id, minimum);
  return document;
}

/**
 * One document's notes; NOT_FOUND before the document has been indexed.
 *
 * @example
 * const notes = await getDocumentNotes(db, actor, documentId);
 */
export async function getDocumentNotes(db: Db, actor: Actor, documentId: string): Promise<StudyNotesView> {
  const document = await visibleDocument(db, actor, documentId, 'learner');
  const [notes] = await present(db, actor.tenantId, await listNotes(db, actor.tenantId, document.course_id, documentId));
  if (!notes) throw notFound('Study notes', { document_id: documentId });
  return notes;
}

/**
 * A topic's notes: the lines about the topic from every document that teaches it.
 *
 * @example
 * const { topic, notes } = await getTopicNotes(db, actor, topicId);
 */
export async function getTopicNotes(db: Db, actor: Actor, topicId: string): Promise<{ topic: { id: string; title: string; courseId: string }; notes: StudyNotesView[] }> {
  const topic = await findTenantTopic(db, actor.tenantId, topicId);
  if (!topic) throw notFound('Topic', { topic_id: topicId });
  await requireCourseRole(db, actor, topic.course_id, 'learner');
  const rows = await listNotes(db, actor.tenantId, topic.course_id);
  const notes = (await present(db, actor.tenantId, rows, (l) => l.topic_id === topicId)).filter((n) => n.lines.length > 0);
  return { topic: { id: topic.id, title: topic.title, courseId: topic.course_id }, notes };
}

/** A line as an instructor writes it. */
export interface NoteLineInput { kind: NoteLineKind; text: string; term?: string | null | undefined; definition?: string | null | undefined; chunkId: string }

/**
 * Replaces a document's notes with an instructor's edit. Every line must cite a chunk of the course (its topic
 * is the chunk's); whether the passage supports the line is shown, not enforced — the instructor is the author.
 * Re-indexing the document regenerates the notes (docs/study-tools.md).
 *
 * @example
 * await updateDocumentNotes(db, actor, documentId, [{ kind: 'key_point', text: '…', chunkId }]);
 */
export async function updateDocumentNotes(db: Db, actor: Actor, documentId: string, lines: NoteLineInput[]): Promise<StudyNotesView> {
  const document = await visibleDocument(db, actor, documentId, 'instructor');
  const [existing] = await listNotes(db, actor.tenantId, document.course_id, documentId);
  if (!existing) throw notFound('Study notes', { document_id: documentId });
  const chunks = new Map((await listCourseChunkTopics(db, actor.tenantId, document.course_id, [...new Set(lines.map((l) => l.chunkId))])).map((c) => [c.id, c]));
  const unknown = lines.filter((l) => !chunks.has(l.chunkId)).map((l) => l.chunkId);
  if (unknown.length > 0) throw invalidArgument('Every line must cite a passage of this course', { chunk_ids: [...new Set(unknown)] });
  await updateNotesLines(db, actor.tenantId, documentId, lines.map((l, i) => ({
    id: `e${i + 1}`, kind: l.kind, text: l.text.trim(), term: l.term ?? null, definition: l.definition ?? null, chunk_id: l.chunkId,
    topic_id: chunks.get(l.chunkId)?.topic_id ?? null,
  })), actor.userId);
  await audit(db, actor, 'study_notes.edited', 'document', documentId, { lines: lines.length });
  return getDocumentNotes(db, actor, documentId);
}
