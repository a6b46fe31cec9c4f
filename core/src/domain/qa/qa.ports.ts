/**
 * The ports the Q&A use cases need. The kysely repositories beside them (`*.repository.ts` in `core/src/domain/qa/`) implement
 * them; the domain never sees SQL. Every call is scoped to one tenant AND one course.
 */

/** Which tenant and course a call may read or write; never optional. */
export interface CourseScope { tenantId: string; courseId: string }

/** One ranked row of a first-stage leg. */
export interface LegHit { chunkId: string; score: number }

/** How the vector leg found its rows (see docs/decisions on exact vs iterative scan). */
export type VectorScanStrategy = 'exact' | 'iterative_hnsw' | 'iterative_hnsw_then_exact';

/** The vector leg's rows plus how many vectors the course has for this model (the completeness bound). */
export interface VectorLegResult { hits: LegHit[]; strategy: VectorScanStrategy; courseVectorCount: number }

/** A candidate chunk with what the reranker, the snippet picker and the citation need. */
export interface CandidateChunk {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  chunkIndex: number;
  content: string;
  heading: string;
  page: number | null;
  slide: number | null;
  /** Cosine similarity of the chunk's vector to the question's, 0 when the chunk has no vector for the model. */
  vectorSimilarity: number;
  /** Content terms of heading + content stored at ingest (absent on chunks indexed before they were stored). */
  terms?: readonly string[];
}

/**
 * Reads for retrieval.
 *
 * @example
 * const { hits } = await store.vectorSearch({ tenantId, courseId, model, dimensions: 384, vector, limit: 40 });
 */
export interface RetrievalStore {
  vectorSearch(input: CourseScope & { model: string; dimensions: number; vector: number[]; limit: number }): Promise<VectorLegResult>;
  lexicalSearch(input: CourseScope & { text: string; limit: number }): Promise<LegHit[]>;
  loadCandidates(input: CourseScope & { chunkIds: string[]; model: string; vector: number[] }): Promise<CandidateChunk[]>;
}

/** Where a citation points inside its document. */
export interface ChunkLocation { page?: number; slide?: number; heading?: string }

/** A persisted citation row (the chunk's text and title are joined in when read back). */
export interface CitationRecord {
  marker: number;
  chunkId: string;
  documentId: string;
  score: number;
  snippet: string;
  location: ChunkLocation;
}

/** One of a course's recent questions, as instructors see it. */
export interface RecentQuestionRecord {
  questionId: string;
  question: string;
  askedAt: Date;
  userId: string | null;
  answerId: string | null;
  answer: string | null;
  found: boolean | null;
  citationCount: number;
  feedback: { helpfulCount: number; notHelpfulCount: number; groundedCount: number; notGroundedCount: number; comments: string[] };
}

/**
 * Writes and reads of questions, answers, citations and feedback.
 *
 * @example
 * const { answerId } = await store.saveAnswer({ ...scope, userId, question, answer, citations });
 */
export interface QaStore {
  saveAnswer(input: CourseScope & {
    userId: string | null;
    question: string;
    answer: { text: string; found: boolean; provider: string; model: string; latencyMs: number; retrievalStats: Record<string, unknown> };
    citations: CitationRecord[];
  }): Promise<{ questionId: string; answerId: string; createdAt: Date }>;
  /** The answer's course, when the answer exists in this tenant. */
  /** The answer's course and who asked its question (feedback is the asker's own). */
  findAnswerScope(input: { tenantId: string; answerId: string }): Promise<{ courseId: string; askedBy: string | null } | undefined>;
  upsertFeedback(input: { tenantId: string; answerId: string; userId: string; helpful: boolean; grounded: boolean; comment: string | null }): Promise<{ feedbackId: string; updatedAt: Date }>;
  listRecentQuestions(input: CourseScope & { limit: number }): Promise<RecentQuestionRecord[]>;
}

/**
 * The words a course uses (lower case, as written) with how many chunks use each: what a misspelt question
 * is corrected against.
 *
 * @example
 * const words = await vocabulary.courseVocabulary({ tenantId, courseId }); // Map { 'conditioning' => 41, … }
 */
export interface VocabularyStore {
  courseVocabulary(scope: CourseScope): Promise<ReadonlyMap<string, number>>;
}
