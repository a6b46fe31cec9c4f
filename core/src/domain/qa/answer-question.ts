import { AppError } from '../../errors/app-error.js';
import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { LlmProvider } from '../../providers/llm/llm.port.js';
import { type AnswerMode, buildHint } from './answer-policy.js';
import { DEFAULT_FOCUS_WEIGHTS, focusRerank, type FocusWeights, retrievalQuestion } from './focus-rerank.js';
import { resolveFollowUp } from './follow-up.js';
import type { ChunkLocation, CourseScope, QaStore, RetrievalStore, VocabularyStore } from './qa.ports.js';
import type { RerankWeights } from './rank-fusion.js';
import { DEFAULT_MIN_EVIDENCE, DEFAULT_REFUSAL_THRESHOLD, evidenceOf, NOT_FOUND_ANSWER, refusalSuggestion, relevanceOf } from './refusal.js';
import { type RankedChunk, type RetrievalMode, type RetrievalStats, retrieveChunks, sectionPathOf } from './retrieve-chunks.js';
import { bestSnippet } from './snippet.js';
import { renumberMarkers } from './renumber-markers.js';
import { correctSpelling } from './spelling.js';
import { verifyAnswer } from './verify-answer.js';

/** Longest question accepted, in characters. */
export const QUESTION_MAX_CHARS = 1000;

/** The ports the use case receives. */
export interface AnswerQuestionDeps {
  retrieval: RetrievalStore;
  embeddings: EmbeddingsProvider;
  llm: LlmProvider;
  store: QaStore;
  /** The course's words, to correct misspelt questions; without it questions are taken as typed. */
  vocabulary?: VocabularyStore;
  /** @defaultValue DEFAULT_REFUSAL_THRESHOLD */
  refusalThreshold?: number;
  /** Refuse when the passages hold less of the question than this in one place (`evidenceOf`). @defaultValue DEFAULT_MIN_EVIDENCE */
  minEvidence?: number;
}

export interface AnswerQuestionInput extends CourseScope {
  userId: string | null;
  question: string;
  /** The thread's previous question: a follow-up ("and what about X?", "who discovered it?") is read against it. */
  previousQuestion?: string;
  /** The teacher's policy in force (see effectiveAnswerPolicy): hints point to the passage without stating the key. @defaultValue 'full' */
  answerMode?: AnswerMode;
  /** @defaultValue 40 */
  topN?: number;
  /** @defaultValue 10 */
  topK?: number;
  /** Eval only: one leg alone. @defaultValue 'hybrid' */
  mode?: RetrievalMode;
  /** Eval and tuning only. @defaultValue DEFAULT_RERANK_WEIGHTS */
  weights?: RerankWeights;
  /** Eval and tuning only. @defaultValue DEFAULT_FOCUS_WEIGHTS */
  focusWeights?: FocusWeights;
}

/** One source of an answer. `marker` is what `[n]` in the answer refers to; `cited` says whether the answer uses it. */
export interface AnswerCitation {
  marker: number;
  documentId: string;
  documentTitle: string;
  chunkId: string;
  chunkIndex: number;
  location: ChunkLocation;
  snippet: string;
  text: string;
  score: number;
  cited: boolean;
}

/** What a student gets back (stats are for instructors' debug view and are always stored). */
export interface AnswerResult {
  answerId: string;
  answer: string;
  found: boolean;
  citations: AnswerCitation[];
  suggestion?: string;
  /** What was answered after reading a follow-up against the thread and correcting spelling against the course. */
  resolvedQuestion: string;
  corrections: { from: string; to: string }[];
  answerMode: 'full' | 'hints';
  retrievalStats: RetrievalStats & { relevance: number; refusalThreshold: number; evidence: number; minEvidence: number; droppedSentences: number; answerMode: 'full' | 'hints' };
}

function locationOf(chunk: RankedChunk): ChunkLocation {
  return {
    ...(chunk.page !== null ? { page: chunk.page } : {}),
    ...(chunk.slide !== null ? { slide: chunk.slide } : {}),
    ...(chunk.heading ? { heading: chunk.heading } : {}),
  };
}

/**
 * Answers a student's question from one course only: retrieve (hybrid, course-scoped, complete),
 * refuse when no chunk clears the calibrated relevance threshold, otherwise let the LLM port answer
 * from the top chunks with `[n]` markers (it may still say "not in context" → refusal), then persist
 * question, answer and citations. Never answers from outside the course.
 *
 * @example
 * const result = await answerQuestion({ retrieval, embeddings, llm, store }, { tenantId, courseId, userId, question: 'What is extinction?' });
 */
