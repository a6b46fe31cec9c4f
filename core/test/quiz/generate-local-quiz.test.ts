import { describe, expect, it } from 'vitest';
import { createLocalHashEmbeddings } from '../../src/providers/embeddings/local-hash.embeddings.js';
import { extractKeyTerms } from '../../src/domain/quiz/extract-terms.js';
import { generateLocalQuiz } from '../../src/domain/quiz/generate-local-quiz.js';
import { mentions, withoutLeadingConnective } from '../../src/domain/quiz/text.js';
import type { GeneratedQuestion, SourceChunk } from '../../src/domain/quiz/types.js';
import { loadCourseChunks, PSYCHOLOGY_COURSE_DIR } from './fixtures/markdown-course.js';

const withBold = loadCourseChunks(PSYCHOLOGY_COURSE_DIR, true);
const plainText = loadCourseChunks(PSYCHOLOGY_COURSE_DIR, false);
const embeddings = createLocalHashEmbeddings(128);
const terms = extractKeyTerms(withBold);

/** The answer as text, for leak checks. */
const answerText = (q: GeneratedQuestion) => (q.answer.kind === 'choice' || q.answer.kind === 'text' ? q.answer.text : '');

function expectWellFormed(q: GeneratedQuestion, chunks: SourceChunk[]) {
  const ids = new Set(chunks.map((c) => c.id));
  expect(q.chunkIds.length).toBeGreaterThan(0);
  expect(q.chunkIds.every((id) => ids.has(id))).toBe(true);
  expect(q.topicId).toBeTruthy();
  expect(q.explanation.length).toBeGreaterThan(15);
  expect(q.prompt).not.toMatch(/\*\*|undefined|\bnull\b|\s{3,}(?!\n)/);
  // A stem never opens by pointing at a sentence the learner cannot see.
  expect(q.prompt).not.toMatch(/^(on the other hand|in contrast|however|similarly|moreover|furthermore|therefore|thus),/i);
  if (q.type === 'multiple_choice') {
    expect(q.choices).toHaveLength(4);
    expect(new Set(q.choices.map((c) => c.toLowerCase())).size).toBe(4);
    expect(q.answer.kind).toBe('choice');
    if (q.answer.kind === 'choice') expect(q.choices[q.answer.index]).toBe(q.answer.text);
  }
  if (q.type === 'true_false') expect(q.choices).toEqual(['True', 'False']);
  // The answer term never appears in its own question (except true/false and "describes X" items, which name the term on purpose).
  const namesTerm = q.type === 'true_false' || /best describes|statements is accurate/.test(q.prompt);
  if (!namesTerm && answerText(q)) expect(mentions(q.prompt, [answerText(q)])).toBe(false);
}

describe('key-term extraction', () => {
  it('when a term is first used in another sense, then its home passage (topic and cited passage) is the use in the defined sense', () => {
    const chunk = (id: string, topic: string, content: string): SourceChunk => ({
      id, documentId: 'd1', documentTitle: 'Learning', topicId: topic, topicTitle: topic, content, headingPath: ['Learning', topic],
    });
    const chunks = [
      chunk('a', 'Classical Conditioning', 'Rescorla and Wagner built a mathematical model of how strongly an association is learned.'),
      chunk('b', 'Observational Learning', 'Children copy the model: a person who performs a behavior that serves as an example for them.'),
      chunk('g', 'Key Terms', '**model**: person who performs a behavior that serves as an example (in observational learning)'),
    ];
    const model = extractKeyTerms(chunks).find((t) => t.term === 'model');
    expect(model?.homeChunk.id).toBe('b');
  });

  it('when the course has a glossary and bold terms, then terms come with clean definitions and a real topic', () => {
    const byTerm = new Map(terms.map((t) => [t.term, t]));
    expect(terms.length).toBeGreaterThan(60);
    expect(byTerm.get('unconditioned stimulus')).toMatchObject({ aliases: ['UCS'], definition: 'stimulus that elicits a reflexive response' });
    expect(byTerm.get('higher-order conditioning')?.aliases).toContain('second-order conditioning');
    expect(byTerm.get('instinct')?.definition).not.toMatch(/instincts/);
    // Topics are course sections, not the glossary.
    expect(terms.filter((t) => /key terms/i.test(t.homeChunk.topicTitle ?? ''))).toEqual([]);
    // List lead-ins ("Get enough sleep: …") are advice, not terms.
    expect(byTerm.has('get enough sleep')).toBe(false);
    expect(terms.every((t) => !mentions(t.definition, [t.term]))).toBe(true);
  });

  it('when the parser drops the bold markers, then the glossary still yields the same terms', () => {
    const plain = new Set(extractKeyTerms(plainText).map((t) => t.term));
    const glossary = terms.filter((t) => /key terms/i.test(t.definitionChunk.headingPath.at(-1) ?? '')).map((t) => t.term);
    expect(glossary.length).toBeGreaterThan(60);
    expect(glossary.filter((term) => !plain.has(term))).toEqual([]);
  });
});

