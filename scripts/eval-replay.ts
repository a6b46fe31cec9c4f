/**
 * Replays the answer stage on a cache written by `npm run eval -- … --cache file.jsonl`: each question's answerer
 * request (the question as asked after follow-up and spelling, the passages in retrieval order), its relevance
 * and the rank of its gold passage. Retrieval is the costly part of the eval and does not change when only the
 * answerer does, so the answerer (local extractive, server-side verification included) can be tuned in seconds:
 *   npx tsx scripts/eval-replay.ts --cache tune-ans.jsonl [--cache tune-off.jsonl] [--threshold 0.275] [--min-evidence 0.45] [--lead '{"names":0.1}'] [--show answered-off|refused|first-miss]
 * Prints recall@5, first sentence holds a gold answer, false refusals and off-course / unanswerable refusal.
 * Tune only on caches of the tune half (`--split tune`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_MIN_EVIDENCE, DEFAULT_REFUSAL_THRESHOLD, evidenceOf } from '../core/src/domain/qa/refusal.js';
import { verifyAnswer } from '../core/src/domain/qa/verify-answer.js';
import type { LlmPassage } from '../core/src/providers/llm/llm.port.js';
import { createLocalExtractiveLlm, type LeadWeights } from '../core/src/providers/llm/local-extractive.llm.js';
import { firstSentenceHasGold } from './eval-metrics.js';

const { values: args } = parseArgs({ options: { cache: { type: 'string', multiple: true }, threshold: { type: 'string' }, 'min-evidence': { type: 'string' }, show: { type: 'string' }, lead: { type: 'string' }, quiet: { type: 'boolean', default: false }, limit: { type: 'string', default: '40' } } });

interface Cached { id: string; isAnswerable: boolean; relevance: number; goldRank?: number; answers?: string[]; asked: string; passages: LlmPassage[] }

const threshold = args.threshold === undefined ? DEFAULT_REFUSAL_THRESHOLD : Number(args.threshold);
const minEvidence = args['min-evidence'] === undefined ? DEFAULT_MIN_EVIDENCE : Number(args['min-evidence']);
const llm = createLocalExtractiveLlm(args.lead ? { lead: JSON.parse(args.lead) as Partial<LeadWeights> } : {});
const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
let shown = 0;

for (const file of args.cache ?? []) {
  const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Cached);
  const outcomes = [];
  for (const row of rows) {
    const reply = row.passages.length > 0 ? await llm.answer({ question: row.asked, passages: row.passages }) : { found: false, answer: '', citedMarkers: [] };
    const verified = reply.found ? verifyAnswer(reply.answer, row.passages) : { answer: '', citedMarkers: [] };
    const evidence = evidenceOf(row.asked, row.passages);
    const found = row.relevance >= threshold && evidence >= minEvidence && reply.found && verified.citedMarkers.length > 0;
    const firstGold = found && row.isAnswerable && row.answers?.length ? firstSentenceHasGold(verified.answer, row.answers) : undefined;
    outcomes.push({ row, found, firstGold, answer: verified.answer });
    const show = args.show === 'answered-off' ? found && !row.isAnswerable
      : args.show === 'refused' ? !found && row.isAnswerable
        : args.show === 'first-miss' ? firstGold === false : false;
    if (show && shown < Number(args.limit)) {
      shown += 1;
      console.log(`\n[${row.id}] ${row.asked}${row.answers ? `  gold: ${row.answers.slice(0, 3).join(' | ')}` : ''}  rel ${row.relevance.toFixed(3)} evidence ${evidence.toFixed(3)} rank ${row.goldRank ?? '-'}\n  → ${found ? verified.answer.slice(0, 400) : 'REFUSED'}`);
    }
  }
  const answerable = outcomes.filter((o) => o.row.isAnswerable);
  const other = outcomes.filter((o) => !o.row.isAnswerable);
  console.log(`${file}: ${answerable.length} answerable, ${other.length} unanswerable/off-course, threshold ${threshold}, evidence minimum ${minEvidence}`);
  console.log(`  recall@5 ${f(mean(answerable.map((o) => (o.found && o.row.goldRank !== undefined && o.row.goldRank <= 5 ? 1 : 0))))}`
    + ` · retrieval recall@5 ${f(mean(answerable.map((o) => (o.row.goldRank !== undefined && o.row.goldRank <= 5 ? 1 : 0))))}`
    + ` · first sentence gold ${f(mean(answerable.filter((o) => o.firstGold !== undefined).map((o) => (o.firstGold ? 1 : 0))))}`
    + ` · false refusal ${f(mean(answerable.map((o) => (o.found ? 0 : 1))))}`
    + ` · refusal ${f(mean(other.map((o) => (o.found ? 0 : 1))))}`);
}
