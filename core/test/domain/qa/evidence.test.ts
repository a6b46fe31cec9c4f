import { describe, expect, it } from 'vitest';
import { DEFAULT_FOCUS_WEIGHTS, focusRerank } from '../../../src/domain/qa/focus-rerank.js';
import { DEFAULT_MIN_EVIDENCE, evidenceOf } from '../../../src/domain/qa/refusal.js';
import { contentTerms } from '../../../src/domain/qa/text-analysis.js';
import { wordRarity } from '../../../src/domain/qa/word-rarity.js';

/** Rarity takes content terms (stemmed), as the questions' words are. */
const rarity = (word: string) => wordRarity(contentTerms(word)[0]!);

const passages = (...texts: string[]) => texts.map((text, i) => ({ title: `Chapter ${i + 1}`, text }));

describe('evidence: the passages hold the question\'s rare words in one place', () => {
  it('when words are weighed by their rarity in general English, then common words weigh less than rare ones and unseen words most', () => {
    expect(rarity('happened')).toBeLessThan(rarity('director'));
    expect(rarity('directors')).toBeLessThan(rarity('cerebellum'));
    expect(rarity('Kublai')).toBe(1);
    for (const word of ['first', 'people', 'years']) expect(rarity(word)).toBeLessThan(0.45);
  });

  it('when the course shares only the question\'s common words, then the evidence is below the minimum (refuse)', () => {
    const course = passages('Debus was named the first Director of the centre in 1962. He held the post for a decade.',
      'The museum opened its first gallery to the public in the following year.');
    expect(evidenceOf('Who was the first director of the Bauhaus?', course)).toBeLessThan(DEFAULT_MIN_EVIDENCE);
    expect(evidenceOf('Who was the first director of the centre?', course)).toBeGreaterThanOrEqual(DEFAULT_MIN_EVIDENCE);
  });

  it('when a question paraphrases the course with common words, then its rare words carry it (answer)', () => {
    const course = passages('Classical conditioning pairs a neutral stimulus with an unconditioned stimulus. Pavlov measured the salivation of dogs.');
    // "made", "drool" and "happen" are not in the passage; "Pavlov", "dogs" and "salivation" are.
    expect(evidenceOf('What made Pavlov\'s dogs drool, and when did the salivation happen?', course)).toBeGreaterThanOrEqual(DEFAULT_MIN_EVIDENCE);
  });

  it('when the question\'s rare words are far apart in a passage, then they do not count as held in one place', () => {
    const filler = Array.from({ length: 6 }, (_, i) => `Sentence ${i} says something else entirely about weather.`).join(' ');
    const together = passages(`The cerebellum coordinates posture. Lesions of the cerebellum cause ataxia. ${filler}`);
    const apart = passages(`The cerebellum coordinates posture. ${filler} Some patients show ataxia.`);
    const question = 'How does damage to the cerebellum produce ataxia?';
    expect(evidenceOf(question, together)).toBeGreaterThan(evidenceOf(question, apart));
  });

  it('when the question misspells a name the passages hold, then the passages\' spelling counts', () => {
    const course = passages('Paul Krugman argued that trade liberalisation had a measurable effect on inequality.');
    expect(evidenceOf('What does Paul Krugmen think affected inequality?', course)).toBeGreaterThanOrEqual(DEFAULT_MIN_EVIDENCE);
  });

  it('when the heading names the subject, then it counts with the sentences under it', () => {
    const course = [{ title: 'Learning › Observational learning', text: 'A model demonstrates a behaviour and the learner imitates it later.' }];
    expect(evidenceOf('What is observational learning?', course)).toBe(1);
    expect(evidenceOf('What is observational learning?', passages('A model demonstrates a behaviour and the learner imitates it later.'))).toBeLessThan(DEFAULT_MIN_EVIDENCE);
  });

  it('when two chunks score alike, then the answer stage ranks first the one holding the question\'s rare words together', () => {
    const filler = Array.from({ length: 5 }, (_, i) => `Paragraph ${i} describes the weather in general terms.`).join(' ');
    const chunk = (content: string) => ({ score: 0.5, heading: '', documentTitle: 'Notes', content });
    const scattered = chunk(`Ataxia was seen in some patients. ${filler} The cerebellum was studied later.`);
    const together = chunk(`Damage to the cerebellum causes ataxia. ${filler}`);
    const question = 'Which damage causes ataxia in the cerebellum?';
    expect(focusRerank(question, [scattered, together])[0]).toMatchObject({ content: together.content });
    // Without the answer-stage signals the tie keeps retrieval's order; the window alone decides it.
    expect(focusRerank(question, [scattered, together], { heading: 0, phrase: 0, window: 0 })[0]).toMatchObject({ content: scattered.content });
    expect(focusRerank(question, [scattered, together], { heading: 0, phrase: 0, window: DEFAULT_FOCUS_WEIGHTS.window })[0]).toMatchObject({ content: together.content });
  });
});
