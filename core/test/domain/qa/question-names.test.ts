import { describe, expect, it } from 'vitest';
import { abbreviationForms, acronymsIn, analyseQuestion } from '../../../src/domain/qa/question-analysis.js';
import { createLocalExtractiveLlm } from '../../../src/providers/llm/local-extractive.llm.js';

const llm = createLocalExtractiveLlm();
const ask = (question: string, ...texts: string[]) => llm.answer({ question, passages: texts.map((text, i) => ({ marker: i + 1, title: `Doc ${i + 1}`, text })) });

describe('names and abbreviations in questions', () => {
  it('when a question writes an abbreviation, then it is read as one name and not as single letters', () => {
    expect(acronymsIn("Who was the V&A's first director?")).toEqual(['VA']);
    expect(acronymsIn('What U.S. entity said so?')).toEqual(['US']);
    expect(acronymsIn('Where are the Doctor Who DVDs sold?')).toEqual(['DVD']);
    expect(analyseQuestion("Who was the V&A's first director?").names).toEqual([]);
    expect(abbreviationForms('In 2013 it launched a National Climate Change Action Plan.').has('NCCAP')).toBe(true);
    expect(abbreviationForms('Rockets were stacked in the Vertical Assembly Building.').has('VA')).toBe(false);
  });

  it('when no passage names the abbreviation the question asks about, then the answerer refuses', async () => {
    const reply = await ask("Who was the V&A's first director?", "Debus was named the LOC's first Director. The Saturn V was assembled there.");
    expect(reply.found).toBe(false);
  });

  it('when a passage spells the abbreviation out, then the question is answered from it', async () => {
    const reply = await ask('Why did Vision 2030 add the NCCAP?',
      'In 2013, it launched a National Climate Change Action Plan, having acknowledged that omitting climate from Vision 2030 was an oversight.',
      'Nairobi is the capital.');
    expect(reply.found).toBe(true);
    expect(reply.answer).toContain('oversight');
  });

  it('when a name in the question is misspelt, then the passages\' spelling of it is used (names are never corrected before retrieval)', async () => {
    const passage = 'The names of at least six daughters of Genghis Khan are known. Genghis Khan had four sons.';
    const reply = await ask("How many names of Ghengis Khan's daughters are known?", passage);
    expect(reply.found).toBe(true);
    expect(reply.answer).toContain('six daughters');
    // A name far from every passage word is still missing: the question is refused.
    expect((await ask("How many names of Kublai Khan's daughters are known?", passage)).found).toBe(false);
  });
});
