import { describe, expect, it } from 'vitest';
import { createLocalHashEmbeddings } from '../../src/providers/embeddings/local-hash.embeddings.js';
import { createEmbeddingsProvider } from '../../src/providers/embeddings/index.js';
import { createLlmProvider } from '../../src/providers/llm/index.js';
import { createLocalExtractiveLlm, definitionSubject } from '../../src/providers/llm/local-extractive.llm.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('local hashed embeddings', () => {
  it('when the same text is embedded twice, then the vectors are identical, unit length and of the configured dimension', async () => {
    const provider = createLocalHashEmbeddings(384);
    const [a, b] = await provider.embed(['Classical conditioning pairs a neutral stimulus.', 'Classical conditioning pairs a neutral stimulus.'], 'document');
    expect(a).toHaveLength(384);
    expect(a).toEqual(b);
    expect(cosine(a ?? [], a ?? [])).toBeCloseTo(1, 4);
    expect(provider.model).toBe('local-hash-v1-384');
  });

  it('when a question shares terms (in other inflections) with one passage, then that passage is nearer than an unrelated one', async () => {
    const provider = createLocalHashEmbeddings(384);
    const [q, related, unrelated] = await provider.embed([
      'Who invented the alternating current motor?',
      'Tesla invented an induction motor that ran on alternating current.',
      'The museum holds a large collection of Italian sculpture.',
    ], 'document');
    expect(cosine(q ?? [], related ?? [])).toBeGreaterThan(cosine(q ?? [], unrelated ?? []) + 0.2);
  });

  it('when configuration asks for local providers, then the factories build them', () => {
    const config = { embeddings: { provider: 'local' as const, model: 'x', dimensions: 64 }, llm: { provider: 'local' as const, model: 'x', timeoutMs: 1000 }, openai: { apiKey: undefined, baseUrl: undefined } };
    expect(createEmbeddingsProvider(config).dimensions).toBe(64);
    expect(createLlmProvider(config).provider).toBe('local');
    expect(() => createLlmProvider({ ...config, llm: { ...config.llm, provider: 'openai' } })).toThrow(/OPENAI_API_KEY/);
  });
});

describe('local extractive answerer', () => {
  const passages = [
    { marker: 1, title: 'Apollo', text: 'Project Mercury put the first Americans in space. Apollo followed it.' },
    { marker: 2, title: 'Gemini', text: 'Gemini flew two-man crews between 1962 and 1966.' },
  ];

  it('when a passage sentence covers the question, then the answer is that course sentence with its marker', async () => {
    const answer = await createLocalExtractiveLlm().answer({ question: 'Which project put the first Americans in space?', passages });
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain('Project Mercury put the first Americans in space. [1]');
    expect(answer.citedMarkers[0]).toBe(1);
    expect(answer.answer).not.toContain('[3]');
  });

  it('when a "What is X?" question meets a sentence that defines X, then that definition leads the answer', async () => {
    const llm = createLocalExtractiveLlm();
    const text = 'acquisition: period of initial learning in classical conditioning in which a neutral stimulus is paired\n\n'
      + 'classical conditioning: learning in which the stimulus or experience occurs before the behavior and then gets paired with it';
    const reply = await llm.answer({ question: 'What is classical conditioning?', passages: [{ marker: 1, title: 'Key terms', text }] });
    expect(reply.found).toBe(true);
    expect(reply.answer.startsWith('Classical conditioning: learning in which')).toBe(true);
    expect(definitionSubject('What does the hippocampus mean?')).toBe('hippocampus');
    expect(definitionSubject('Why do we forget?')).toBeUndefined();
  });

  it('when two passages hold the same sentence (the chapter as Markdown and as PDF), then it is said once and cites both', async () => {
    const llm = createLocalExtractiveLlm();
    const line = 'classical conditioning: learning in which the stimulus occurs before the behavior and then gets paired with it';
    const reply = await llm.answer({ question: 'What is classical conditioning?', passages: [
      { marker: 1, title: 'Markdown', text: line }, { marker: 2, title: 'PDF', text: `• ${line}` },
    ] });
    expect(reply.answer).toBe(`${line.charAt(0).toUpperCase()}${line.slice(1)}. [1][2]`);
    expect(reply.citedMarkers).toEqual([1, 2]);
  });

  it('when a sentence only signposts ("Now that you know how X works, let\'s look at …"), then it is not part of the answer', async () => {
    const llm = createLocalExtractiveLlm();
    const text = 'Classical conditioning pairs a neutral stimulus with an unconditioned stimulus. '
      + 'Now that you know how classical conditioning works, let\'s take a look at some of the general processes involved.';
    const reply = await llm.answer({ question: 'How does classical conditioning work?', passages: [{ marker: 1, title: 'T', text }] });
    expect(reply.answer).toBe('Classical conditioning pairs a neutral stimulus with an unconditioned stimulus. [1]');
  });

  it('when no sentence shares the question\'s terms, then it says not found', async () => {
    const answer = await createLocalExtractiveLlm().answer({ question: 'What is the boiling point of ethanol?', passages });
    expect(answer).toEqual({ found: false, answer: '', citedMarkers: [] });
  });
});
