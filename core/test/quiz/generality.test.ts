import { describe, expect, it } from 'vitest';
import { explainQuestion, findStatedReasons } from '../../src/domain/quiz/explain-questions.js';
import { generateLocalQuiz } from '../../src/domain/quiz/generate-local-quiz.js';
import { findListPoints } from '../../src/domain/quiz/lists.js';
import { findProcedures, isCodeLike } from '../../src/domain/quiz/procedures.js';
import { courseCase, termProblems, withoutCategoryNoun } from '../../src/domain/quiz/term-quality.js';
import type { SourceChunk } from '../../src/domain/quiz/types.js';

let n = 0;
const chunk = (content: string, headingPath: string[] = ['Working with archives']): SourceChunk => {
  n += 1;
  return { id: `c${n}`, documentId: 'd1', documentTitle: 'Manual', topicId: `t-${headingPath[0]}`, topicTitle: headingPath[0] ?? null, content, headingPath };
};

describe('procedures stated in manuals and tutorials (tier 3 apply items)', () => {
  const manual = [
    chunk('To extract every file of an archive, use the -x or --extract option.\n\nThe --list option displays the names of the files in an archive.'),
    chunk('To compress the archive on the fly, run gzip. The zcat command can be used to read a compressed file without unpacking it.'),
    chunk('Checksums allow you to verify that a download arrived intact. To do so, use the tool described above.'),
    chunk('--append file (or -r), which adds a file to the end of an existing archive;\n--delete file, which removes a member from the archive;'),
    chunk('You can use the following command to show the archive contents page by page:\n$ tar tf backup.tar | less'),
  ];

  it('when a manual says "to X, use Y", "Y can be used to X", "Y allows you to X", "Y, which Xs" or "use the following command to X:", then each becomes a (means, purpose) pair; "to do so" is not a purpose', () => {
    const found = findProcedures(manual).map((p) => `${p.means} → ${p.purpose}`);
    expect(found).toEqual(expect.arrayContaining([
      '-x or --extract → extract every file of an archive',
      'gzip → compress the archive on the fly',
      'the zcat command → read a compressed file without unpacking it',
      'Checksums → verify that a download arrived intact',
      '--append → add a file to the end of an existing archive',
      '--delete → remove a member from the archive',
      'tar tf backup.tar | less → show the archive contents page by page',
    ]));
    expect(found.some((f) => /described above/.test(f))).toBe(false);
  });

  it('when code is compared with prose, then commands, options, calls and paths are code and plain words are not', () => {
    for (const code of ['--purge', 'sorted()', 'sys.path', '/etc/apt', 'Acquire::Languages', 'ls -l']) expect(isCodeLike(code), code).toBe(true);
    for (const prose of ['the in keyword', 'Patterns', 'prosocial models']) expect(isCodeLike(prose), prose).toBe(false);
  });

  it('when a tier-3 quiz is asked of a manual without worked examples, then it holds apply items built from its procedures, each key the means its sentence names and no option naming another', async () => {
    const quiz = await generateLocalQuiz({ chunks: manual, tier: 3, numQuestions: 5, seed: 'procedures' });
    const applied = quiz.filter((q) => q.strategy === 'apply-procedure');
    expect(applied.length).toBeGreaterThan(0);
    for (const q of applied) {
      expect(q.tier).toBe(3);
      expect(q.prompt).toMatch(/^You need to .+\. According to the course, which of these would you use\?$/);
      expect(q.answer.kind === 'choice' && manual.find((c) => c.id === q.chunkIds[0])?.content.includes(q.answer.text)).toBe(true);
      expect(q.choices.every((c) => isCodeLike(c))).toBe(true);
    }
  });
});

