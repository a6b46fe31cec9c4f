/**
 * Reading check, as a student would: the demo psychology course (seeded through the real upload path), a
 * held-out Debian documentation course (seven pages of the Debian Administrator's Handbook on packaging and APT) and a
 * held-out course the product was never tuned on (the Python 3.11 tutorial HTML from Debian's python3.11-doc,
 * uploaded through the same `uploadDocument` → queue → worker path), asked a fixed list of questions each.
 *   npx tsx scripts/eval-read.ts [--out file.md]
 * Prints every question with the answer, found/refused, and the suggestion, for a human to read.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Actor, type DocumentServices, type EmbeddingsProvider, type LlmProvider, type ObjectStorage, addCourseMember, answerQuestion, createCourse,
  createLlmProvider, createQaRepository, createRetrievalRepository, createVocabularyRepository, loadConfig, migrate, openDatabase, uploadDocument,
} from '@tutorgraph/core';
import { startDemoApp } from './demo-app.js';
import { waitForIngestion } from './demo-seed.js';

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });

/** The twelve questions on the psychology course (issue #18). */
const PSYCHOLOGY = [
  'Who was Pavlov and what did he discover?',
  'What is the difference between negative reinforcement and punishment?',
  'Why do we forget?',
  'short-term vs long-term memory',
  'What is operant conditioning?',
  'What is classical conditoning?',
  'How does observational learning work?',
  'What does the hippocampus do in memory?',
  'What is extinction in conditioning?',
  'and what about negative punishment?',
  'What is the capital of France?',
  'How do I solve a quadratic equation?',
];

/** Twelve questions of our own on a held-out Debian documentation course (never used to tune the answerer). */
const DEBIAN_HANDBOOK = [
  'What is a .deb package made of?',
  'What is the difference between dpkg and apt?',
  'How do I install a package with apt?',
  'What does the Depends field mean?',
  'What is a source package?',
  'Why should I run apt update before upgrading?',
  'What does apt-cache search do?',
  'How do I remove a package and its configuration files?',
  'What are conffiles?',
  'What is the differense between Recommends and Suggests?',
  'Who wrote Hamlet?',
  'How do I bake sourdough bread?',
];

/** The Debian Administrator's Handbook pages on packaging and APT (`debian-handbook` package). */
const HANDBOOK_DIR = '/usr/share/doc/debian-handbook/html/en-US';
const HANDBOOK_PAGES = ['packaging-system.html', 'sect.package-meta-information.html', 'sect.source-package-structure.html',
  'sect.manipulating-packages-with-dpkg.html', 'apt.html', 'sect.apt-get.html', 'sect.apt-cache.html'];

/** Twelve questions of our own on the held-out Python tutorial course. */
const PYTHON_TUTORIAL = [
  'What is a list comprehension?',
  'How do I handle exceptions in Python?',
  'What is the difference between a list and a tuple?',
  'Why use a virtual environment?',
  'How do I read a file?',
  'What does the break statement do?',
  'What is a module?',
  'How do default argument values work?',
  'What is the differense between append and extend?',
  'How are floating point numbers represented?',
  'Who won the 2018 football world cup?',
  'How do I configure a Cisco router?',
];

const lines: string[] = [];
const say = (line = '') => { lines.push(line); console.log(line); };

const dataDir = mkdtempSync(join(tmpdir(), 'tg-read-'));
const config = loadConfig({ ...process.env, DEMO_MODE: 'true', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error' });
const database = await openDatabase({ pgliteDataDir: 'memory://' });
await migrate(database.db);
const app = await startDemoApp(config, { database });
try {
  const demo = app.demo!;
  const services = app.server.deps.services as { storage: ObjectStorage; embeddings: EmbeddingsProvider; llm?: LlmProvider; jobQueue: DocumentServices['queue'] };
  const instructor: Actor = { userId: demo.users.instructor, tenantId: demo.tenantId, role: 'instructor', requestId: 'eval-read' };
  const documentServices: DocumentServices = {
    db: database.db, storage: services.storage, queue: services.jobQueue,
    limits: { maxBytes: config.upload.maxBytes, maxPages: config.upload.maxPages }, maxAttempts: config.jobs.maxAttempts,
  };
  const heldOut = await createCourse(database.db, instructor, { title: 'Python tutorial (held out)', description: 'python3.11-doc' });
  await addCourseMember(database.db, instructor, heldOut.id, { userId: demo.users.learner, role: 'learner' });
  const tutorialDir = '/usr/share/doc/python3.11/html/tutorial';
  for (const file of readdirSync(tutorialDir).filter((f) => f.endsWith('.html')).sort()) {
    await uploadDocument(documentServices, instructor, heldOut.id, { kind: 'file', fileName: file, bytes: new Uint8Array(readFileSync(join(tutorialDir, file))) });
  }
  const handbook = await createCourse(database.db, instructor, { title: 'Debian packaging (held out)', description: 'debian-handbook' });
  await addCourseMember(database.db, instructor, handbook.id, { userId: demo.users.learner, role: 'learner' });
  for (const file of HANDBOOK_PAGES) {
    await uploadDocument(documentServices, instructor, handbook.id, { kind: 'file', fileName: file, bytes: new Uint8Array(readFileSync(join(HANDBOOK_DIR, file))) });
  }
  const failures = await waitForIngestion(database.db, demo.tenantId, () => undefined);
  for (const failure of failures) say(`(did not ingest: ${failure.title} ${failure.status})`);

  const llm = services.llm ?? createLlmProvider(config);
  const deps = { retrieval: createRetrievalRepository(database.db), store: createQaRepository(database.db), vocabulary: createVocabularyRepository(database.db), embeddings: services.embeddings, llm };
  const psychology = demo.courses.find((c) => c.title.startsWith('Psychology'))!;
  for (const [title, courseId, questions] of [['Psychology (demo)', psychology.id, PSYCHOLOGY], ['Debian packaging (held out)', handbook.id, DEBIAN_HANDBOOK], ['Python tutorial (held out)', heldOut.id, PYTHON_TUTORIAL]] as const) {
    say(`\n## ${title}\n`);
    let previous: string | undefined;
    for (const question of questions) {
      const result = await answerQuestion(deps, {
        tenantId: demo.tenantId, courseId, userId: demo.users.learner, question, ...(previous ? { previousQuestion: previous } : {}),
      });
      previous = question;
      say(`**Q: ${question}**`);
      say(result.found ? `A: ${result.answer}` : `A (refused): ${result.answer} — ${result.suggestion ?? ''}`);
      if (result.resolvedQuestion && result.resolvedQuestion !== question) say(`(read as: ${result.resolvedQuestion})`);
      say();
    }
  }
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
if (args.out) writeFileSync(args.out, `${lines.join('\n')}\n`);
