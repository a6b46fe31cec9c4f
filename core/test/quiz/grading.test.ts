import { describe, expect, it } from 'vitest';
import { gradeAnswer, isShortAnswerCorrect, normaliseAnswer } from '../../src/domain/quiz/grading.js';
import { contentStems } from '../../src/domain/quiz/text.js';

const mc = { choices: ['extinction', 'acquisition', 'spontaneous recovery', 'shaping'], answer: { kind: 'choice' as const, index: 2, text: 'spontaneous recovery' } };
const tf = { choices: ['True', 'False'], answer: { kind: 'boolean' as const, value: false } };
const sa = (text: string, accept: string[], keyTerms: string[]) => ({ choices: [], answer: { kind: 'text' as const, text, accept, keyTerms } });

describe('grading', () => {
  it('when a multiple-choice answer is the index or the exact text, then it is right; another choice is wrong', () => {
    expect(gradeAnswer(mc, 2)).toEqual({ correct: true, given: 2, correctAnswer: 'spontaneous recovery' });
    expect(gradeAnswer(mc, 'Spontaneous Recovery').correct).toBe(true);
    expect(gradeAnswer(mc, 0).correct).toBe(false);
    expect(gradeAnswer(mc, null).correct).toBe(false);
  });

  it('when a true/false answer is a boolean or the word, then it is compared with the key', () => {
    expect(gradeAnswer(tf, false).correct).toBe(true);
    expect(gradeAnswer(tf, 'False').correct).toBe(true);
    expect(gradeAnswer(tf, true)).toEqual({ correct: false, given: true, correctAnswer: 'False' });
    expect(gradeAnswer(tf, 'maybe').correct).toBe(false);
  });

  it('when a short answer matches after normalising, with a typo, an abbreviation or a few extra words, then it is right', () => {
    const key = sa('unconditioned stimulus', ['unconditioned stimulus', 'UCS'], contentStems('unconditioned stimulus'));
    expect(gradeAnswer(key, 'The Unconditioned-Stimulus!').correct).toBe(true);
    expect(gradeAnswer(key, 'ucs').correct).toBe(true);
    expect(gradeAnswer(key, 'unconditoned stimulus').correct).toBe(true);
    expect(gradeAnswer(key, 'it is the unconditioned stimulus').correct).toBe(true);
  });

  it('when a short answer names a neighbouring term or lists many terms, then it is wrong', () => {
    const key = sa('unconditioned stimulus', ['unconditioned stimulus', 'UCS'], contentStems('unconditioned stimulus'));
    expect(gradeAnswer(key, 'conditioned stimulus').correct).toBe(false);
    expect(gradeAnswer(key, 'unconditioned response').correct).toBe(false);
    expect(gradeAnswer(key, 'unconditioned stimulus conditioned stimulus neutral stimulus response reflex').correct).toBe(false);
    expect(gradeAnswer(key, '').correct).toBe(false);
    expect(isShortAnswerCorrect('cs', ['conditioned stimulus', 'CS'], [])).toBe(true);
  });

  it('when answers are normalised, then case, punctuation, accents and a leading article go', () => {
    expect(normaliseAnswer('  The Café—Effect! ')).toBe('cafe effect');
  });
});
