import { describe, expect, it } from 'vitest';
import { cosinesWith, type Vector } from '../../src/match/rating-vectors.ts';

const vector = (entries: [number, number][]): Vector => ({
  ids: Int32Array.from(entries, ([id]) => id),
  weights: Float64Array.from(entries, ([, weight]) => weight),
});

/** The plain dot product over a map, the reference `cosinesWith` must agree with. */
function dot(a: Vector, b: Vector): number {
  const weights = new Map<number, number>();
  a.ids.forEach((id, i) => {
    weights.set(id, a.weights[i] as number);
  });
  let sum = 0;
  b.ids.forEach((id, i) => {
    sum += (weights.get(id) ?? 0) * (b.weights[i] as number);
  });
  return sum;
}

describe('cosinesWith', () => {
  const papers = [
    vector([
      [0, 0.6],
      [3, 0.8],
    ]),
    vector([[1, 1]]),
    vector([
      [0, 0.28],
      [2, 0.96],
    ]),
    vector([]),
  ];

  it('gives each paper the dot product with the rated vector', () => {
    const rated = vector([
      [0, 0.8],
      [2, 0.6],
    ]);
    const cosines = [...cosinesWith(rated, papers, 4)];
    expect(cosines).toEqual(papers.map((paper) => dot(rated, paper)));
    expect(cosines[1]).toBe(0);
    expect(cosines[3]).toBe(0);
  });

  it('leaves nothing behind for the next rated vector', () => {
    cosinesWith(vector([[1, 1]]), papers, 4);
    const rated = vector([[3, 1]]);
    expect([...cosinesWith(rated, papers, 4)]).toEqual(papers.map((paper) => dot(rated, paper)));
  });
});
