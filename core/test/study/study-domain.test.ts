import { join } from 'node:path';
import { Rating, createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CardDraft, buildCourseCards, createOpenAiNotesGenerator, gateCard, generateLocalNotes, isLineSupported, isSupportedBy, scheduleReview,
} from '../../src/domain/study/index.js';
import type { SourceChunk } from '../../src/domain/quiz/types.js';
import { loadCourseChunks } from '../quiz/fixtures/markdown-course.js';
import { chatReply, startFakeOpenAi } from '../providers/fake-openai-server.js';

const chunk = (id: string, content: string, headingPath = ['Memory']): SourceChunk => ({
  id, documentId: 'doc-1', documentTitle: '8.1 How Memory Functions', topicId: 'topic-1', topicTitle: 'Memory', content, headingPath,
});
const passage = chunk('c1', 'Encoding is the input of information into the memory system. Storage is the retention of encoded information over time.');
const draft = (over: Partial<CardDraft>): CardDraft => ({
  kind: 'term', cardKey: 'term:x', front: 'What does “encoding” mean?', back: 'The input of information into the memory system.', chunks: [passage], answerForms: [], ...over,
});

describe('study material rules', () => {
  it('when a back is stated by its passage, then it is supported; when it adds what the passage does not say, then it is not', () => {
    expect(isSupportedBy('encoding: the input of information into the memory system', passage.content)).toBe(true);
    expect(isSupportedBy('encoding happens mostly during sleep in the hippocampus', passage.content)).toBe(false);
  });

  it('when a card passes, fails support, or gives its answer away on the front, then the gate says which', () => {
    expect(gateCard(draft({}))).toBeUndefined();
    expect(gateCard(draft({ back: 'Consolidation of memories while dreaming.' }))).toBe('unsupported_back');
    expect(gateCard(draft({ kind: 'definition', front: 'What is the term for encoding information into memory?', back: 'Encoding', answerForms: ['encoding'] }))).toBe('back_leaks_on_front');
    expect(gateCard(draft({ front: 'The input of information into the memory system is called what?', back: 'The input of information into the memory system.' }))).toBe('back_leaks_on_front');
  });

  it('when a heading line names a heading the chunk does not have, then it is not supported', () => {
    expect(isLineSupported({ kind: 'heading', text: 'Memory' }, passage)).toBe(true);
    expect(isLineSupported({ kind: 'heading', text: 'Sleep and Dreams' }, passage)).toBe(false);
  });

  it('when the demo course is turned into notes and cards, then every note line is supported, no card front names its answer and every back is made of its passages\' words', () => {
    const chunks = loadCourseChunks(join(import.meta.dirname, '../../../data/courses/psychology-learning-and-memory'));
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const documentChunks = chunks.filter((c) => c.documentId === 'doc3');
    const lines = generateLocalNotes({ documentId: 'doc3', documentTitle: documentChunks[0]!.documentTitle, documentChunks, courseChunks: chunks });
    expect(lines.filter((l) => l.kind === 'term').length).toBeGreaterThan(5);
    expect(lines.every((l) => isLineSupported(l, byId.get(l.chunkId)!))).toBe(true);
    const { passing, rejected } = buildCourseCards(chunks);
    expect(passing.length).toBeGreaterThan(100);
    // Checked independently of the gate's own code: no front names its answer as a word; backs are the passages' words.
    const words = (text: string) => text.toLowerCase().match(/[a-z]{4,}/g) ?? [];
    for (const card of passing) {
      for (const form of card.answerForms) expect(card.front.toLowerCase(), card.front).not.toMatch(new RegExp(`\\b${form.toLowerCase()}\\b`));
      const cited = new Set(words(card.chunks.map((c) => c.content).join(' ')));
      const back = words(card.back).filter((w) => w !== 'something');
      expect(back.filter((w) => cited.has(w)).length / back.length, card.back).toBeGreaterThanOrEqual(0.75);
    }
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(passing.map((c) => c.kind))).toEqual(new Set(['term', 'definition', 'example', 'cause_effect']));
  }, 60_000);
});

describe('FSRS scheduling', () => {
  it('when the same ratings are replayed through ts-fsrs, then every due date matches; Good grows the interval and Again shrinks it', () => {
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
    let now = new Date('2026-12-01T09:00:00Z');
    let ours = scheduleReview(undefined, 'good', now);
    let theirs = scheduler.next(createEmptyCard(now), now, Rating.Good).card;
    const intervals = [ours.intervalDays];
    for (const [rating, grade] of [['good', Rating.Good], ['good', Rating.Good], ['again', Rating.Again]] as const) {
      now = ours.due;
      ours = scheduleReview(ours.state, rating, now);
      theirs = scheduler.next(theirs, now, grade).card;
      expect(ours.due.toISOString()).toBe(theirs.due.toISOString());
      expect(ours.state.stability).toBeCloseTo(theirs.stability, 9);
      intervals.push(ours.intervalDays);
    }
    expect(intervals[1]).toBeGreaterThan(intervals[0]!);
    expect(intervals[2]).toBeGreaterThan(intervals[1]!);
    expect(intervals[3]).toBeLessThan(intervals[2]!);
    expect(ours.state).toMatchObject({ state: 'relearning', lapses: 1 });
  });
});

describe('OpenAI-compatible notes generator', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); });

  it('when the model cites passages, then lines map to their chunks; a line its passage does not support fails the contract check', async () => {
    const reply = { lines: [
      { kind: 'heading', text: 'Memory', passage: 1 },
      { kind: 'key_point', text: 'Encoding is the input of information into the memory system.', passage: 1 },
      { kind: 'key_point', text: 'Memories are stored in the cerebellum only during childhood.', passage: 1 },
      { kind: 'key_point', text: 'A line citing a passage that was never sent.', passage: 9 },
    ] };
    const fake = await startFakeOpenAi([{ body: chatReply('not json') }, { body: chatReply(JSON.stringify(reply)) }]);
    close = fake.close;
    const generator = createOpenAiNotesGenerator({ apiKey: 'test', baseUrl: fake.baseUrl, model: 'fake-model' });
    const lines = await generator.generate({ documentId: 'doc-1', documentTitle: 'Memory', documentChunks: [passage], courseChunks: [passage] });
    expect(fake.requests).toHaveLength(2);
    expect(generator.name).toBe('openai:fake-model');
    expect(lines.map((l) => l.chunkId)).toEqual(['c1', 'c1', 'c1']);
    expect(lines.map((l) => isLineSupported(l, passage))).toEqual([true, true, false]);
  });
});
