/** One first answer to an item: right or not, the option chosen, and the learner's score on the rest of the quiz (0–1). */
export interface ItemAnswer { correct: boolean; chosen: string | null; restPercent: number | null }

/** Below this many answers the correlation says nothing: discrimination stays null. */
export const MIN_ANSWERS_FOR_DISCRIMINATION = 5;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Classical item statistics from first attempts: p-value (share right), discrimination (point-biserial
 * correlation between the item and the rest of the quiz) and how often each option was chosen.
 *
 * @example
 * itemStatistics([{ correct: true, chosen: 'B', restPercent: 0.75 }], ['A', 'B'], 'B', 1);
 */
export function itemStatistics(answers: readonly ItemAnswer[], choices: readonly string[], key: string, served: number) {
  const correct = answers.filter((a) => a.correct).length;
  const paired = answers.filter((a): a is ItemAnswer & { restPercent: number } => a.restPercent !== null);
  let discrimination: number | null = null;
  if (paired.length >= MIN_ANSWERS_FOR_DISCRIMINATION) {
    const xs: number[] = paired.map((a) => (a.correct ? 1 : 0));
    const ys = paired.map((a) => a.restPercent);
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length; const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0; let sxx = 0; let syy = 0;
    for (let i = 0; i < xs.length; i += 1) { const dx = (xs[i] ?? 0) - mx; const dy = (ys[i] ?? 0) - my; sxy += dx * dy; sxx += dx * dx; syy += dy * dy; }
    discrimination = sxx > 0 && syy > 0 ? round(sxy / Math.sqrt(sxx * syy)) : null;
  }
  const norm = (s: string) => s.trim().toLowerCase();
  return {
    served, answered: answers.length, correct,
    pValue: answers.length ? round(correct / answers.length) : null,
    discrimination,
    choiceCounts: choices.map((choice) => ({ choice, count: answers.filter((a) => a.chosen !== null && norm(a.chosen) === norm(choice)).length, isKey: norm(choice) === norm(key) })),
  };
}

/**
 * The automatic checks shown next to an item: structural ones always, statistical ones once there are answers
 * (conventional classical-test-theory bounds: p between 0.2 and 0.9, discrimination not below 0.1).
 */
export function itemChecks(item: { choices: readonly string[]; key: string; type: string; passages: readonly string[] }, stats: ReturnType<typeof itemStatistics>) {
  const norm = (s: string) => s.trim().toLowerCase();
  const checks = [
    { name: 'cited passage', passed: item.passages.length > 0, detail: item.passages.length > 0 ? `${item.passages.length} passage(s) support the key` : 'no passage of the course supports this key' },
  ];
  if (item.type === 'multiple_choice') {
    const distinct = new Set(item.choices.map(norm)).size === item.choices.length;
    checks.push({ name: 'distinct options', passed: distinct, detail: distinct ? 'every option differs' : 'two options read the same' });
    const keyAmong = item.choices.filter((c) => norm(c) === norm(item.key)).length === 1;
    checks.push({ name: 'one key', passed: keyAmong, detail: keyAmong ? 'exactly one option is the key' : 'the key is not exactly one of the options' });
    const unused = stats.answered >= MIN_ANSWERS_FOR_DISCRIMINATION ? stats.choiceCounts.filter((c) => !c.isKey && c.count === 0).length : 0;
    if (stats.answered >= MIN_ANSWERS_FOR_DISCRIMINATION) checks.push({ name: 'distractors chosen', passed: unused === 0, detail: unused === 0 ? 'every distractor was chosen at least once' : `${unused} distractor(s) never chosen` });
  }
  if (stats.pValue !== null && stats.answered >= MIN_ANSWERS_FOR_DISCRIMINATION) {
    const ok = stats.pValue >= 0.2 && stats.pValue <= 0.9;
    checks.push({ name: 'difficulty', passed: ok, detail: ok ? `p = ${stats.pValue}` : stats.pValue > 0.9 ? `p = ${stats.pValue}: almost everyone gets it right` : `p = ${stats.pValue}: almost no one gets it right` });
  }
  if (stats.discrimination !== null) {
    const ok = stats.discrimination >= 0.1;
    checks.push({ name: 'discrimination', passed: ok, detail: ok ? `r = ${stats.discrimination}` : `r = ${stats.discrimination}: strong learners do not do better on it` });
  }
  return checks;
}
