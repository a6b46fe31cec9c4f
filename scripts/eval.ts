/**
 * Retrieval, answer and refusal evaluation on the public packs:
 *   npm run eval                                   # the whole suite: answerable pack, off-course, unanswerable curve
 *   npm run eval -- --pack data/eval/squad-answerable [--off-course] [--split tune|holdout] [--sample N] [--leg vector|lexical|hybrid]
 *                   [--threshold X] [--min-evidence X] [--min-recall-at-5 X] [--json] [--json-out file] [--quiet] [--dump file.jsonl] [--cache file.jsonl]
 * Indexes a pack into a fresh in-memory PGlite course with the product's chunker, embeddings and repositories,
 * asks every question (or a seeded sample) through the answer-question use case, and prints a table and the
 * JSON report: recall@1/5/10 and MRR of the gold evidence among the citations, the share of answers whose
 * first sentence holds a gold answer, citation coverage, refusal and false-refusal rates (with the curve over
 * thresholds) and latency. `--off-course` splits the pack's articles in two halves: each half is a course,
 * the other half's questions are off-course (must be refused) and its own are the controls. Exits 1 below the
 * recall floor. `LLM_PROVIDER=openai` (with OPENAI_BASE_URL, e.g. a local Ollama or vLLM) runs the same harness
 * on the OpenAI-compatible answerer. `--split tune` asks only the half of the questions used for tuning, `--split holdout`
 * only the other half (a fixed hash of the question id): tune on one, report the other.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../core/src/db/database.js';
import { migrate } from '../core/src/db/migrator.js';
import { DEFAULT_MIN_EVIDENCE, DEFAULT_REFUSAL_THRESHOLD } from '../core/src/domain/qa/refusal.js';
import { RETRIEVAL_MODES, type RetrievalMode } from '../core/src/domain/qa/retrieve-chunks.js';
import { createEmbeddingsProvider } from '../core/src/providers/embeddings/index.js';
import { createLlmProvider } from '../core/src/providers/llm/index.js';
import { EVAL_SPLITS, type EvalReport, type EvalSplit, printReport, runPack } from './eval-run.js';

const { values: args } = parseArgs({
  options: {
    pack: { type: 'string' },
    'off-course': { type: 'boolean', default: false },
    sample: { type: 'string' },
    split: { type: 'string' },
    leg: { type: 'string', default: 'hybrid' },
    threshold: { type: 'string' },
    'min-evidence': { type: 'string' },
    'min-recall-at-5': { type: 'string' },
    'top-k': { type: 'string', default: '10' },
    'top-n': { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
    'json-out': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    dump: { type: 'string' },
    cache: { type: 'string' },
    weights: { type: 'string' },
    'focus-weights': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

const mode = args.leg as RetrievalMode;
if (args.split !== undefined && !(EVAL_SPLITS as readonly string[]).includes(args.split)) fail(`--split must be one of ${EVAL_SPLITS.join(', ')}`);
if (!RETRIEVAL_MODES.includes(mode)) fail(`--leg must be one of ${RETRIEVAL_MODES.join(', ')}`);
const [wVector, wLexical, wCoverage] = (args.weights ?? '').split(',').map(Number);
const [wHeading, wPhrase, wWindow] = (args['focus-weights'] ?? '').split(',').map(Number);
const log = (line: string) => { if (!args.quiet && !args.json) console.error(line); };

// The eval uses the configured providers; with nothing set these are the local, offline ones.
const providerConfig = {
  embeddings: { provider: (process.env.EMBEDDINGS_PROVIDER ?? 'local') as 'local' | 'openai', model: process.env.EMBEDDINGS_MODEL ?? 'text-embedding-3-small', dimensions: Number(process.env.EMBEDDINGS_DIMENSIONS ?? 384) },
  llm: { provider: (process.env.LLM_PROVIDER ?? 'local') as 'local' | 'openai', model: process.env.LLM_MODEL ?? 'gpt-4o-mini', timeoutMs: Number(process.env.LLM_TIMEOUT_MS ?? 30_000) },
  openai: { apiKey: process.env.OPENAI_API_KEY ?? (process.env.OPENAI_BASE_URL ? 'none' : undefined), baseUrl: process.env.OPENAI_BASE_URL },
};
const options = {
  embeddings: createEmbeddingsProvider(providerConfig),
  llm: createLlmProvider(providerConfig),
  mode,
  threshold: args.threshold === undefined ? DEFAULT_REFUSAL_THRESHOLD : Number(args.threshold),
  minEvidence: args['min-evidence'] === undefined ? DEFAULT_MIN_EVIDENCE : Number(args['min-evidence']),
  topK: Number(args['top-k']),
  topN: Number(args['top-n']),
  sample: args.sample ? Number(args.sample) : undefined,
  split: args.split as EvalSplit | undefined,
  weights: args.weights ? { vector: wVector ?? 0, lexical: wLexical ?? 0, coverage: wCoverage ?? 0 } : undefined,
  focusWeights: args['focus-weights'] ? { heading: wHeading ?? 0, phrase: wPhrase ?? 0, window: wWindow ?? 0 } : undefined,
  chunking: { size: Number(process.env.CHUNK_SIZE ?? 800), overlap: Number(process.env.CHUNK_OVERLAP ?? 120) },
  dump: args.dump,
  cache: args.cache,
  log,
};

const runs: { pack: string; offCourse: boolean }[] = args.pack
  ? [{ pack: args.pack, offCourse: args['off-course'] ?? false }]
  : [
    { pack: 'data/eval/squad-answerable', offCourse: false },
    { pack: 'data/eval/squad-answerable', offCourse: true },
    { pack: 'data/eval/squad-unanswerable', offCourse: false },
  ];

const handle = await openDatabase({ pgliteDataDir: 'memory://' });
const reports: EvalReport[] = [];
try {
  await migrate(handle.db);
  for (const run of runs) {
    const report = await runPack(handle.db, run.pack, run.offCourse, options);
    reports.push(report);
    if (!args.json) printReport(report);
  }
} finally {
  await handle.close();
}
const json = JSON.stringify(reports.length === 1 ? reports[0] : { reports }, null, 2);
if (args['json-out']) writeFileSync(args['json-out'], `${json}\n`);
if (args.json || !args.pack) console.log(args.json ? json : `\n\`\`\`json\n${json}\n\`\`\``);
const floor = args['min-recall-at-5'];
const answerable = reports.find((r) => !r.off_course);
if (floor !== undefined && answerable && (answerable.recall_at_5 ?? 0) < Number(floor)) {
  console.error(`eval: recall@5 ${answerable.recall_at_5?.toFixed(3)} is below the floor ${floor}`);
  process.exitCode = 1;
}
