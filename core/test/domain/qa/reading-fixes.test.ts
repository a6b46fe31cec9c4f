import { describe, expect, it } from 'vitest';
import { analyseQuestion } from '../../../src/domain/qa/question-analysis.js';
import { sentenceRole } from '../../../src/domain/qa/sentence-roles.js';
import { createLocalExtractiveLlm } from '../../../src/providers/llm/local-extractive.llm.js';

const llm = createLocalExtractiveLlm();
const ask = (question: string, ...texts: string[]) => llm.answer({ question, passages: texts.map((text, i) => ({ marker: i + 1, title: `Doc ${i + 1}`, text })) });

describe('what reads wrong to a student (reading check, issue #18)', () => {
  it('when a passage holds a program listing or command output, then it is a listing and never an answer sentence', async () => {
    const listing = '77 bytes, 4 lines conffiles\n1030 bytes, 27 lines control\nPackage: bash\nVersion: 5.1-3+b1\nDepends: base-files (>= 2.1.12)';
    expect(sentenceRole(listing)).toBe('listing');
    expect(sentenceRole('The file conffiles lists package files that must be handled as configuration files.')).toBe('statement');
    const reply = await ask('What are conffiles?', `The file conffiles lists package files that must be handled as configuration files.\n\n${listing}`);
    expect(reply.answer).not.toContain('1030 bytes');
  });

  it('when a question asks how to do something, then it is a procedure and a sentence saying what to run leads, not one giving a reason', async () => {
    expect(analyseQuestion('How do I install a package with apt?').kind).toBe('procedure');
    expect(analyseQuestion('How does observational learning work?').kind).toBe('causal');
    const reply = await ask('How do I install a package with apt?',
      'Packages that are no longer needed are removed by apt autoremove because no installed package depends on them.',
      'To install a package, run apt install package with the name of the package.');
    expect(reply.answer.startsWith('To install a package, run apt install')).toBe(true);
  });

  it('when a sentence says what X is based on, then it does not lead as the definition of X', async () => {
    const reply = await ask('What is operant conditioning?',
      'Operant conditioning is based on the work of B. F. Skinner. Operant conditioning is a form of learning in which the motivation for a behavior happens after the behavior is demonstrated.');
    expect(reply.answer.startsWith('Operant conditioning is a form of learning')).toBe(true);
  });

  it('when a sentence announces what the reader will soon learn, then it is a signpost', () => {
    expect(sentenceRole('Errors detected during execution are called exceptions: you will soon learn how to handle them in Python programs.')).toBe('signpost');
    expect(sentenceRole("Watch this brief video to see Skinner's interview and a demonstration of operant conditioning of pigeons to learn more.")).toBe('signpost');
  });
});

describe('lead sentence (issue #18)', () => {
  it('when two sentences hold the same question terms, then the one holding them close together leads', async () => {
    const passages = [{ marker: 1, title: 'Doc', text: 'The architect of the Italian wing also designed a sculpture court, and the gallery of paintings beside it was added later by the city. The Italian sculpture gallery was designed by the architect Giuliano da Sangallo.' }];
    const question = 'Which architect designed the Italian sculpture gallery?';
    const lead = async (weights: Record<string, number>) => (await createLocalExtractiveLlm({ lead: { phrase: 0, ...weights } }).answer({ question, passages })).answer;
    expect(await lead({})).toMatch(/^The Italian sculpture gallery was designed by the architect Giuliano da Sangallo\./);
    // Without the proximity bonus the two tie on coverage and the first in the passage leads.
    expect(await lead({ proximity: 0 })).toMatch(/^The architect of the Italian wing/);
  });
});
