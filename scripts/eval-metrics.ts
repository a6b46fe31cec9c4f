/** Metrics of scripts/eval.ts, kept apart so they stay small and readable. */
import { contentTerms } from '../core/src/domain/qa/text-analysis.js';
import type { GoldSpan } from './eval-pack.js';

/** What one asked question produced. */
export interface QuestionOutcome {
  isAnswerable: boolean;
  relevance: number;
  /** How much of the question the passages hold in one place (`evidenceOf`); refused below the minimum. */
  evidence: number;
  /** The answerer (LLM port) found an answer, with the use case's own threshold at 0. */
  answererFound: boolean;
  /** 1-based rank of the first citation overlapping the gold evidence, undefined when none does. */
  rank: number | undefined;
  coverage: number | undefined;
  /** Whether the answer's first sentence holds a gold answer string; undefined when refused or the pack has no answers. */
  firstHasGold?: boolean | undefined;
  latencyMs: number;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
function normaliseAnswer(text: string): string {
  return ` ${text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\b(a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim()} `;
}

/**
 * Whether the answer's first sentence (its text up to the first run of `[n]` markers) contains one of the
 * gold answers, compared as SQuAD does (normalised, whole words).
 *
 * @example
 * firstSentenceHasGold('It landed in 1969. [1] More. [2]', ['1969']) // true
 */
export function firstSentenceHasGold(answer: string, golds: string[]): boolean {
  const first = normaliseAnswer(answer.split(/(?:\s*\[\d+\])+/)[0] ?? '');
  return golds.some((gold) => { const g = normaliseAnswer(gold); return g.trim() !== '' && first.includes(g); });
}

/** 1-based rank of the first span overlapping the gold span. */
export function rankOfGold(spans: (GoldSpan | undefined)[], gold: GoldSpan): number | undefined {
  const index = spans.findIndex((s) => s !== undefined && s.documentId === gold.documentId && s.start < gold.end && gold.start < s.end);
  return index >= 0 ? index + 1 : undefined;
}

/**
 * Share of answer sentences (text up to a run of `[n]` markers) whose cited chunks support them: at
 * least 80 % of the sentence's content terms occur in one cited chunk. Sentences without a marker count
 * as unsupported.
 */
export function citationCoverage(answer: string, citations: { marker: number; text: string }[]): number {
  const byMarker = new Map(citations.map((c) => [c.marker, new Set(contentTerms(c.text))]));
  const parts = [...answer.matchAll(/([^[\]]+?)((?:\s*\[\d+\])+)|([^[\]]+)$/g)];
  let sentences = 0;
  let supported = 0;
  for (const part of parts) {
    const text = (part[1] ?? part[3] ?? '').trim();
    if (!text) continue;
    sentences += 1;
    const terms = contentTerms(text);
    const markers = [...(part[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const ok = markers.some((marker) => {
      const chunk = byMarker.get(marker);
      return chunk !== undefined && (terms.length === 0 || terms.filter((t) => chunk.has(t)).length / terms.length >= 0.8);
    });
    if (ok) supported += 1;
  }
  return sentences === 0 ? 0 : supported / sentences;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const isFound = (o: QuestionOutcome, threshold: number, minEvidence: number) => o.answererFound && o.relevance >= threshold && o.evidence >= minEvidence;

/** The report's figures at one refusal threshold and evidence minimum (null when the pack has no such questions). */
export function summarise(outcomes: QuestionOutcome[], threshold: number, minEvidence: number) {
  const answerable = outcomes.filter((o) => o.isAnswerable);
  const unanswerable = outcomes.filter((o) => !o.isAnswerable);
  const recallAt = (k: number) => mean(answerable.map((o) => (isFound(o, threshold, minEvidence) && o.rank !== undefined && o.rank <= k ? 1 : 0)));
  return {
    recall_at_1: recallAt(1),
    recall_at_5: recallAt(5),
    recall_at_10: recallAt(10),
    mrr: mean(answerable.map((o) => (isFound(o, threshold, minEvidence) && o.rank !== undefined ? 1 / o.rank : 0))),
    retrieval_recall_at_5: mean(answerable.map((o) => (o.rank !== undefined && o.rank <= 5 ? 1 : 0))),
    first_sentence_gold: mean(answerable.filter((o) => isFound(o, threshold, minEvidence) && o.firstHasGold !== undefined).map((o) => (o.firstHasGold ? 1 : 0))),
    citation_coverage: mean(outcomes.filter((o) => isFound(o, threshold, minEvidence) && o.coverage !== undefined).map((o) => o.coverage as number)),
    refusal_rate: mean(unanswerable.map((o) => (isFound(o, threshold, minEvidence) ? 0 : 1))),
    false_refusal_rate: mean(answerable.map((o) => (isFound(o, threshold, minEvidence) ? 0 : 1))),
  };
}

export interface CurvePoint { threshold: number; min_evidence: number; refusal_rate: number | null; false_refusal_rate: number; recall_at_5: number; first_sentence_gold: number | null }

const pointOf = (outcomes: QuestionOutcome[], threshold: number, minEvidence: number): CurvePoint => {
  const s = summarise(outcomes, threshold, minEvidence);
  return { threshold, min_evidence: minEvidence, refusal_rate: s.refusal_rate, false_refusal_rate: s.false_refusal_rate ?? 0, recall_at_5: s.recall_at_5 ?? 0, first_sentence_gold: s.first_sentence_gold };
};

/** Refusal rate (null without unanswerable questions), false-refusal rate and recall@5 over a range of relevance thresholds, the evidence minimum fixed. */
export function thresholdCurve(outcomes: QuestionOutcome[], minEvidence: number, from = 0.2, to = 0.6, step = 0.025): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let t = from; t <= to + 1e-9; t += step) points.push(pointOf(outcomes, Math.round(t * 1000) / 1000, minEvidence));
  return points;
}

/** The same over a range of evidence minimums, the relevance threshold fixed. */
export function evidenceCurve(outcomes: QuestionOutcome[], threshold: number, from = 0, to = 0.7, step = 0.05): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let e = from; e <= to + 1e-9; e += step) points.push(pointOf(outcomes, threshold, Math.round(e * 1000) / 1000));
  return points;
}
