// Prints a sample of locally generated quiz questions (all four tiers) for a demo course, through the same path
// as production: the worker's Markdown parser, the product's chunker, topics as the chunk index assigns them,
// local hash embeddings. Usage: npx tsx scripts/quiz-sample.ts [course-folder] [seed] [questions-per-tier]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type SourceChunk, assignTopics, chunkDocument, createLocalHashEmbeddings, generateLocalQuiz } from '@tutorgraph/core';
import { parseMarkdown } from '../worker/src/parse/markdown.js';

const dir = process.argv[2] ?? 'data/courses/psychology-learning-and-memory';
const seed = process.argv[3] ?? 'demo-sample';
const perTier = Number(process.argv[4] ?? 5);

const chunks: SourceChunk[] = readdirSync(dir).filter((f) => /^\d+.*\.md$/.test(f)).sort().flatMap((file, d) => {
  const parsed = parseMarkdown(readFileSync(join(dir, file), 'utf8'));
  const title = parsed.title ?? file;
  const pieces = chunkDocument(parsed, { size: 800, overlap: 120 });
  const topics = assignTopics(pieces, title);
  return pieces.map((c, i) => ({
    id: `doc${d}-chunk${c.index}`, documentId: `doc${d}`, documentTitle: title, topicId: `doc${d}:${topics[i]}`, topicTitle: topics[i]!,
    content: c.content, headingPath: c.headingPath,
  }));
});

for (const tier of [1, 2, 3, 4] as const) {
  const questions = await generateLocalQuiz({ chunks, tier, numQuestions: perTier, seed }, createLocalHashEmbeddings(384));
  console.log(`\n===== TIER ${tier} (${questions.length}) =====`);
  for (const q of questions) {
    console.log(`\n[t${q.tier} ${q.type}] ${q.prompt}`);
    q.choices.forEach((c, i) => console.log(`   ${String.fromCharCode(65 + i)}. ${c}${q.answer.kind === 'choice' && q.answer.index === i ? '   ✓' : ''}`));
    if (q.answer.kind === 'boolean') console.log(`   answer: ${q.answer.value}`);
    if (q.answer.kind === 'text') console.log(`   answer: ${q.answer.text}${q.answer.accept.length > 1 ? ` (also accepted: ${q.answer.accept.slice(1).join(', ')})` : ''}`);
    console.log(`   explanation: ${q.explanation}   [topic: ${chunks.find((c) => c.topicId === q.topicId)?.topicTitle ?? '—'}]`);
  }
}