describe('local quiz generator', () => {
  for (const tier of [1, 2, 3, 4] as const) {
    it(`when asked for tier ${tier}, then it returns 5 well-formed, distinct questions of that tier`, async () => {
      const questions = await generateLocalQuiz({ chunks: withBold, tier, numQuestions: 5, seed: `t${tier}` }, embeddings);
      expect(questions).toHaveLength(5);
      expect(questions.every((q) => q.tier === tier)).toBe(true);
      expect(new Set(questions.map((q) => `${q.prompt}|${q.choices.join('|')}`)).size).toBe(5);
      expect(new Set(questions.map(answerText).filter(Boolean)).size).toBe(questions.filter((q) => answerText(q)).length);
      for (const q of questions) expectWellFormed(q, withBold);
    });
  }

  it('when tiers rise, then the forms change: cloze/short answer/true-false, then definitions, then examples, then swapped statements', async () => {
    const types = async (tier: 1 | 2 | 3 | 4) => (await generateLocalQuiz({ chunks: withBold, tier, numQuestions: 8, seed: 'forms' }, embeddings));
    const t1 = await types(1);
    expect(new Set(t1.map((q) => q.type))).toEqual(new Set(['multiple_choice', 'short_answer', 'true_false']));
    const t2 = await types(2);
    expect(t2.some((q) => q.prompt.startsWith('Which of the following best describes'))).toBe(true);
    // Tier 2 explains: some items ask why, with the cause the text gives as the key.
    expect(t2.some((q) => q.strategy === 'explain-cause' && /^According to the text, why/.test(q.prompt))).toBe(true);
    const t3 = await types(3);
    expect(t3.every((q) => /example|would you use/.test(q.prompt) && q.tier === 3 && q.strategy?.startsWith('apply-'))).toBe(true);
    expect(t3.some((q) => /example/.test(q.prompt))).toBe(true);
    expect((await types(4)).some((q) => q.prompt === 'Which of the following statements is accurate?')).toBe(true);
  });

  it('when a defining sentence opens with a connective ("On the other hand, …"), then the stem drops it', () => {
    expect(withoutLeadingConnective('On the other hand, when an organism responds to similar stimuli, it is called ________.'))
      .toBe('when an organism responds to similar stimuli, it is called ________.');
    expect(withoutLeadingConnective('However, the ________ fades.')).toBe('the ________ fades.');
    expect(withoutLeadingConnective('Thus far the text says nothing.')).toBe('Thus far the text says nothing.');
  });

  it('when an example illustrates a kind of a concept ("… reinforcement schedule"), then every choice is such a kind, so only one is right', async () => {
    let checked = 0;
    for (let seed = 0; seed < 30 && checked < 2; seed += 1) {
      for (const tier of [3, 4] as const) {
        const quiz = await generateLocalQuiz({ chunks: withBold, tier, numQuestions: 5, seed: `kind-${seed}` }, embeddings);
        for (const q of quiz.filter((x) => /illustrate|completes this example/.test(x.prompt) && answerText(x).endsWith('reinforcement schedule'))) {
          expect(q.choices.every((c) => c.endsWith('reinforcement schedule')), q.choices.join(' | ')).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked, 'schedule examples drawn').toBeGreaterThan(0);
  });

  it('when the seed is the same, then the quiz is the same; another seed gives another quiz', async () => {
    const a = await generateLocalQuiz({ chunks: withBold, tier: 2, numQuestions: 5, seed: 'same' }, embeddings);
    const b = await generateLocalQuiz({ chunks: withBold, tier: 2, numQuestions: 5, seed: 'same' }, embeddings);
    const c = await generateLocalQuiz({ chunks: withBold, tier: 2, numQuestions: 5, seed: 'other' }, embeddings);
    expect(a).toEqual(b);
    expect(c.map((q) => q.prompt)).not.toEqual(a.map((q) => q.prompt));
  });

  it('when a tier-4 statement item is built, then exactly one statement pairs a term with its own definition', async () => {
    const questions = await generateLocalQuiz({ chunks: withBold, tier: 4, numQuestions: 10, seed: 'statements' }, embeddings);
    const statements = questions.filter((q) => q.prompt === 'Which of the following statements is accurate?');
    expect(statements.length).toBeGreaterThan(2);
    const definitionOf = new Map(terms.map((t) => [t.term.toLowerCase(), t.definition]));
    for (const q of statements) {
      const right = q.choices.filter((choice) => {
        const [subject, definition] = choice.replace(/\.$/, '').split(' refers to ');
        const term = /^The term “(.+)”$/.exec(subject ?? '')?.[1];
        return (definition ?? '').endsWith(definitionOf.get((term ?? '').toLowerCase()) ?? '\u0000');
      });
      expect(right).toEqual([answerText(q)]);
    }
  });

  it('when asked for one topic, then every question belongs to it', async () => {
    const topicId = terms.find((t) => t.term === 'positive reinforcement')?.homeChunk.topicId ?? null;
    const questions = await generateLocalQuiz({ chunks: withBold, tier: 1, numQuestions: 4, seed: 'topic', topicId }, embeddings);
    expect(questions.length).toBeGreaterThan(1);
    expect(questions.every((q) => q.topicId === topicId)).toBe(true);
  });

  it('when a course has no key terms, then no questions rather than junk', async () => {
    const chunk: SourceChunk = { id: 'c1', documentId: 'd1', documentTitle: 'Notes', topicId: 't1', topicTitle: 'Notes', content: 'We met on Monday. It rained.', headingPath: ['Notes'] };
    expect(await generateLocalQuiz({ chunks: [chunk], tier: 1, numQuestions: 5, seed: 'x' })).toEqual([]);
  });
});
