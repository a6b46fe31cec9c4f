import { type Db, withTransaction } from '../../db/db-types.js';
import { loadCourseSourceChunks } from '../quiz/quiz.repository.js';
import { AppError } from '../../errors/app-error.js';
import { findDocument } from '../ingestion/documents.repository.js';
import { extractKeyTerms } from '../quiz/extract-terms.js';
import type { SourceChunk } from '../quiz/types.js';
import { buildCourseCards } from './build-cards.js';
import { isLineSupported } from './generate-local-notes.js';
import { lockCourseStudyMaterial, replaceDocumentNotes, syncCourseCards } from './study.repository.js';
import type { NotesGenerator } from './types.js';

/** Ports of study-material generation. */
export interface StudyMaterialDeps { db: Db; notesGenerator: NotesGenerator }

/** What one regeneration produced (stored on the ingestion job's result). */
export interface StudyMaterialResult { noteLines: number; droppedLines: number; cards: number; rejectedCards: number }

/**
 * Regenerates the study material after a document is (re-)indexed: its notes (every line must be supported by
 * the chunk it cites — lines that are not are dropped, whichever generator wrote them) and the course's
 * generated flashcards (cards pass the quality gate; a card whose key is unchanged keeps learners' schedules).
 * Idempotent: the ingestion job calls it after indexing, and calling it again changes nothing.
 *
 * @example
 * await regenerateStudyMaterial({ db, notesGenerator }, { tenantId, documentId });
 */
export async function regenerateStudyMaterial(deps: StudyMaterialDeps, target: { tenantId: string; documentId: string }): Promise<StudyMaterialResult> {
  const document = await findDocument(deps.db, target.tenantId, target.documentId);
  if (!document) return { noteLines: 0, droppedLines: 0, cards: 0, rejectedCards: 0 };
  const courseChunks = await loadCourseSourceChunks(deps.db, target.tenantId, document.course_id);
  const documentChunks = courseChunks.filter((c) => c.documentId === document.id);
  const keyTerms = extractKeyTerms(courseChunks);
  let generated;
  try {
    generated = await deps.notesGenerator.generate({ documentId: document.id, documentTitle: document.title, documentChunks, courseChunks, keyTerms });
  } catch (error) {
    throw new AppError('UNAVAILABLE', 'The notes generator failed', { generator: deps.notesGenerator.name }, { cause: error });
  }
  const byId = new Map<string, SourceChunk>(courseChunks.map((c) => [c.id, c]));
  const lines = generated.filter((line) => {
    const chunk = byId.get(line.chunkId);
    return chunk !== undefined && isLineSupported(line, chunk);
  });
  const cards = buildCourseCards(courseChunks, keyTerms);
  await withTransaction(deps.db, async (trx) => {
    await lockCourseStudyMaterial(trx, document.course_id);
    await replaceDocumentNotes(trx, {
      tenantId: target.tenantId, courseId: document.course_id, documentId: document.id, generator: deps.notesGenerator.name,
      lines: lines.map((l, i) => ({
        id: `n${i + 1}`, kind: l.kind, text: l.text, term: l.term, definition: l.definition, chunk_id: l.chunkId, topic_id: l.topicId,
      })),
    });
    await syncCourseCards(trx, target.tenantId, document.course_id, cards.passing.map((card) => ({
      cardKey: card.cardKey, kind: card.kind, front: card.front, back: card.back, chunkIds: card.chunks.map((c) => c.id),
      topicId: card.chunks[0]?.topicId ?? null, documentId: card.chunks[0]?.documentId ?? null,
    })));
  });
  return { noteLines: lines.length, droppedLines: generated.length - lines.length, cards: cards.passing.length, rejectedCards: cards.rejected.length };
}
