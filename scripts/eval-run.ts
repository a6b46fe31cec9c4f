/** One run of scripts/eval.ts: index a pack (or half of it), ask its questions, summarise, print. */
import { appendFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../core/src/db/schema.js';
import { createQaRepository } from '../core/src/domain/qa/qa.repository.js';
import { createRetrievalRepository } from '../core/src/domain/qa/retrieval.repository.js';
import { createVocabularyRepository } from '../core/src/domain/qa/course-vocabulary.repository.js';
import { answerQuestion, type AnswerResult } from '../core/src/domain/qa/answer-question.js';
import type { FocusWeights } from '../core/src/domain/qa/focus-rerank.js';
import type { RerankWeights } from '../core/src/domain/qa/rank-fusion.js';
import type { RetrievalMode } from '../core/src/domain/qa/retrieve-chunks.js';
import type { EmbeddingsProvider } from '../core/src/providers/embeddings/embeddings.port.js';
import type { LlmAnswerRequest, LlmProvider } from '../core/src/providers/llm/llm.port.js';
import { goldSpanOf, indexPack, type IndexedPack, type PackQuestion, readPack, seededSample } from './eval-pack.js';
import { citationCoverage, evidenceCurve, firstSentenceHasGold, percentile, rankOfGold, type QuestionOutcome, summarise, thresholdCurve } from './eval-metrics.js';

export interface EvalOptions {
  embeddings: EmbeddingsProvider;
  llm: LlmProvider;
  mode: RetrievalMode;
  threshold: number;
  /** The evidence minimum (`evidenceOf`) the report's figures apply; the curves vary it and the threshold in turn. */
  minEvidence: number;
  topK: number;
  topN: number;
  sample: number | undefined;
  /** Which half of the questions to ask: `tune` to tune on, `holdout` to report on (a fixed hash of the question id), or all. */
  split: EvalSplit | undefined;
  weights: RerankWeights | undefined;
  focusWeights: FocusWeights | undefined;
  chunking: { size: number; overlap: number };
  dump: string | undefined;
  /** JSONL of every question's answerer request (question as asked, passages), relevance and gold rank, for `scripts/eval-replay.ts`. */
  cache?: string | undefined;
  log: (line: string) => void;
}

/** The two halves of every pack: tune on one, report on the other. */
export const EVAL_SPLITS = ['tune', 'holdout'] as const;
export type EvalSplit = (typeof EVAL_SPLITS)[number];

/** A question's half: FNV-1a of its id, even → tune, odd → holdout; fixed, so no tuning ever sees the holdout. */
export function splitOf(questionId: string): EvalSplit {
  let hash = 0x811c9dc5;
  for (let i = 0; i < questionId.length; i += 1) hash = Math.imul(hash ^ questionId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 2 === 0 ? 'tune' : 'holdout';
}

export type EvalReport = ReturnType<typeof summarise> & {
  pack: string; off_course: boolean; split: EvalSplit | 'all'; mode: RetrievalMode; embeddings: string; llm: string; documents: number; chunks: number; top_k: number; top_n: number;
  answerable_questions: number; unanswerable_questions: number; threshold: number; min_evidence: number;
  latency_ms: { p50: number; p95: number };
  threshold_curve: ReturnType<typeof thresholdCurve>;
  evidence_curve: ReturnType<typeof evidenceCurve>;
};

/** Asks questions of one indexed course and returns their outcomes. */
async function ask(db: Kysely<Database>, indexed: IndexedPack, questions: [PackQuestion, boolean][], options: EvalOptions): Promise<QuestionOutcome[]> {
  // Threshold and evidence minimum 0 in the use case so every question reaches the answerer; refusal at any
  // (t, e) is then "relevance < t, evidence < e, or the answerer itself declined" — exactly what the product does.
  // The answerer's last request is kept for the replay cache (the answerer is cheap; retrieval is not).
  const seen: { request?: LlmAnswerRequest | undefined } = {};
  const llm: LlmProvider = options.cache ? { ...options.llm, answer: (r) => { seen.request = r; return options.llm.answer(r); } } : options.llm;
  const deps = { retrieval: createRetrievalRepository(db), embeddings: options.embeddings, llm, store: createQaRepository(db), vocabulary: createVocabularyRepository(db), refusalThreshold: 0, minEvidence: 0 };
  const outcomes: QuestionOutcome[] = [];
  for (const [question, isAnswerable] of questions) {
    const started = performance.now();
    delete seen.request;
    const result: AnswerResult = await answerQuestion(deps, {
      tenantId: indexed.tenantId, courseId: indexed.courseId, userId: null, question: question.question, topK: options.topK, topN: options.topN, mode: options.mode,
      ...(options.weights ? { weights: options.weights } : {}),
      ...(options.focusWeights ? { focusWeights: options.focusWeights } : {}),
    });
    const latencyMs = performance.now() - started;
    const gold = isAnswerable ? goldSpanOf(indexed, question) : undefined;
    // Citations come in reading order (cited first); rank them as retrieval did.
    const rankOf = new Map(result.retrievalStats.selected.map((id, i) => [id, i]));
    const ranked = [...result.citations].sort((a, b) => (rankOf.get(a.chunkId) ?? 0) - (rankOf.get(b.chunkId) ?? 0));
    const rank = gold ? rankOfGold(ranked.map((c) => indexed.chunkSpans.get(c.chunkId)), gold) : undefined;
    const { relevance, evidence } = result.retrievalStats;
    const firstHasGold = result.found && isAnswerable && question.answers?.length ? firstSentenceHasGold(result.answer, question.answers) : undefined;
    outcomes.push({
      isAnswerable, relevance, evidence, answererFound: result.found, rank, latencyMs, firstHasGold,
      coverage: result.found ? citationCoverage(result.answer, result.citations) : undefined,
    });
    if (options.dump) {
      appendFileSync(options.dump, `${JSON.stringify({ id: question.id, question: question.question, isAnswerable, relevance, evidence, found: result.found, rank, firstHasGold, answers: question.answers, answer: result.answer, top: result.retrievalStats.reranked.slice(0, 3) })}\n`);
    }
    if (options.cache) {
      const goldRank = gold ? rankOfGold(result.retrievalStats.selected.map((id) => indexed.chunkSpans.get(id)), gold) : undefined;
      const request = seen.request as LlmAnswerRequest | undefined;
      appendFileSync(options.cache, `${JSON.stringify({ id: question.id, isAnswerable, relevance, goldRank, answers: question.answers, asked: request?.question ?? result.resolvedQuestion, passages: request?.passages ?? [] })}\n`);
    }
    if (outcomes.length % 200 === 0) options.log(`eval: ${outcomes.length}/${questions.length}`);
  }
  return outcomes;
}

/**
 * Indexes the pack (whole, or each half of its articles for `offCourse`) and asks its questions.
 * Refusal packs (with controls) ask the controls as answerable and the questions as unanswerable; off-course
 * runs ask, in each half, the other half's questions as unanswerable and the half's own as answerable.
 */
export async function runPack(db: Kysely<Database>, dir: string, offCourse: boolean, options: EvalOptions): Promise<EvalReport> {
  const pack = readPack(dir);
  const pick = (all: PackQuestion[]) => {
    const list = options.split ? all.filter((q) => splitOf(q.id) === options.split) : all;
    return options.sample ? seededSample(list, options.sample) : list;
  };
  const folds: { documents: Set<string> | undefined; questions: [PackQuestion, boolean][] }[] = [];
  if (offCourse) {
    const ids = pack.documents.map((d) => d.id);
    for (const parity of [0, 1]) {
      const inCourse = new Set(ids.filter((_, i) => i % 2 === parity));
      const own = pick(pack.questions.filter((q) => inCourse.has(q.doc_id)));
      const other = pick(pack.questions.filter((q) => !inCourse.has(q.doc_id)));
      folds.push({ documents: inCourse, questions: [...own.map((q) => [q, true] as [PackQuestion, boolean]), ...other.map((q) => [q, false] as [PackQuestion, boolean])] });
    }
  } else {
    const isRefusalPack = pack.controls.length > 0;
    const answerable = isRefusalPack ? pick(pack.controls) : pick(pack.questions);
    const unanswerable = isRefusalPack ? pick(pack.questions) : [];
    folds.push({ documents: undefined, questions: [...answerable.map((q) => [q, true] as [PackQuestion, boolean]), ...unanswerable.map((q) => [q, false] as [PackQuestion, boolean])] });
  }
  const outcomes: QuestionOutcome[] = [];
  let chunks = 0;
  for (const fold of folds) {
    options.log(`eval: indexing ${fold.documents ? `${fold.documents.size} of ` : ''}${pack.documents.length} documents of ${pack.name} with ${options.embeddings.model}…`);
    const indexed = await indexPack(db, pack, options.embeddings, options.chunking, fold.documents);
    options.log(`eval: ${indexed.chunkCount} chunks in ${(indexed.indexMs / 1000).toFixed(1)} s; ${fold.questions.length} questions`);
    chunks += indexed.chunkCount;
    outcomes.push(...await ask(db, indexed, fold.questions, options));
  }
  const latencies = outcomes.map((o) => o.latencyMs);
  return {
    pack: pack.name, off_course: offCourse, split: options.split ?? 'all', mode: options.mode, embeddings: options.embeddings.model, llm: `${options.llm.provider}/${options.llm.model}`,
    documents: pack.documents.length, chunks, top_k: options.topK, top_n: options.topN,
    answerable_questions: outcomes.filter((o) => o.isAnswerable).length, unanswerable_questions: outcomes.filter((o) => !o.isAnswerable).length,
    threshold: options.threshold,
    min_evidence: options.minEvidence,
    ...summarise(outcomes, options.threshold, options.minEvidence),
    latency_ms: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    threshold_curve: thresholdCurve(outcomes, options.minEvidence),
    evidence_curve: evidenceCurve(outcomes, options.threshold),
  };
}

/** The report as Markdown tables. */
export function printReport(report: EvalReport): void {
  const f = (x: number | null) => (x === null ? '   —  ' : x.toFixed(3));
  const kind = report.off_course ? 'off-course (each half of the articles is a course; the other half\'s questions must be refused)' : '';
  console.log(`\nPack ${report.pack} ${kind}· questions: ${report.split === 'all' ? 'all' : `${report.split} half`} · ${report.documents} documents · ${report.chunks} chunks · leg ${report.mode} · ${report.embeddings} · ${report.llm}`);
  console.log(`questions: ${report.answerable_questions} answerable, ${report.unanswerable_questions} ${report.off_course ? 'off-course' : 'unanswerable'} · refusal threshold ${report.threshold}, evidence minimum ${report.min_evidence}`);
  console.log('| metric | value |\n|---|---|');
  for (const [name, value] of [['recall@1', report.recall_at_1], ['recall@5', report.recall_at_5], ['recall@10', report.recall_at_10], ['MRR', report.mrr],
    ['retrieval recall@5 (ignoring refusals)', report.retrieval_recall_at_5], ['first sentence holds a gold answer (answered)', report.first_sentence_gold],
    ['citation coverage', report.citation_coverage], [report.off_course ? 'refusal rate (off-course)' : 'refusal rate (unanswerable)', report.refusal_rate],
    ['false refusal rate (answerable)', report.false_refusal_rate]] as const) console.log(`| ${name} | ${f(value)} |`);
  console.log(`| latency p50 / p95 (ms) | ${report.latency_ms.p50.toFixed(1)} / ${report.latency_ms.p95.toFixed(1)} |`);
  console.log(`\nRelevance threshold (evidence minimum ${report.min_evidence}):`);
  console.log('| threshold | refusal (unanswerable) | false refusal (answerable) | recall@5 | first sentence gold |\n|---|---|---|---|---|');
  for (const point of report.threshold_curve) console.log(`| ${point.threshold.toFixed(3)} | ${f(point.refusal_rate)} | ${f(point.false_refusal_rate)} | ${f(point.recall_at_5)} | ${f(point.first_sentence_gold)} |`);
  console.log(`\nEvidence minimum (relevance threshold ${report.threshold}):`);
  console.log('| evidence minimum | refusal (unanswerable) | false refusal (answerable) | recall@5 | first sentence gold |\n|---|---|---|---|---|');
  for (const point of report.evidence_curve) console.log(`| ${point.min_evidence.toFixed(2)} | ${f(point.refusal_rate)} | ${f(point.false_refusal_rate)} | ${f(point.recall_at_5)} | ${f(point.first_sentence_gold)} |`);
}
