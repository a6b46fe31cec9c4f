import { describe, expect, it } from 'vitest';
import { clusterTexts } from '../../../src/domain/analytics/cluster-questions.js';

// The course-gap report's grouping (issue #19): lexical, no word lists, nothing tuned on a course.
const group = (texts: string[], corpus = texts) =>
  clusterTexts(texts.map((text, i) => ({ id: `q${i}`, text })), corpus).map((c) => c.members.map((m) => Number(m.slice(1))));

describe('clusterTexts', () => {
  it('when a young course has only three questions and two ask the same thing in other words, then those two are one cluster', () => {
    const questions = ['What is classical conditioning?', 'Which smartphone app should schedule my flashcards?', 'Which smartphone apps schedule flashcards for me?'];
    expect(group(questions.slice(1), questions)).toEqual([[0, 1]]);
    // The same pair with other wording still groups; the answered question stays out of the clustered set.
    expect(group(['Which smartphone app should schedule my flashcards?', 'What smartphone app is best for scheduling my flashcards?'], questions)).toEqual([[0, 1]]);
  });

  it('when questions share only the question words, then they stay apart', () => {
    expect(group(['What is latent learning?', 'What is the hippocampus?', 'What is extinction?'])).toEqual([[0], [1], [2]]);
    expect(group(['Why do we forget names?', 'Why is the sky blue?'])).toEqual([[0], [1]]);
  });

  it('when a cluster is labelled, then the words its members share come first', () => {
    const [cluster] = clusterTexts([
      { id: 'a', text: 'Which smartphone app should schedule my flashcards?' }, { id: 'b', text: 'Which smartphone apps schedule flashcards for me?' },
    ]);
    expect(cluster!.members).toEqual(['a', 'b']);
    for (const word of cluster!.terms.slice(0, 4)) expect(['which', 'smartphone', 'app', 'schedule', 'flashcard']).toContain(word);
  });
});
