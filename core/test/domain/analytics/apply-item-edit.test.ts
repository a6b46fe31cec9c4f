import { describe, expect, it } from 'vitest';
import { applyItemEdit } from '../../../src/domain/analytics/apply-item-reviews.js';
import { itemProblems } from '../../../src/domain/quiz/item-gate.js';
import type { GeneratedQuestion, SourceChunk } from '../../../src/domain/quiz/types.js';

// The teacher's item edits (#19): an option is replaced by its original text (later quizzes order options
// differently), the key follows its option, and the gate judges the edited key against the cited passage.
const chunk: SourceChunk = {
  id: 'c1', documentId: 'd1', documentTitle: 'Learning', topicId: 't1', topicTitle: 'Conditioning', headingPath: [],
  content: 'In extinction, the conditioned response weakens when the conditioned stimulus is no longer paired with the unconditioned stimulus.',
};
const chunks = new Map([[chunk.id, chunk]]);
const item = (choices: string[], keyIndex: number): GeneratedQuestion => ({
  type: 'multiple_choice', tier: 2, prompt: 'What happens in extinction?', choices,
  answer: { kind: 'choice', index: keyIndex, text: choices[keyIndex]! }, explanation: 'The passage says so.', topicId: 't1', chunkIds: ['c1'],
});
const seen = ['the conditioned response weakens', 'it turns into a reflex', 'it is passed on to offspring'];

describe('applyItemEdit', () => {
  it('when a later quiz orders the options or draws its distractors differently, then learners get the teacher\'s options and the key stays on the key\'s option', () => {
    const edit = { choices: [seen[0]!, 'it becomes an inborn reflex', seen[2]!], originalChoices: seen };
    for (const later of [item([seen[2]!, seen[0]!, seen[1]!], 1), item(['it is forgotten at once', 'it turns into a habit', seen[0]!], 2)]) {
      const edited = applyItemEdit(later, edit);
      expect(edited.choices).toEqual(edit.choices);
      expect(edited.answer).toMatchObject({ index: 0, text: seen[0] });
      expect(itemProblems(edited, chunks)).toEqual([]);
    }
  });

  it('when the teacher rewords the key off the passage, then the gate says the key is not supported, and rewording it with the passage\'s words passes', () => {
    const served = item(seen, 0);
    const offPassage = applyItemEdit(served, { choices: ['learners lose interest quickly', seen[1]!, seen[2]!], originalChoices: seen });
    expect(offPassage.answer).toMatchObject({ kind: 'choice', text: 'learners lose interest quickly' });
    expect(itemProblems(offPassage, chunks)).toContain('the key is not supported by the cited passage');
    const reworded = applyItemEdit(served, { choices: ['the conditioned response gradually weakens', seen[1]!, seen[2]!], originalChoices: seen });
    expect(itemProblems(reworded, chunks)).toEqual([]);
  });

  it('when the teacher rewords a distractor, then the note on what that option is goes with the old wording, and the others keep theirs', () => {
    const served = { ...item(seen, 0), optionNotes: [{ choice: seen[1]!, note: 'A reflex is inborn.', chunkId: 'c1' }, { choice: seen[2]!, note: 'Heredity is not learning.', chunkId: 'c1' }] };
    const edited = applyItemEdit(served, { choices: [seen[0]!, 'it becomes an inborn reflex', seen[2]!], originalChoices: seen });
    expect(edited.optionNotes).toEqual([{ choice: seen[2], note: 'Heredity is not learning.', chunkId: 'c1' }]);
  });

  it('when an edit was saved without the original options, then the options are replaced by position', () => {
    const edited = applyItemEdit(item(seen, 0), { choices: ['a', 'b', 'c'], prompt: 'Reworded?' });
    expect(edited).toMatchObject({ prompt: 'Reworded?', choices: ['a', 'b', 'c'], answer: { index: 0, text: 'a' } });
  });
});
