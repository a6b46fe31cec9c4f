import { describe, expect, it } from 'vitest';
import {
  balanceKeyPositions, gateItems, guessableByStemWord, itemProblems, keyIsLongest, stemCue, withStemCueShared,
} from '../../src/domain/quiz/item-gate.js';
import { findProcedures, purposeQuestion } from '../../src/domain/quiz/procedures.js';
import { seededRandom } from '../../src/domain/quiz/text.js';
import type { GeneratedQuestion, SourceChunk } from '../../src/domain/quiz/types.js';

const chunk: SourceChunk = {
  id: 'c1', documentId: 'd1', documentTitle: 'Packaging', topicId: 't1', topicTitle: 'Package tools',
  content: 'dpkg is the program that handles .deb files. APT is a group of programs for higher-level changes. aptitude and synaptic are front ends. ar handles archives.',
  headingPath: ['Packaging', 'Package tools'],
};
const chunks = [chunk];
const byId = new Map(chunks.map((c) => [c.id, c]));

function item(prompt: string, choices: string[], key: number, topicTitle?: string): GeneratedQuestion {
  return {
    type: 'multiple_choice', tier: 1, prompt, choices, answer: { kind: 'choice', index: key, text: choices[key] ?? '' },
    explanation: 'dpkg is the program that handles .deb files.', topicId: topicTitle ? 't2' : 't1', chunkIds: ['c1'], strategy: 'recall-cloze',
  };
}

