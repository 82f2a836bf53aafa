import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { buildPaperIndex, createMatcher, matchPapers, Profile } from '../../src/match/index.ts';
import { makePaper } from '../helpers/make-paper.ts';

const loops = makePaper(
  'loops',
  'Noise and redundancy in regulatory networks',
  'We study how one gene buffers noise. Feed-forward loops in regulatory networks of bacteria filter ' +
    'fluctuations, and the gene that drives them sets the filter.',
);
// Scores about as well, but has no "gene": another subject that shares two words.
const firms = makePaper(
  'firms',
  'Regulatory networks of firms',
  'Regulatory networks of agencies shape how markets for credit respond to shocks; we map these networks across countries.',
);
const others = [
  makePaper('vit', 'Scaling laws for vision transformers', 'We fit scaling laws to image models.'),
  makePaper('fold', 'A survey of protein folding', 'Protein structure prediction has advanced quickly.'),
];
const topic = 'gene regulatory networks';

function selected(papers: Paper[], breadth: Profile['breadth'] = 'balanced'): string[] {
  const index = buildPaperIndex(papers, {});
  const profile = Profile.parse({ topics: [topic], breadth });
  const ranked = matchPapers(index, profile)
    .filter((r) => r.selected)
    .map((r) => r.paper.id);
  // A send run's selection-only walk picks the same papers as the full ranking.
  expect(
    createMatcher(index)
      .selectPapers(profile)
      .map((r) => r.paper.id),
  ).toEqual(ranked);
  return ranked;
}

describe('the closest paper of a day with nothing else', () => {
  it('goes out when it has every word of a topic, though below the cut', () => {
    const index = buildPaperIndex([loops, firms, ...others], {});
    const [best] = matchPapers(index, Profile.parse({ topics: [topic] }));
    // Below the balanced cut (0.38), above the broad one (0.25).
    expect(best?.paper.id).toBe('loops');
    expect(best?.score).toBeGreaterThan(0.25);
    expect(best?.score).toBeLessThan(0.38);
    expect(selected([loops, firms, ...others])).toEqual(['loops']);
  });

  it('does not go out without every word of a topic, for a focused reader, or next to a paper that passes', () => {
    // "firms" is now the day's best paper, and it has no "gene": an empty day stays empty.
    expect(selected([firms, ...others])).toEqual([]);
    expect(selected(others)).toEqual([]);
    expect(selected([loops, firms, ...others], 'focused')).toEqual([]);
    const squarely = makePaper(
      'grn',
      'Inferring gene regulatory networks from single-cell data',
      'Gene regulatory networks are inferred from expression data.',
    );
    expect(selected([squarely, loops, firms, ...others])).toEqual(['grn']);
  });

  it('leaves a profile of example papers alone: they are no typed words', () => {
    // The paper has every word of the label the liked papers go by ("papers you liked").
    const survey = makePaper(
      'survey',
      'Which papers did readers enjoy?',
      'Readers liked papers on networks of yeast cells.',
    );
    const index = buildPaperIndex(
      [survey, ...others, makePaper('x', 'Bandits with delays', 'Delayed feedback.')],
      {},
    );
    const liked = {
      liked: [{ title: 'Gene networks in yeast', abstract: 'Gene networks of yeast cells.' }],
      disliked: [],
    };
    const [best] = matchPapers(index, Profile.parse({ topics: [], likes: ['example'] }), undefined, liked);
    expect(best?.paper.id).toBe('survey');
    expect(best?.score).toBeGreaterThan(0.25);
    expect(best?.selected).toBe(false);
  });
});
