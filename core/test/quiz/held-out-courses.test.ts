import { describe, expect, it } from 'vitest';
import { benchCourse } from '../../../bench/quiz.bench.js';
import { TIERS } from '../../src/domain/mastery/tiers.js';
import { COURSES } from './fixtures/uploaded-course.js';

// Courses built from Debian documentation packages through the real upload path (scripts/ensure-install.mjs
// --system installs them). The Python tutorial is the only course never fixed against (held out of tuning, though its
// output was read in earlier passes). The Debian FAQ was held out until its reading, and its defect classes were fixed
// after it; so was the Debian Reference (six chapters): added after issue 17's sixth-pass generator change, read once
// as held out (every assertion below held on it as written), and its defect classes fixed in the seventh pass
// (docs/quiz-generator.md), so it is no longer held out.
const manuals = COURSES.filter((c) => /debian-handbook|python|debian-faq|debian-reference/.test(c.name));

describe('quizzes on courses the generator was not written for', () => {
  for (const source of manuals) {
    it(`when ${source.name} is uploaded, then every tier serves at least 5 distinct items that pass the gate, with no leak, each labelled with the tier and strategy that built it`, async () => {
      const row = await benchCourse(source, 4);
      expect(row.words).toBeGreaterThan(5000);
      for (const tier of TIERS) {
        expect(row.tiers[tier].distinct, `tier ${tier}`).toBeGreaterThanOrEqual(5);
        expect(row.tiers[tier].leaks, `tier ${tier}`).toBe(0);
      }
      // Recall and explain items are built for their own tier on these courses.
      expect(row.tiers[1].atTier).toBeGreaterThanOrEqual(5);
      expect(row.tiers[2].atTier).toBeGreaterThanOrEqual(5);
      expect(row.served.every((q) => q.strategy && q.chunkIds.length > 0)).toBe(true);
      // The manual the generator was developed against serves real cause-and-effect items ("why is it that a
      // pre-dependency is very demanding for apt?" → "It adds a strict constraint on the ordering …"); on held-out
      // courses they are measured, not required.
      if (/debian-handbook/.test(source.name)) expect(row.tiers[2].strategies['explain-cause'] ?? 0, 'served explain-cause').toBeGreaterThanOrEqual(1);
      // Apply items built for tier 3 (procedures, tasks or worked examples), not only lower-tier fallbacks. Scoped: the
      // Debian FAQ states seven procedures and four of their means repeat a word of their purpose ("aptitude update" →
      // "update your system …") with no other means sharing one, so the gate refuses them as guessable (issue 17, sixth
      // pass) and three remain; its tier 3 is filled by tier-2 fallbacks, labelled as such.
      expect(row.tiers[3].atTier, 'tier 3 built for tier 3').toBeGreaterThanOrEqual(/debian-faq/.test(source.name) ? 3 : 5);
      // The FAQ defines few clean terms: its tier 4 is built from procedures swapped across sections (issue 17, sixth pass).
      if (/debian-faq/.test(source.name)) expect(row.tiers[4].atTier, 'FAQ tier 4 built for tier 4').toBeGreaterThanOrEqual(5);
    }, 600_000);
  }

  const short = COURSES.find((c) => /carpentries/.test(c.name));
  it('when a course of about 850 words (a handout of lists and a worksheet) is uploaded, then each tier still serves a usable quiz, labelled with the tier its items really are (tier 2: which heading a point sits under), with no leak and no worksheet line', async () => {
    const row = await benchCourse(short!, 4);
    expect(row.words).toBeLessThan(1000);
    for (const tier of TIERS) {
      expect(row.tiers[tier].distinct, `tier ${tier}`).toBeGreaterThanOrEqual(3);
      expect(row.tiers[tier].leaks, `tier ${tier}`).toBe(0);
    }
    expect(row.served.every((q) => q.strategy && q.chunkIds.length > 0)).toBe(true);
    // Honest: list recall is recall, whatever tier was asked; which heading a point sits under is tier 2.
    expect(row.served.filter((q) => q.strategy === 'recall-list').every((q) => q.tier === 1)).toBe(true);
    expect(row.tiers[2].atTier, 'tier 2 built for tier 2').toBeGreaterThanOrEqual(5);
    expect(row.served.filter((q) => q.strategy === 'explain-list-heading').every((q) => q.tier === 2)).toBe(true);
    // Tier 4: points swapped between sibling sub-headings (synthesize-swapped-list-headings).
    expect(row.tiers[4].atTier, 'tier 4 built for tier 4').toBeGreaterThanOrEqual(3);
    expect(row.served.some((q) => q.choices.some((c) => /_{3,}|^[A-Z]\.\s/.test(c)))).toBe(false);
  }, 600_000);
});
