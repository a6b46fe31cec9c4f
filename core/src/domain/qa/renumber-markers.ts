/**
 * Renumbers citation markers for reading: the sources the answer cites become [1], [2], … in the order the
 * answer first mentions them, and the uncited candidates follow in retrieval order. Without this, markers
 * follow retrieval rank, and a student sees "2 sources: [2], [3]" and looks for a missing [1].
 *
 * @example
 * renumberMarkers('Gametes are haploid [3]. Mitosis copies [2][3].', 3, new Set([2, 3]));
 * // → { answer: 'Gametes are haploid [1]. Mitosis copies [2][1].', newMarkerOf: Map { 3 → 1, 2 → 2, 1 → 3 } }
 */
export function renumberMarkers(answer: string, count: number, cited: ReadonlySet<number>): { answer: string; newMarkerOf: Map<number, number> } {
  const order: number[] = [];
  for (const match of answer.matchAll(/\[(\d+)\]/g)) {
    const marker = Number(match[1]);
    if (cited.has(marker) && !order.includes(marker)) order.push(marker);
  }
  for (const marker of [...cited].sort((a, b) => a - b)) if (!order.includes(marker)) order.push(marker);
  for (let marker = 1; marker <= count; marker += 1) if (!order.includes(marker)) order.push(marker);
  const newMarkerOf = new Map(order.map((marker, i) => [marker, i + 1]));
  const renumbered = answer.replace(/\[(\d+)\]/g, (whole, digits: string) => {
    const next = newMarkerOf.get(Number(digits));
    return next === undefined ? whole : `[${next}]`;
  });
  return { answer: renumbered, newMarkerOf };
}
