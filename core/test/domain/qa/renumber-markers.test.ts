import { describe, expect, it } from 'vitest';
import { renumberMarkers } from '../../../src/domain/qa/renumber-markers.js';

describe('renumberMarkers', () => {
  it('when the answer cites ranks 3 and 2, then they read [1] and [2] in the order mentioned and the uncited follow', () => {
    const { answer, newMarkerOf } = renumberMarkers('Gametes are haploid [3]. Mitosis copies cells [2][3].', 4, new Set([2, 3]));
    expect(answer).toBe('Gametes are haploid [1]. Mitosis copies cells [2][1].');
    expect([...newMarkerOf.entries()]).toEqual([[3, 1], [2, 2], [1, 3], [4, 4]]);
  });

  it('when a marker is not one of the passages, then it is left as written', () => {
    expect(renumberMarkers('See [9] and [2].', 2, new Set([2])).answer).toBe('See [9] and [1].');
  });

  it('when nothing is cited, then the numbering is the identity', () => {
    const { answer, newMarkerOf } = renumberMarkers('Not found in course content.', 3, new Set());
    expect(answer).toBe('Not found in course content.');
    expect([...newMarkerOf.values()]).toEqual([1, 2, 3]);
  });
});