describe('causes stated in the text (tier 2 why items)', () => {
  it('when a text gives a cause with "because", "so", "; therefore" or "This is because" after the effect, then each is found with its effect and cause', () => {
    const found = findStatedReasons([chunk([
      'The parser does not strip indentation from string literals, so tools that process documentation have to strip it themselves.',
      'Local names are looked up first; therefore, a local variable hides a global one of the same name.',
      'Lists cannot be dictionary keys. This is because lists can be modified in place.',
      'The cache is rebuilt every night because the package lists change daily.',
    ].join(' '))]);
    expect(found.map((r) => r.effect)).toEqual([
      'Tools that process documentation have to strip it themselves',
      'A local variable hides a global one of the same name',
      'Lists cannot be dictionary keys',
      'The cache is rebuilt every night',
    ]);
    expect(found[0]?.cause).toBe('The parser does not strip indentation from string literals');
  });

  it('when "since" marks a time, an effect is a bare subordinate clause, or a sentence is cut off, then no cause is read', () => {
    const found = findStatedReasons([chunk([
      'Most libraries have been converted since the introduction of the new layout in version 7.',
      'When an exception is created in order to be raised, it carries information about the error.',
      'As such, the package perl has since version 5.8 declared Provides: libdigest-md5-perl so that the dependencies on this package are met.',
    ].join(' '))]);
    expect(found).toEqual([]);
  });

  it('when a cause opens with "it"/"they", then it is read only if the pronoun agrees with the effect\'s subject; "so that" without a modal (a result) and effects or causes pointing back ("these files", "these principles") are not causes', () => {
    const found = findStatedReasons([chunk([
      'A pre-dependency is very demanding for the installer, because it adds a strict constraint on the ordering of packages.',
      'Nightly security upgrades are strongly recommended, because they include the latest fixes.',
      'The mirror network is usually preferred, because they answer faster than the main server.',
      'Each archive takes only a few kilobytes, so that the amount of data downloaded each week is divided by ten.',
      'Libraries were moved to an architecture-specific directory so that several copies can be installed side by side.',
      'Each of these delta files is kept for a month because old mirrors may still request them.',
      'Suggestibility is similar to misattribution, since it also involves false memories, but it is different.',
      'The non-free component is different because it contains software which does not conform to these principles.',
    ].join(' '))]);
    expect(found.map((r) => `${r.effect} ← ${r.cause}`)).toEqual([
      'A pre-dependency is very demanding for the installer ← it adds a strict constraint on the ordering of packages',
      'Nightly security upgrades are strongly recommended ← they include the latest fixes',
      'Libraries were moved to an architecture-specific directory ← so that several copies can be installed side by side',
      'Suggestibility is similar to misattribution ← it also involves false memories',
    ]);
  });

  it('when the key of a "why" item opens with "it", then every distractor does too (the one option about the question\'s subject would give the key away)', async () => {
    const reasons = findStatedReasons([chunk([
      'A pre-dependency is very demanding for the installer, because it adds a strict constraint on the ordering of packages.',
      'A removable disc is not always available, since it has to be inserted into the drive first.',
      'The mentor site is interesting, since it gathers packages built by candidates who are still learning.',
      'The old format was abandoned, because it could not describe source packages built from several archives.',
      'The cache is rebuilt every night because the package lists change daily on the mirrors.',
      'Backports are built for the stable release because many users want newer tools without upgrading everything.',
    ].join(' '))]);
    const ctx = { terms: [], similarity: undefined as never, rng: () => 0.5 };
    const question = explainQuestion(ctx, reasons[0]!, reasons);
    expect(question?.answer.kind === 'choice' && question.answer.text).toBe('It adds a strict constraint on the ordering of packages');
    expect(question?.choices.every((c) => c.startsWith('It '))).toBe(true);
    const named = explainQuestion(ctx, reasons.find((r) => r.effect.startsWith('The cache'))!, reasons);
    expect(named).toBeUndefined(); // only one other cause opens without a pronoun: too few distractors
  });
});

describe('term quality', () => {
  it('when a candidate term is a path, a number, markup, a fragment or a vague phrase, or its definition is cut off or a judgement, then it is struck with the reason', () => {
    expect(termProblems('/var/lib/dpkg', 'directory that holds the package database')).toContain('a file path');
    expect(termProblems('1.20.9', 'version of the package manager in use')).toContain('a number or version');
    expect(termProblems('<b>status', 'file holding the state of each package')).toContain('markup');
    expect(termProblems('list of', 'words that follow the colon in a field')).toContain('a fragment');
    expect(termProblems('special problem', 'the construction of tuples containing 0 or 1 items')).toContain('a vague modifier, not a name');
    expect(termProblems('Bash', 'sh-compatible command language interpreter that executes')).toContain('a cut-off definition');
    expect(termProblems('apt-cache search', 'very rudimentary tool, basically implementing grep')).toContain('a judgement, not a definition');
    expect(termProblems('class instantiation', 'something that uses function notation')).toContain('too thin to define the term');
    expect(termProblems('extinction', 'decrease in the conditioned response when the unconditioned stimulus is no longer presented')).toEqual([]);
  });

  it('when a term is written with its category ("variable sys.path") or capitalised only at a sentence start, then the course\'s own form is kept', () => {
    expect(withoutCategoryNoun('variable sys.path')).toBe('sys.path');
    expect(withoutCategoryNoun('classical conditioning')).toBe('classical conditioning');
    expect(courseCase('Generators', 'Generators are simple. Use generators to save memory; generators are lazy.')).toBe('generators');
    expect(courseCase('Debian', 'Debian is a distribution. Debian uses dpkg.')).toBe('Debian');
  });
});

