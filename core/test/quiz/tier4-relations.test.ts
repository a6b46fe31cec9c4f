import { describe, expect, it } from 'vitest';
import { findStatedReasons } from '../../src/domain/quiz/explain-questions.js';
import { generateLocalCandidates, generateLocalQuiz } from '../../src/domain/quiz/generate-local-quiz.js';
import { itemProblems } from '../../src/domain/quiz/item-gate.js';
import { findProcedures } from '../../src/domain/quiz/procedures.js';
import { relationStatementsQuestion, relationsOf } from '../../src/domain/quiz/synthesize-relations.js';
import { seededRandom } from '../../src/domain/quiz/text.js';
import type { GeneratedQuestion, SourceChunk } from '../../src/domain/quiz/types.js';

/**
 * Tier 4 from the relations a course states (issue 17, sixth pass): on text that defines no term, "which of these
 * statements is accurate?" pairs a means with its purpose (or an effect with its cause) from one section; the
 * distractors swap the parts of relations from other sections. Short synthetic text, no course's words.
 */
let n = 0;
const chunk = (content: string, section: string): SourceChunk => {
  n += 1;
  return { id: `r${n}`, documentId: 'd1', documentTitle: 'Manual', topicId: `t-${section}`, topicTitle: section, content, headingPath: ['Manual', section] };
};

/** A manual of six sections, each stating one procedure ("To X, run Y."), no defined terms. */
const manual = [
  chunk('To list the archive members, run the command:\nzorb --list\nThe list is sorted.', 'Archives'),
  chunk('To remove a stale lock file, use the --unlock option. Locks are rare.', 'Locks'),
  chunk('To print the version of the daemon, run the command:\nflimd --version\nIt prints one line.', 'Versions'),
  chunk('To rebuild the search index from scratch, use the --reindex option. It takes a while.', 'Indexes'),
  chunk('To send the nightly report by mail, use the --mail-report option. Reports are short.', 'Reports'),
  chunk('To check the signatures of downloaded files, use the --verify option. Keys are kept locally.', 'Signatures'),
];

const byText = (q: GeneratedQuestion) => q.answer.kind === 'choice' ? q.answer.text : '';
const relationItems = (items: GeneratedQuestion[]) => items.filter((q) => /^synthesize-swapped-(purposes|causes|list-headings)$/.test(q.strategy ?? ''));

describe('tier 4 from procedures across sections', () => {
  it('when a manual defines no term but states procedures in several sections, then tier 4 serves items built for tier 4 from them', async () => {
    const quiz = await generateLocalQuiz({ chunks: manual, tier: 4, numQuestions: 5, seed: 'relations' });
    const items = relationItems(quiz);
    expect(items.length).toBeGreaterThanOrEqual(3);
    // The stem names the four means (exposure control goes by prompt): no two items of a quiz share one.
    expect(new Set(items.map((q) => q.prompt)).size).toBe(items.length);
    for (const q of items) expect(q.prompt).toMatch(/^The course says what .+ are used for\. Which of these statements is accurate\?$/);
    for (const q of items) {
      expect(q.tier).toBe(4);
      expect(q.strategy).toBe('synthesize-swapped-purposes');
      expect(q.choices).toHaveLength(4);
      expect(itemProblems(q, new Map(manual.map((c) => [c.id, c])))).toEqual([]);
    }
  });

  it('when an item is built, then the key is a pairing the course states and each distractor pairs a real means with another section\'s purpose', async () => {
    const procedures = findProcedures(manual);
    const pairs = new Map(procedures.map((p) => [p.means, p.purpose]));
    const sectionOf = new Map(procedures.map((p) => [p.means, p.chunk.topicId]));
    const candidates = relationItems(await generateLocalCandidates({ chunks: manual, tier: 4, numQuestions: 5, seed: 'pairs' }));
    expect(candidates.length).toBeGreaterThan(0);
    for (const q of candidates) {
      const parse = (s: string) => /^(.+?) (?:is|are) used (?:to|for) (.+)\.$/.exec(s)?.slice(1) as [string, string];
      const [keyMeans, keyPurpose] = parse(byText(q));
      expect(pairs.get(keyMeans)).toBe(keyPurpose);
      const wrong = q.choices.filter((c) => c !== byText(q)).map(parse);
      const usedPurposes = new Set<string>();
      for (const [means, purpose] of wrong) {
        expect(pairs.has(means)).toBe(true);
        expect(pairs.get(means)).not.toBe(purpose);
        const owner = procedures.find((p) => p.purpose === purpose);
        expect(owner).toBeDefined();
        // Across sections: neither part comes from the key's section.
        expect(sectionOf.get(means)).not.toBe(q.topicId);
        expect(owner?.chunk.topicId).not.toBe(q.topicId);
        usedPurposes.add(purpose);
      }
      // Each part appears once: the three distractors' purposes are the three distractor means' own purposes, swapped.
      expect([...usedPurposes].sort()).toEqual(wrong.map(([means]) => pairs.get(means)).sort());
      // The explanation and the option notes say where each swapped part really belongs.
      expect(q.chunkIds).toEqual([manual.find((c) => c.topicId === q.topicId)?.id]);
      expect(q.optionNotes).toHaveLength(3);
      for (const note of q.optionNotes ?? []) expect(note.note).toMatch(/^The course uses .+ \(.+\), not to .+: for that it uses .+ \(.+\)\.$/);
    }
  });

  it('when the course also states a swapped pairing somewhere (a means used for two purposes), then that pairing is never a distractor', () => {
    // --verify also rebuilds the search index here: "--verify is used to rebuild the search index …" would be true.
    const course = [...manual, chunk('The --verify option can also be used to rebuild the search index from scratch.', 'Tips')];
    const relations = relationsOf(findProcedures(course), []);
    const key = relations.find((r) => r.left === '--unlock');
    expect(key).toBeDefined();
    for (let seed = 0; seed < 40; seed += 1) {
      const q = relationStatementsQuestion({ terms: [], similarity: { score: () => 0, ranked: () => [] } as never, rng: seededRandom(seed) }, key as never, relations, course);
      for (const choice of q?.choices ?? []) expect(choice).not.toBe('--verify is used to rebuild the search index from scratch.');
    }
  });

  it('when all the procedures sit in one section, then no tier-4 relation item is built (the swap would not cross sections)', async () => {
    const oneSection = manual.map((c) => ({ ...c, topicId: 't-one', topicTitle: 'One', headingPath: ['Manual', 'One'] }));
    const candidates = await generateLocalCandidates({ chunks: oneSection, tier: 4, numQuestions: 5, seed: 'one' });
    expect(relationItems(candidates)).toEqual([]);
  });
});

