import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainQuestion, findStatedReasons } from '../../src/domain/quiz/explain-questions.js';
import { generateLocalQuiz } from '../../src/domain/quiz/generate-local-quiz.js';
import { findProcedures, procedureQuestion } from '../../src/domain/quiz/procedures.js';
import { danglingPronoun, seededRandom } from '../../src/domain/quiz/text.js';
import type { GeneratedQuestion, SourceChunk } from '../../src/domain/quiz/types.js';
import { createLocalHashEmbeddings } from '../../src/providers/embeddings/local-hash.embeddings.js';
import { loadCourseChunks, PSYCHOLOGY_COURSE_DIR } from './fixtures/markdown-course.js';

const CARPENTRIES_COURSE_DIR = join(PSYCHOLOGY_COURSE_DIR, '../carpentries-instructor-training');
let n = 0;
const chunk = (content: string): SourceChunk => {
  n += 1;
  return { id: `w${n}`, documentId: 'd1', documentTitle: 'Manual', topicId: 't1', topicTitle: 'Packages', content, headingPath: ['Packages'] };
};

describe('question wording: pronouns and verb agreement, in any course', () => {
  it('when a stem has a pronoun with nothing to refer to, then it is found; when the stem names what the pronoun refers to, then it is not', () => {
    expect(danglingPronoun('APT includes them in alphabetical order')).toBe('them');
    expect(danglingPronoun('You need to install it from source')).toBe('it');
    expect(danglingPronoun('the interpreter reads them at start-up')).toBe('them');
    expect(danglingPronoun('Packages are sorted so that APT can find them quickly')).toBeUndefined();
    expect(danglingPronoun('read a compressed file without unpacking it')).toBeUndefined();
    expect(danglingPronoun('The child cries when she is hungry')).toBeUndefined();
    expect(danglingPronoun('________ is a stimulus that elicits a response before it is learnt')).toBeUndefined();
    expect(danglingPronoun('Modules and packages keep their names apart')).toBeUndefined();
  });

  it('when the course states an effect whose pronoun leans on an earlier sentence, then it is asked as no "why" question (its cause may still be another\'s distractor)', () => {
    const reasons = findStatedReasons([chunk(
      'APT includes them in alphabetical order because the index files are sorted by the archive software. '
      + 'The kernel refuses to load unsigned modules because secure boot demands a trusted chain of signatures. '
      + 'Mirrors are updated every six hours because the archive changes several times a day. '
      + 'Security advisories are published separately because users must learn about fixes quickly. '
      + 'Old releases move to a separate server because the main mirrors have limited disk space.',
    )]);
    expect(reasons.map((r) => r.effect)).toContain('APT includes them in alphabetical order');
    const ctx = { terms: [], similarity: () => 0, rng: seededRandom(3) };
    const ask = (start: string) => explainQuestion(ctx, reasons.find((r) => r.effect.startsWith(start))!, reasons);
    expect(ask('The kernel')?.prompt).toBe('According to the text, why is it that the kernel refuses to load unsigned modules?');
    expect(ask('APT includes')).toBeUndefined();
  });

  it('when a purpose leans on an earlier sentence, then the apply item is not built from it', () => {
    const manual = [
      chunk('To install them on every machine, use gdebi. To list the files of a package, use dpkg -L.'),
      chunk('To remove a package and its configuration, use apt purge. To search the package index, use apt search.'),
      chunk('To show the version of a package, use apt policy. To download the source of a package, use apt source.'),
    ];
    const procedures = findProcedures(manual);
    const ctx = { terms: [], similarity: () => 0, rng: seededRandom(7) };
    const build = (purpose: string) => procedureQuestion(ctx, procedures.find((p) => p.purpose === purpose)!, procedures);
    expect(build('list the files of a package')?.prompt).toContain('You need to list the files of a package.');
    expect(build('install them on every machine')).toBeUndefined();
  });

  it('when quizzes of every tier are built from the two demo courses, then no stem has a dangling pronoun and no term is the subject of "refers to" (plural terms read "The term “generators” refers to …")', async () => {
    const embeddings = createLocalHashEmbeddings(128);
    const stems: string[] = [];
    const statements: string[] = [];
    for (const dir of [PSYCHOLOGY_COURSE_DIR, CARPENTRIES_COURSE_DIR]) {
      const chunks = loadCourseChunks(dir, true);
      for (const tier of [1, 2, 3, 4] as const) {
        for (const seed of ['a', 'b', 'c']) {
          const questions: GeneratedQuestion[] = await generateLocalQuiz({ chunks, tier, numQuestions: 10, seed: `wording-${tier}-${seed}` }, embeddings);
          for (const q of questions) {
            // A scenario is a worked example of several sentences: its last one (the question) is the stem checked.
            stems.push(q.prompt.split('\n\n').at(-1) ?? q.prompt);
            statements.push(q.prompt, q.explanation, ...q.choices, ...(q.optionNotes ?? []).map((o) => o.note));
          }
        }
      }
    }
    expect(stems.length).toBeGreaterThan(40);
    expect(stems.filter((s) => danglingPronoun(s) !== undefined)).toEqual([]);
    expect(statements.filter((s) => /(^|[.:] )(?!The term\b)[^.:“”]{1,60} refers to\b/.test(s))).toEqual([]);
    expect(statements.some((s) => /The term “[^”]+” refers to/.test(s))).toBe(true);
  });
});