export async function answerQuestion(deps: AnswerQuestionDeps, input: AnswerQuestionInput): Promise<AnswerResult> {
  const question = input.question.trim();
  if (question.length === 0) throw new AppError('INVALID_ARGUMENT', 'The question is empty', { field: 'question' });
  if (question.length > QUESTION_MAX_CHARS) {
    throw new AppError('INVALID_ARGUMENT', `The question is longer than ${QUESTION_MAX_CHARS} characters`, { field: 'question', max: QUESTION_MAX_CHARS });
  }
  const topK = input.topK ?? 10;
  const topN = input.topN ?? 40;
  if (!Number.isInteger(topK) || topK < 1 || topK > 50) throw new AppError('INVALID_ARGUMENT', 'top_k must be an integer from 1 to 50', { field: 'top_k' });
  if (!Number.isInteger(topN) || topN < 1 || topN > 200) throw new AppError('INVALID_ARGUMENT', 'top_n must be an integer from 1 to 200', { field: 'top_n' });

  const answerMode = input.answerMode ?? 'full';
  if (answerMode === 'off') throw new AppError('FORBIDDEN', 'Your teacher has turned answers off for this course right now', { answer_policy: 'off' });

  const started = performance.now();
  const threshold = deps.refusalThreshold ?? DEFAULT_REFUSAL_THRESHOLD;
  const minEvidence = deps.minEvidence ?? DEFAULT_MIN_EVIDENCE;
  const followed = resolveFollowUp(question, input.previousQuestion);
  const { text: asked, corrections } = deps.vocabulary
    ? correctSpelling(followed, await deps.vocabulary.courseVocabulary({ tenantId: input.tenantId, courseId: input.courseId }))
    : { text: followed, corrections: [] };
  // Retrieval reads the question without its frame ("how does X work?"), takes a wider pool than it returns,
  // and the answer stage reorders that pool by the section path and the question's phrases before keeping top K.
  const pool = await retrieveChunks(deps, { ...input, question: retrievalQuestion(asked), topN, topK: Math.min(50, Math.max(topK, 2 * topK)), ...(input.mode ? { mode: input.mode } : {}) });
  const chunks = (input.mode ?? 'hybrid') === 'hybrid' ? focusRerank(retrievalQuestion(asked), pool.chunks, input.focusWeights ?? DEFAULT_FOCUS_WEIGHTS).slice(0, topK) : pool.chunks.slice(0, topK);
  const stats = { ...pool.stats, topK, selected: chunks.map((c) => c.chunkId) };
  const relevance = relevanceOf(chunks);
  const passages = chunks.map((chunk, i) => ({ marker: i + 1, title: sectionPathOf(chunk), text: chunk.content }));
  // Two checks before any answer: the best chunk scores well enough, and the passages hold the question's rare
  // words together somewhere (a course that shares only its common words is about something else).
  const evidence = chunks.length > 0 && relevance >= threshold ? evidenceOf(asked, passages) : 0;

  let found = chunks.length > 0 && relevance >= threshold && evidence >= minEvidence;
  let answer = NOT_FOUND_ANSWER;
  let cited = new Set<number>();
  let droppedSentences = 0;
  let note: string | undefined;
  if (found) {
    const answerStart = performance.now();
    const reply = await deps.llm.answer({ question: asked, passages });
    // Whoever wrote the answer, every sentence must be supported by a passage it cites: the rest is dropped,
    // and an answer left with nothing is a refusal.
    const verified = reply.found ? verifyAnswer(reply.answer, passages) : { answer: '', citedMarkers: [], dropped: [] };
    droppedSentences = verified.dropped.length;
    stats.latencyMs.answer = Math.round((performance.now() - answerStart) * 10) / 10;
    found = reply.found && verified.citedMarkers.length > 0;
    if (found) {
      answer = verified.answer;
      cited = new Set(verified.citedMarkers);
      note = reply.note;
    }
  }

  // Markers are renumbered for reading (cited sources first, in the answer's order); `retrievalStats` keeps
  // the retrieval ranks, and each citation its rerank score.
  const renumbered = renumberMarkers(answer, chunks.length, cited);
  if (found) answer = renumbered.answer;
  const isHint = found && answerMode === 'hints';
  if (isHint) {
    const where = [...cited].flatMap((rank) => {
      const chunk = chunks[rank - 1];
      return chunk ? [{ marker: renumbered.newMarkerOf.get(rank) ?? rank, label: sectionPathOf(chunk) }] : [];
    }).sort((a, b) => a.marker - b.marker);
    answer = buildHint({ question: asked, answer, where });
  } else if (found && note) {
    answer = `${answer} ${note}`;
  }
  const markerOf = (rank: number) => renumbered.newMarkerOf.get(rank) ?? rank;
  const citations: AnswerCitation[] = found ? chunks.map((chunk, i) => ({
    marker: markerOf(i + 1),
    documentId: chunk.documentId,
    documentTitle: chunk.documentTitle,
    chunkId: chunk.chunkId,
    chunkIndex: chunk.chunkIndex,
    location: locationOf(chunk),
    // A hint points to the passage; the passage's words stay in the course material, not in the reply.
    snippet: isHint ? '' : bestSnippet(chunk.content, asked),
    text: isHint ? '' : chunk.content,
    score: Math.round(chunk.score * 10_000) / 10_000,
    cited: cited.has(i + 1),
  })).sort((a, b) => a.marker - b.marker) : [];
  const latencyMs = performance.now() - started;
  stats.latencyMs.total = Math.round(latencyMs * 10) / 10;
  const retrievalStats = {
    ...stats, relevance: Math.round(relevance * 10_000) / 10_000, refusalThreshold: threshold, evidence: Math.round(evidence * 10_000) / 10_000, minEvidence, droppedSentences, resolvedQuestion: asked,
    // Stored with the answer so a reopened hint stays a hint.
    answerMode: (isHint ? 'hints' : 'full') as 'full' | 'hints',
  };

  const saved = await deps.store.saveAnswer({
    tenantId: input.tenantId,
    courseId: input.courseId,
    userId: input.userId,
    question,
    answer: { text: answer, found, provider: deps.llm.provider, model: deps.llm.model, latencyMs, retrievalStats: retrievalStats as unknown as Record<string, unknown> },
    citations: citations.map((c) => ({ marker: c.marker, chunkId: c.chunkId, documentId: c.documentId, score: c.score, snippet: c.snippet, location: c.location })),
  });

  return {
    answerId: saved.answerId,
    answer,
    found,
    citations,
    ...(found ? {} : { suggestion: refusalSuggestion(chunks, asked) }),
    resolvedQuestion: asked,
    corrections,
    answerMode: (isHint ? 'hints' : 'full') as 'full' | 'hints',
    retrievalStats,
  };
}