describe('tier 4 from stated causes across sections', () => {
  const course = [
    chunk('The mirror refuses old clients because the protocol changed in the last release.', 'Mirrors'),
    chunk('The backup job runs at night because the disks are idle after midnight.', 'Backups'),
    chunk('Uploads are signed because every archive must prove its origin.', 'Uploads'),
    chunk('The cache is cleared weekly because stale entries slow down every lookup.', 'Caches'),
    chunk('The build farm skips documentation because rendering the manuals needs extra fonts.', 'Builds'),
  ];

  it('when a text states causes in several sections, then tier 4 builds "<effect> because <cause>" statements with the causes swapped across sections', async () => {
    expect(findStatedReasons(course).length).toBeGreaterThanOrEqual(4);
    const candidates = relationItems(await generateLocalCandidates({ chunks: course, tier: 4, numQuestions: 5, seed: 'causes' }));
    expect(candidates.length).toBeGreaterThan(0);
    const reasons = findStatedReasons(course);
    for (const q of candidates) {
      expect(q.strategy).toBe('synthesize-swapped-causes');
      expect(q.tier).toBe(4);
      const truth = (s: string) => reasons.some((r) => s.toLowerCase() === `${r.effect} because ${r.cause}.`.toLowerCase());
      expect(truth(byText(q))).toBe(true);
      expect(q.choices.filter(truth)).toHaveLength(1);
      for (const c of q.choices) expect(c).toMatch(/ because /);
      expect(itemProblems(q, new Map(course.map((c) => [c.id, c])))).toEqual([]);
    }
  });
});

describe('tier 4 from points under sibling sub-headings', () => {
  const section = (heading: string, points: string[]): SourceChunk => {
    n += 1;
    return { id: `l${n}`, documentId: 'h1', documentTitle: 'Handout', topicId: `t-${heading}`, topicTitle: heading, content: points.map((p) => `- ${p}`).join('\n'), headingPath: ['Keeping a garden', heading] };
  };
  const handout = [
    section('Water wisely', ['Soak the roots early in the morning.', 'Collect rain in barrels.', 'Skip a day after heavy storms.']),
    section('Feed the soil', ['Spread compost every spring.', 'Leave clippings on the lawn.', 'Rotate crops between beds.']),
    section('Keep pests away', ['Plant marigolds near tomatoes.', 'Pick beetles off by hand.', 'Net young cabbages.']),
  ];

  it('when a handout lists points under three sibling sub-headings, then tier 4 pairs a point with its own heading, the other options swap points and headings of the siblings', async () => {
    const candidates = relationItems(await generateLocalCandidates({ chunks: handout, tier: 4, numQuestions: 5, seed: 'garden' }));
    expect(candidates.length).toBeGreaterThan(0);
    const headingOf = new Map(handout.flatMap((c) => c.content.split('\n').map((l) => [l.slice(2).replace(/\.$/, ''), c.headingPath[1]] as const)));
    for (const q of candidates) {
      expect(q.strategy).toBe('synthesize-swapped-list-headings');
      expect(q.tier).toBe(4);
      expect(q.choices).toHaveLength(3);
      const parse = (s: string) => (/^The course lists “(.+)” under “(.+)”\.$/.exec(s) ?? []).slice(1) as [string, string];
      const truths = q.choices.filter((c) => { const [point, heading] = parse(c); return headingOf.get(point) === heading; });
      expect(truths).toEqual([byText(q)]);
      // Each sibling heading is named once: the swaps move points between the other two.
      expect(new Set(q.choices.map((c) => parse(c)[1])).size).toBe(3);
      expect(itemProblems(q, new Map(handout.map((c) => [c.id, c])))).toEqual([]);
    }
  });
});