describe('lists under sub-headings (tier 2: which heading a point belongs to)', () => {
  const aims = ['Motivation – what to do'];
  const handout = [
    chunk('Connect the material to learners\' interests.\n\nProvide authentic, real-world tasks.\n\nShow the relevance of each exercise to later work.', [...aims, 'Establish value']),
    chunk('Provide early chances to succeed.\n\nGive targeted feedback on each exercise.\n\nReward effort and not outcomes.\n\nBe fair.', [...aims, 'Build positive expectations']),
    chunk('Offer learners options and choices.\n\nLet learners practise alone and reflect.\n\nUse encouraging language. e.g. “This gets easier.”', [...aims, 'Build self-efficacy']),
    chunk('Make digs about operating systems learners use.\n\nPretend to know more than you do.\n\nFeign surprise at what a learner does not know.', ['Demotivation – what not to do']),
  ];

  it('when advice is listed under sibling sub-headings, then tier 2 asks which heading a point sits under: the key its own heading, the options its sibling headings, labelled explain-list-heading; an abbreviation ending a point is dropped', async () => {
    expect(findListPoints(handout).map((p) => p.text)).toContain('Use encouraging language.');
    const quiz = await generateLocalQuiz({ chunks: handout, tier: 2, numQuestions: 5, seed: 'aims' });
    expect(quiz.length).toBeGreaterThanOrEqual(3);
    for (const q of quiz) {
      expect(q.tier).toBe(2);
      expect(q.strategy).toBe('explain-list-heading');
      const point = /list “(.+)” under\?$/.exec(q.prompt)?.[1] ?? '';
      const home = handout.find((c) => c.content.includes(point));
      expect(q.answer.kind === 'choice' && q.answer.text).toBe(home?.headingPath.at(-1));
      expect([...q.choices].sort()).toEqual(['Build positive expectations', 'Build self-efficacy', 'Establish value']);
    }
    // "Show the relevance …" shares no word with "Establish value"; a point sharing one with its heading would give it away.
    const all = await generateLocalQuiz({ chunks: handout, tier: 2, numQuestions: 20, seed: 'aims-all' });
    const headingItems = all.filter((q) => q.strategy === 'explain-list-heading');
    expect(headingItems.length).toBeGreaterThanOrEqual(5);
    // Points under a top-level heading with no sibling sub-headings ("Demotivation …") are not asked this way.
    expect(headingItems.some((q) => /digs|Pretend|Feign/.test(q.prompt))).toBe(false);
    expect(all.filter((q) => q.strategy !== 'explain-list-heading').every((q) => q.tier === 1)).toBe(true);
  });
});

describe('short courses (a handout of lists)', () => {
  const handout = [
    chunk('People learn best when they care about the topic.', ['Motivation', 'Why it matters']),
    chunk('Connect the material to learners\' interests.\n\nProvide authentic, real-world tasks.\n\nGive early chances to succeed.\n\nProvide targeted feedback on each exercise.', ['Motivation – what to do']),
    chunk('Make digs about operating systems learners use.\n\nPretend to know more than you do.\n\nFeign surprise at what a learner does not know.\n\nUse the word "just" for hard steps.', ['Demotivation – what not to do']),
    chunk('_____ Instructors\n\n_____ Mentors\n\nA. Help to coordinate workshops\n\nB. Organize and teach workshops\n\nWhat is your role?', ['Roles worksheet']),
  ];

  it('when a course of a few hundred words defines no terms, then it still yields a few honest recall items from its lists — labelled tier 1 whatever tier was asked — and no worksheet lines', async () => {
    expect(findListPoints(handout).map((p) => p.text).some((t) => /_____|^A\.|\?$/.test(t))).toBe(false);
    for (const tier of [1, 3] as const) {
      const quiz = await generateLocalQuiz({ chunks: handout, tier, numQuestions: 5, seed: `short-${tier}` });
      expect(quiz.length).toBeGreaterThan(0);
      expect(quiz.length).toBeLessThanOrEqual(5);
      for (const q of quiz) {
        expect(q.tier).toBe(1);
        expect(q.strategy).toBe('recall-list');
        const section = /under “(.+)”\?$/.exec(q.prompt)?.[1];
        const home = handout.find((c) => c.headingPath[0] === section);
        expect(q.answer.kind === 'choice' && home?.content.includes(q.answer.text.replace(/\.$/, ''))).toBe(true);
      }
    }
  });
});
