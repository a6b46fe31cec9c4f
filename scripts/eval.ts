/**
 * Retrieval and answer evaluation on a public pack:
 *   npm run eval -- --pack data/eval/squad-answerable [--sample N] [--leg vector|lexical|hybrid]
 *                   [--threshold X] [--min-recall-at-5 X] [--json] [--quiet] [--dump file.jsonl]
 * Indexes the pack into a fresh in-memory PGlite course with the product's chunker, embeddings and
 * repositories, asks every question (or a seeded sample) through the answer-question use case, and
 * prints recall@1/5/10 and MRR of the gold evidence among the citations, citation coverage, refusal
 * and false-refusal rates (with the curve over thresholds) and latency. Exits 1 below the recall floor.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../core/src/db/database.js';
import { migrate } from '../core/src/db/migrator.js';
import { createQaRepository } from '../core/src/db/repositories/qa.repository.js';
import { createRetrievalRepository } from '../core/src/db/repositories/retrieval.repository.js';
import { answerQuestion, type AnswerResult } from '../core/src/domain/qa/answer-question.js';
import { DEFAULT_REFUSAL_THRESHOLD } from '../core/src/domain/qa/refusal.js';
import { RETRIEVAL_MODES, type RetrievalMode } from '../core/src/domain/qa/retrieve-chunks.js';
import { createEmbeddingsProvider } from '../core/src/providers/embeddings/index.js';
import { createLlmProvider } from '../core/src/providers/llm/index.js';
import { goldSpanOf, indexPack, type PackQuestion, readPack, seededSample } from './eval-pack.js';
import { citationCoverage, percentile, rankOfGold, type QuestionOutcome, summarise, thresholdCurve } from './eval-metrics.js';

const { values: args } = parseArgs({
  options: {
    pack: { type: 'string' },
    sample: { type: 'string' },
    leg: { type: 'string', default: 'hybrid' },
    threshold: { type: 'string' },
    'min-recall-at-5': { type: 'string' },
    'top-k': { type: 'string', default: '10' },
    'top-n': { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    dump: { type: 'string' },
    weights: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

if (!args.pack) fail('--pack data/eval/<pack> is required');
const mode = args.leg as RetrievalMode;
if (!RETRIEVAL_MODES.includes(mode)) fail(`--leg must be one of ${RETRIEVAL_MODES.join(', ')}`);
const threshold = args.threshold === undefined ? DEFAULT_REFUSAL_THRESHOLD : Number(args.threshold);
const topK = Number(args['top-k']);
const [wVector, wLexical, wCoverage] = (args.weights ?? '').split(',').map(Number);
const weights = args.weights ? { vector: wVector ?? 0, lexical: wLexical ?? 0, coverage: wCoverage ?? 0 } : undefined;
const topN = Number(args['top-n']);
const log = (line: string) => { if (!args.quiet && !args.json) console.error(line); };

// The eval uses the configured providers; with nothing set these are the local, offline ones.
const providerConfig = {
  embeddings: { provider: (process.env.EMBEDDINGS_PROVIDER ?? 'local') as 'local' | 'openai', model: process.env.EMBEDDINGS_MODEL ?? 'text-embedding-3-small', dimensions: Number(process.env.EMBEDDINGS_DIMENSIONS ?? 384) },
  llm: { provider: (process.env.LLM_PROVIDER ?? 'local') as 'local' | 'openai', model: process.env.LLM_MODEL ?? 'gpt-4o-mini', timeoutMs: Number(process.env.LLM_TIMEOUT_MS ?? 30_000) },
  openai: { apiKey: process.env.OPENAI_API_KEY, baseUrl: process.env.OPENAI_BASE_URL },
};
const embeddings = createEmbeddingsProvider(providerConfig);
const llm = createLlmProvider(providerConfig);

const pack = readPack(args.pack);
const handle = await openDatabase({ pgliteDataDir: 'memory://' });
try {
  await migrate(handle.db);
  log(`eval: indexing ${pack.documents.length} documents of ${pack.name} with ${embeddings.model}…`);
  const indexed = await indexPack(handle.db, pack, embeddings, { size: Number(process.env.CHUNK_SIZE ?? 800), overlap: Number(process.env.CHUNK_OVERLAP ?? 120) });
  log(`eval: ${indexed.chunkCount} chunks in ${(indexed.indexMs / 1000).toFixed(1)} s`);

  const sampleSize = args.sample ? Number(args.sample) : undefined;
  const pick = (list: PackQuestion[]) => (sampleSize ? seededSample(list, sampleSize) : list);
  const isRefusalPack = pack.controls.length > 0;
  const answerable = isRefusalPack ? pick(pack.controls) : pick(pack.questions);
  const unanswerable = isRefusalPack ? pick(pack.questions) : [];

  // Threshold 0 in the use case so every question reaches the answerer; refusal at any threshold is then
  // "relevance < t, or the answerer itself declined" — which is exactly what the product does at t.
  const deps = { retrieval: createRetrievalRepository(handle.db), embeddings, llm, store: createQaRepository(handle.db), refusalThreshold: 0 };
  const outcomes: QuestionOutcome[] = [];
  const dump: unknown[] = [];
  const ask = async (question: PackQuestion, isAnswerable: boolean) => {
    const started = performance.now();
    const result: AnswerResult = await answerQuestion(deps, { tenantId: indexed.tenantId, courseId: indexed.courseId, userId: null, question: question.question, topK, topN, mode, ...(weights ? { weights } : {}) });
    const latencyMs = performance.now() - started;
    const gold = goldSpanOf(indexed, question);
    // Citations come in reading order (cited first); rank them as retrieval did.
    const rankOf = new Map(result.retrievalStats.selected.map((id, i) => [id, i]));
    const ranked = [...result.citations].sort((a, b) => (rankOf.get(a.chunkId) ?? 0) - (rankOf.get(b.chunkId) ?? 0));
    const rank = gold ? rankOfGold(ranked.map((c) => indexed.chunkSpans.get(c.chunkId)), gold) : undefined;
    const relevance = result.retrievalStats.relevance;
    outcomes.push({
      isAnswerable, relevance, answererFound: result.found, rank, latencyMs,
      coverage: result.found ? citationCoverage(result.answer, result.citations) : undefined,
    });
    if (args.dump) dump.push({ id: question.id, question: question.question, isAnswerable, relevance, found: result.found, rank, top: result.retrievalStats.reranked.slice(0, 3), texts: result.citations.slice(0, 3).map((c) => c.text), answer: result.answer });
  };
  const all = [...answerable.map((q) => [q, true] as const), ...unanswerable.map((q) => [q, false] as const)];
  let done = 0;
  for (const [question, isAnswerable] of all) {
    await ask(question, isAnswerable);
    done += 1;
    if (done % 200 === 0) log(`eval: ${done}/${all.length}`);
  }
  if (args.dump) writeFileSync(args.dump, dump.map((d) => JSON.stringify(d)).join('\n'));

  const summary = summarise(outcomes, threshold);
  const curve = thresholdCurve(outcomes);
  const latencies = outcomes.map((o) => o.latencyMs);
  const report = {
    pack: pack.name, mode, embeddings: embeddings.model, llm: `${llm.provider}/${llm.model}`,
    documents: pack.documents.length, chunks: indexed.chunkCount, top_k: topK, top_n: topN,
    answerable_questions: answerable.length, unanswerable_questions: unanswerable.length, threshold,
    ...summary,
    latency_ms: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    threshold_curve: curve,
  };

  if (args.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const f = (x: number | null) => (x === null ? '   —  ' : x.toFixed(3));
    console.log(`\nPack ${report.pack} · ${report.documents} documents · ${report.chunks} chunks · leg ${mode} · ${report.embeddings} · ${report.llm}`);
    console.log(`questions: ${answerable.length} answerable${isRefusalPack ? ` (controls), ${unanswerable.length} unanswerable` : ''} · refusal threshold ${threshold}`);
    console.log('| metric | value |\n|---|---|');
    for (const [name, value] of [['recall@1', summary.recall_at_1], ['recall@5', summary.recall_at_5], ['recall@10', summary.recall_at_10], ['MRR', summary.mrr],
      ['retrieval recall@5 (ignoring refusals)', summary.retrieval_recall_at_5], ['citation coverage', summary.citation_coverage], ['refusal rate (unanswerable)', summary.refusal_rate],
      ['false refusal rate (answerable)', summary.false_refusal_rate]] as const) console.log(`| ${name} | ${f(value)} |`);
    console.log(`| latency p50 / p95 (ms) | ${report.latency_ms.p50.toFixed(1)} / ${report.latency_ms.p95.toFixed(1)} |`);
    console.log('\n| threshold | refusal (unanswerable) | false refusal (answerable) | recall@5 |\n|---|---|---|---|');
    for (const point of curve) console.log(`| ${point.threshold.toFixed(3)} | ${f(point.refusal_rate)} | ${f(point.false_refusal_rate)} | ${f(point.recall_at_5)} |`);
  }
  const floor = args['min-recall-at-5'];
  if (floor !== undefined && (summary.recall_at_5 ?? 0) < Number(floor)) {
    console.error(`eval: recall@5 ${summary.recall_at_5?.toFixed(3)} is below the floor ${floor}`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
