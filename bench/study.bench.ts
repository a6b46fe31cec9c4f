/**
 * Study tools: flashcards generated per course and the share passing the quality gate (back supported by the
 * cited passage, nothing of the back on the front), by kind, with why the rest failed; and the study notes'
 * lines per document with the share the support check keeps. Courses: the two demo courses and a held-out one
 * (three pages of the Debian Administrator's Handbook, installed by the `debian-handbook` package), chunked by
 * the product's parser and chunker. Nothing is tuned on these figures.
 *
 * Run: `npx tsx bench/study.bench.ts` (or `npm run bench study`). Figures go to docs/study-tools.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assignTopics } from '../core/src/domain/ingestion/topics.js';
import { chunkDocument } from '../core/src/domain/ingestion/chunk-document.js';
import { extractKeyTerms } from '../core/src/domain/quiz/extract-terms.js';
import type { SourceChunk } from '../core/src/domain/quiz/types.js';
import { buildCourseCards, generateLocalNotes, isLineSupported } from '../core/src/domain/study/index.js';
import { loadCourseChunks } from '../core/test/quiz/fixtures/markdown-course.js';
import { parseHtml } from '../worker/src/parse/html.js';

const COURSES = new URL('../data/courses/', import.meta.url).pathname;
const DEBIAN = '/usr/share/doc/debian-handbook/html/en-US';
const HELD_OUT = ['sect.apt-cache.html', 'sect.backup.html', 'sect.user-group-databases.html'];

/** Debian handbook pages as the worker would index them (HTML parser → chunker → topics). */
function debianChunks(): SourceChunk[] {
  return HELD_OUT.flatMap((file, d) => {
    const parsed = parseHtml(readFileSync(join(DEBIAN, file), 'utf8'));
    const title = parsed.title ?? file;
    const chunks = chunkDocument(parsed, { size: 800, overlap: 120 });
    const topics = assignTopics(chunks, title);
    return chunks.map((chunk, i) => ({
      id: `deb${d}-${chunk.index}`, documentId: `deb${d}`, documentTitle: title, topicId: `deb${d}:${topics[i]}`, topicTitle: topics[i] ?? null,
      content: chunk.content, headingPath: chunk.headingPath,
    }));
  });
}

const pct = (n: number, d: number) => (d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

export async function run(): Promise<void> {
  const courses: [string, () => SourceChunk[]][] = [
    ['psychology-learning-and-memory', () => loadCourseChunks(join(COURSES, 'psychology-learning-and-memory'))],
    ['carpentries-instructor-training', () => loadCourseChunks(join(COURSES, 'carpentries-instructor-training'))],
  ];
  if (existsSync(DEBIAN)) courses.push(['debian-handbook (held out, 3 pages)', debianChunks]);
  else console.log(`(held-out course skipped: ${DEBIAN} is not installed)`);

  console.log('course                                 cards  drafted  passing   term  definition  example  cause→effect   notes: docs  lines  supported');
  for (const [name, load] of courses) {
    const chunks = load();
    const terms = extractKeyTerms(chunks);
    const { passing, rejected } = buildCourseCards(chunks, terms);
    const drafted = passing.length + rejected.length;
    const byKind = (kind: string) => {
      const ok = passing.filter((c) => c.kind === kind).length;
      const all = ok + rejected.filter((r) => r.draft.kind === kind).length;
      return `${ok}/${all}`;
    };
    const documents = [...new Set(chunks.map((c) => c.documentId))];
    let lines = 0;
    let supported = 0;
    for (const documentId of documents) {
      const documentChunks = chunks.filter((c) => c.documentId === documentId);
      const byId = new Map(chunks.map((c) => [c.id, c]));
      const generated = generateLocalNotes({ documentId, documentTitle: documentChunks[0]?.documentTitle ?? '', documentChunks, courseChunks: chunks, keyTerms: terms });
      lines += generated.length;
      supported += generated.filter((l) => { const c = byId.get(l.chunkId); return c !== undefined && isLineSupported(l, c); }).length;
    }
    console.log(`${name.padEnd(38)} ${String(passing.length).padStart(5)}  ${String(drafted).padStart(7)}  ${pct(passing.length, drafted)}  `
      + `${byKind('term').padStart(6)}  ${byKind('definition').padStart(10)}  ${byKind('example').padStart(7)}  ${byKind('cause_effect').padStart(12)}  `
      + `${String(documents.length).padStart(11)}  ${String(lines).padStart(5)}  ${pct(supported, lines)}`);
    const reasons = new Map<string, number>();
    for (const r of rejected) reasons.set(`${r.draft.kind}: ${r.reason}`, (reasons.get(`${r.draft.kind}: ${r.reason}`) ?? 0) + 1);
    if (reasons.size > 0) console.log(`  gate rejected — ${[...reasons].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
