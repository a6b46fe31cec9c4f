import { describe, expect, it } from 'vitest';
import { hybridRerank, reciprocalRankFusion } from '../../../src/domain/qa/rank-fusion.js';
import { bestSnippet, SNIPPET_MAX_CHARS } from '../../../src/domain/qa/snippet.js';
import { contentTerms, splitSentences, stem } from '../../../src/domain/qa/text-analysis.js';

describe('reciprocal rank fusion', () => {
  it('when a chunk is high in both legs, then it beats chunks that top only one leg', () => {
    const fused = reciprocalRankFusion([
      [{ chunkId: 'v1', score: 0.9 }, { chunkId: 'both', score: 0.8 }],
      [{ chunkId: 'l1', score: 7 }, { chunkId: 'both', score: 6 }],
    ]);
    expect(fused[0]).toEqual({ chunkId: 'both', score: 2 / 62, ranks: [2, 2] });
    expect(fused.map((f) => f.chunkId).sort()).toEqual(['both', 'l1', 'v1']);
    expect(fused.find((f) => f.chunkId === 'l1')?.ranks).toEqual([undefined, 1]);
  });
});

describe('hybrid rerank', () => {
  it('when two chunks are equally similar by vector, then the one holding the rare question terms ranks first', () => {
    const ranked = hybridRerank('When did Tesla move to Colorado Springs?', [
      { chunkId: 'generic', text: 'Tesla worked in many places and gave many lectures about electricity.', vectorSimilarity: 0.5 },
      { chunkId: 'answer', text: 'In 1899 Tesla moved to Colorado Springs to build a laboratory.', vectorSimilarity: 0.5 },
    ]);
    expect(ranked[0]?.chunkId).toBe('answer');
    expect(ranked[0]?.lexical).toBe(1);
    expect(ranked[0]?.coverage).toBeGreaterThan(ranked[1]?.coverage ?? 1);
  });
});

describe('snippets', () => {
  it('when the chunk is long, then the snippet is the sentence run with the question terms, at most 300 characters', () => {
    const filler = 'This sentence is about something else entirely and keeps going for a while. '.repeat(6);
    const text = `${filler}Pavlov rang a bell before feeding the dogs. ${filler}`;
    const snippet = bestSnippet(text, 'What did Pavlov ring before feeding?');
    expect(snippet).toBe('Pavlov rang a bell before feeding the dogs.');
  });

  it('when one sentence is longer than 300 characters, then a window around the terms is cut with ellipses', () => {
    const text = `${'word '.repeat(120)}the mitochondria produce energy ${'word '.repeat(120)}`;
    const snippet = bestSnippet(text, 'What do mitochondria produce?');
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_MAX_CHARS);
    expect(snippet).toContain('mitochondria produce energy');
    expect(snippet.startsWith('…')).toBe(true);
  });
});

describe('text analysis', () => {
  it('when words differ only by inflection, then they stem alike; stop words are dropped', () => {
    expect(stem('invented')).toBe(stem('invent'));
    expect(stem('studies')).toBe(stem('study'));
    expect(contentTerms('Who invented the motors?')).toEqual(['invent', 'motor']);
  });

  it('when text has initials and sentence ends, then sentences split at the ends only', () => {
    expect(splitSentences('B. F. Skinner studied rats. Pavlov studied dogs!').map((s) => s.text)).toEqual(['B. F. Skinner studied rats.', 'Pavlov studied dogs!']);
  });
});