describe('item quality gate', () => {
  it('when an item is sound, then it passes', () => {
    expect(itemProblems(item('________ is the program that handles .deb files.', ['dpkg', 'APT', 'aptitude', 'synaptic'], 0), byId)).toEqual([]);
  });

  it('when the stem, another option or the topic label names the key, then the item fails with that reason', () => {
    expect(itemProblems(item('dpkg is the program that handles ________ files.', ['dpkg', 'APT', 'aptitude', 'synaptic'], 0), byId))
      .toContain('the stem names the key');
    expect(itemProblems(item('________ is the program that handles .deb files.', ['dpkg', 'dpkg-deb tool', 'aptitude', 'synaptic'], 0), byId))
      .toContain('another option contains the key');
    const labelled = { ...chunk, id: 'c2', topicId: 't2', topicTitle: 'The dpkg command' };
    const q = { ...item('________ is the program that handles .deb files.', ['dpkg', 'APT', 'aptitude', 'synaptic'], 0), topicId: 't2', chunkIds: ['c2'] };
    expect(itemProblems(q, new Map([['c2', labelled]]))).toContain('the topic label names the key');
  });

  it('when the key is not in the cited passage, or options mix terms and descriptions, then the item fails', () => {
    expect(itemProblems(item('Which tool converts RPM packages?', ['alien', 'APT', 'aptitude', 'synaptic'], 0), byId))
      .toContain('the key is not supported by the cited passage');
    expect(itemProblems(item('________ handles .deb files.', ['dpkg', 'a group of programs for higher-level changes to the system', 'ar', 'APT'], 0), byId))
      .toContain('options are not of the same kind (terms mixed with descriptions)');
  });

  it('when two items have near-identical stems, then the second is held back with its reason', () => {
    const a = item('________ is the program that handles .deb files.', ['dpkg', 'APT', 'aptitude', 'synaptic'], 0);
    const b = item('________ is the program which handles the .deb files.', ['dpkg', 'APT', 'ar', 'synaptic'], 0);
    const { accepted, rejected } = gateItems([a, b], { chunks });
    expect(accepted).toHaveLength(1);
    expect(rejected[0]?.reasons).toContain('near-duplicate of another item\'s stem');
  });

  it('when a learner has seen an item, then unseen ones are served first and the seen one only fills the gap', () => {
    const a = item('________ is the program that handles .deb files.', ['dpkg', 'APT', 'aptitude', 'synaptic'], 0);
    const b = item('________ is a group of programs for higher-level changes.', ['APT', 'dpkg', 'ar', 'synaptic'], 0);
    expect(gateItems([a, b], { chunks, seenPrompts: [a.prompt], limit: 1 }).accepted.map((q) => q.prompt)).toEqual([b.prompt]);
    expect(gateItems([a, b], { chunks, seenPrompts: [a.prompt], limit: 2 }).accepted).toHaveLength(2);
  });

  it('when a bank is balanced, then every key position holds about a quarter of the keys and the keys stay right', () => {
    const bank = Array.from({ length: 200 }, (_, i) => item(`Stem ${i} ________ handles .deb files.`, ['dpkg', 'APT', 'aptitude', 'synaptic'], 0));
    const balanced = balanceKeyPositions(bank, 'seed');
    for (const position of [0, 1, 2, 3]) {
      const share = balanced.filter((q) => q.answer.kind === 'choice' && q.answer.index === position).length / balanced.length;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThanOrEqual(0.3);
    }
    expect(balanced.every((q) => q.answer.kind === 'choice' && q.choices[q.answer.index] === 'dpkg')).toBe(true);
  });

  it('when keys are often the longest option, then the gate caps their share', () => {
    const words = 'amber basil cedar delta ember fjord garnet harbor indigo juniper kestrel lagoon meadow nectar orchid'.split(' ');
    const bank = words.map((w) => item(`${w} ________ handles .deb files.`, ['dpkg program', 'APT', 'ar', 'synaptic'], 0));
    expect(bank.every(keyIsLongest)).toBe(true);
    const { accepted, rejected } = gateItems(bank, { chunks, limit: 10 });
    expect(accepted.filter(keyIsLongest).length).toBeLessThanOrEqual(3);
    expect(rejected.every((r) => r.reasons.join() === 'the key is the longest option too often in this bank')).toBe(true);
  });

  describe('a key that shares a word with its stem, when no distractor does', () => {
    const tools: SourceChunk = {
      id: 'c3', documentId: 'd1', documentTitle: 'Tools', topicId: 't3', topicTitle: 'Everyday commands',
      content: 'To update your system from the command line, run pkgtool update. To start or stop a daemon, use the svc command. '
        + 'To view the versions of all installed packages, use the pkglist command. To convert between archive formats, use the repack command. '
        + 'Semantic memory holds facts and general knowledge. Episodic memory holds events. Procedural memory holds skills. Conditioning pairs stimuli.',
      headingPath: ['Tools', 'Everyday commands'],
    };
    const toolsById = new Map([[tools.id, tools]]);
    const choiceItem = (prompt: string, choices: string[], key: number): GeneratedQuestion => ({ ...item(prompt, choices, key), topicId: 't3', chunkIds: ['c3'] });
    const reason = 'the key shares a word with the stem and no distractor does (guessable)';

    it('when the key alone shares a content word with the stem ("update"), then the item fails with a reason kept for review', () => {
      const q = choiceItem('According to the course, what is pkgtool update used for?',
        ['To start or stop a daemon', 'To update your system from the command line', 'To view the versions of all installed packages', 'To convert between archive formats'], 1);
      expect(guessableByStemWord(q)).toEqual(['updat']);
      expect(itemProblems(q, toolsById)).toContain(reason);
      const { accepted, rejected } = gateItems([q], { chunks: [tools] });
      expect(accepted).toEqual([]);
      expect(rejected[0]?.reasons).toEqual([reason]);
    });

    it('when a distractor shares a word of the stem too (the stem names the key\'s kind: "memory"), then the item passes', () => {
      const q = choiceItem('Which kind of memory holds facts and general knowledge?', ['Episodic memory', 'Semantic memory', 'Procedural memory', 'Conditioning'], 1);
      expect(guessableByStemWord(q)).toEqual([]);
      expect(itemProblems(q, toolsById)).toEqual([]);
    });

    it('when the only shared words are the quiz\'s own wording ("course", "use"), or the item has no distractors, then it is not guessable by them', () => {
      expect(stemCue('According to the course, which of these would you use?', 'The course says to use it')).toEqual([]);
      const shortAnswer: GeneratedQuestion = { ...choiceItem('What is pkgtool update used for?', [], 0), type: 'short_answer', choices: [], answer: { kind: 'text', text: 'To update your system', accept: [], keyTerms: [] } };
      expect(guessableByStemWord(shortAnswer)).toEqual([]);
    });

    it('when a generator draws distractors for a key that shares a stem word, then it swaps in one that shares a stem word too, if the course has one', () => {
      const pool = ['To rebuild a kernel module', 'To start or stop a daemon', 'To view installed packages', 'To convert archives'];
      const picked = pool.slice(1);
      expect(withStemCueShared('What is indexer --rebuild used for?', 'To rebuild the search index', picked, pool, (t) => t))
        .toEqual(['To start or stop a daemon', 'To view installed packages', 'To rebuild a kernel module']);
      expect(withStemCueShared('What is indexer --rebuild used for?', 'To list the search paths', picked, pool, (t) => t)).toEqual(picked);
      expect(withStemCueShared('What is indexer --rebuild used for?', 'To rebuild the search index', picked, picked, (t) => t)).toEqual(picked);
    });

    it('when the course states a purpose sharing the means\' word, then every explain-purpose item on that means draws it and passes the gate', () => {
      const manual: SourceChunk = {
        ...tools, id: 'c4', content: ['To rebuild the search index, run indexer --rebuild.', 'To rebuild a kernel module, use the dkms command.',
          'To start or stop a daemon, use the svc command.', 'To view the versions of all installed packages, use the pkglist command.',
          'To convert between archive formats, use the repack command.', 'To print the current settings, use the showconf command.',
          'To remove an old kernel, use the kclean command.'].join('\n'),
      };
      const procedures = findProcedures([manual]);
      const indexer = procedures.find((p) => p.means === 'indexer --rebuild');
      expect(indexer).toBeDefined();
      for (let seed = 1; seed <= 20; seed += 1) {
        const q = purposeQuestion({ terms: [], similarity: undefined as never, rng: seededRandom(seed) }, indexer!, procedures);
        expect(q && guessableByStemWord(q), `seed ${seed}`).toEqual([]);
      }
    });
  });
});
