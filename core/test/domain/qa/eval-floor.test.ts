import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Set from the measured figures in docs/qa-evaluation.md (sample of 200: ~0.88–0.90), with room for noise. */
const RECALL_AT_5_FLOOR = 0.85;

describe('retrieval quality floor (CI)', () => {
  it('when a seeded sample of the SQuAD answerable pack is evaluated with the local providers, then recall@5 stays above the floor', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--pack', 'data/eval/squad-answerable', '--sample', '200',
      '--json', '--quiet', '--min-recall-at-5', String(RECALL_AT_5_FLOOR)], { cwd: root, encoding: 'utf8', timeout: 540_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { recall_at_5: number; answerable_questions: number; chunks: number };
    expect(report.answerable_questions).toBe(200);
    expect(report.chunks).toBeGreaterThan(500);
    expect(report.recall_at_5).toBeGreaterThanOrEqual(RECALL_AT_5_FLOOR);
  }, 600_000);
});
