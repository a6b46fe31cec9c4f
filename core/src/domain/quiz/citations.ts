import type { Db } from '../../db/db-types.js';
import { type StoredQuestion, findCitedChunks } from './quiz.repository.js';
import { contentStems, sentencesOf, stripMarkdown } from './text.js';

/** One cited course passage: which document, where in it, and the sentence that supports the explanation. */
export interface AttemptCitationView {
  chunkId: string; documentId: string; documentTitle: string; snippet: string;
  location: { heading: string; headingPath: string[]; page: number | null; slide: number | null };
}

/** The sentence of the chunk sharing most content words with the explanation (at most ~300 characters). */
function snippetFor(content: string, explanation: string): string {
  const wanted = new Set(contentStems(explanation));
  let best = '';
  let bestScore = -1;
  for (const sentence of sentencesOf(stripMarkdown(content))) {
    const score = contentStems(sentence).filter((s) => wanted.has(s)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best.length > 300 ? `${best.slice(0, best.lastIndexOf(' ', 297))}…` : best;
}

/**
 * Citations per question id, from the chunks each question was generated from (a deleted chunk simply drops out).
 *
 * @example
 * const citations = await buildCitations(db, tenantId, questions); citations.get(questionId);
 */
export async function buildCitations(db: Db, tenantId: string, questions: StoredQuestion[]): Promise<Map<string, AttemptCitationView[]>> {
  const chunks = new Map((await findCitedChunks(db, tenantId, [...new Set(questions.flatMap((q) => q.chunkIds))])).map((c) => [c.id, c]));
  return new Map(questions.map((q) => [q.id, q.chunkIds.flatMap((id) => {
    const chunk = chunks.get(id);
    if (!chunk) return [];
    return [{
      chunkId: chunk.id, documentId: chunk.document_id, documentTitle: chunk.document_title,
      snippet: snippetFor(chunk.content, `${q.explanation} ${q.prompt}`),
      location: { heading: chunk.heading_path.join(' › '), headingPath: chunk.heading_path, page: chunk.page, slide: chunk.slide },
    }];
  })]));
}
