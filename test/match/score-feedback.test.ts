import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { buildPaperIndex, countTerms, matchPapers, Profile, type Ratings } from '../../src/match/index.ts';
import { sampleDigest } from '../helpers/fixtures.ts';
import { makePaper } from '../helpers/make-paper.ts';

const digest: Paper[] = [
  makePaper(
    'dpo-variant',
    'Length-Controlled Direct Preference Optimization',
    'We study direct preference optimization of language models on pairwise preference data and control the verbosity of preferred responses with a length-regularized objective.',
  ),
  makePaper(
    'rlhf-survey',
    'A Survey of Reward Models for Language Model Alignment',
    'Reward models trained on human preference comparisons guide policy optimization. We survey reward models and their failure modes.',
  ),
  makePaper(
    'diffusion',
    'Consistency Distillation for Diffusion Models',
    'We distill a diffusion model into a few-step consistency model for fast image generation with reward guidance.',
  ),
  makePaper(
    'galaxies',
    'Dust Attenuation in Star-Forming Galaxies',
    'We measure dust attenuation curves of star-forming galaxies at redshift two with JWST spectroscopy.',
  ),
];

const liked = {
  title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model',
  abstract:
    'We introduce direct preference optimization (DPO), which fits language models to human preference data with a simple classification loss instead of reinforcement learning.',
};
const disliked = {
  title: 'Reward Models Are Hackable',
  abstract:
    'We show reward models trained on human comparisons are easily hacked by policy optimization, a survey of failure modes.',
};

const index = buildPaperIndex(digest, { archive: countTerms(sampleDigest.papers) });
const scoreOf = (ratings: Ratings | undefined, topics: string[], id: string) => {
  const profile = Profile.parse({ topics, likes: ratings?.liked.length ? ['x'] : [] });
  return matchPapers(index, profile, undefined, ratings).find((r) => r.paper.id === id);
};

describe('learning from ratings', () => {
  it('changes nothing without ratings', () => {
    const profile = Profile.parse({ topics: ['language models'] });
    expect(matchPapers(index, profile, undefined, { liked: [], disliked: [] })).toEqual(
      matchPapers(index, profile),
    );
  });

  it('raises papers its topics found that are like a liked one, and says which one', () => {
    const before = scoreOf(undefined, ['language models'], 'dpo-variant');
    const after = scoreOf({ liked: [liked], disliked: [] }, ['language models'], 'dpo-variant');
    expect(after?.score ?? 0).toBeGreaterThan(before?.score ?? 1);
    expect(after?.reasons).toContain(`similar to "${liked.title}" that you liked`);
    // Next to typed topics, likes re-rank what the topics find; they never bring in other papers.
    expect(scoreOf({ liked: [liked], disliked: [] }, ['language models'], 'galaxies')?.score ?? 0).toBe(0);
    expect(scoreOf({ liked: [liked], disliked: [] }, ['dust attenuation'], 'dpo-variant')?.score ?? 0).toBe(
      0,
    );
  });

  it('lowers papers like a disliked one, by at most half', () => {
    const before = scoreOf(undefined, ['reward models'], 'rlhf-survey')?.score ?? 0;
    const after = scoreOf({ liked: [], disliked: [disliked] }, ['reward models'], 'rlhf-survey')?.score ?? 0;
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThanOrEqual(before / 2);
  });

  it('lowers a paper that could go out, and leaves the papers below every cut in their order', () => {
    const ratings = { liked: [], disliked: [disliked] };
    const selected = scoreOf(undefined, ['reward models'], 'rlhf-survey');
    expect(selected?.selected).toBe(true);
    expect(scoreOf(ratings, ['reward models'], 'rlhf-survey')?.score ?? 1).toBeLessThan(selected?.score ?? 0);
    // For "preference optimization" the survey is a near miss below every cut: it keeps its score.
    const nearMiss = scoreOf(undefined, ['preference optimization'], 'rlhf-survey');
    expect(nearMiss?.score ?? 0).toBeGreaterThan(0);
    expect(nearMiss?.score ?? 0).toBeLessThan(0.25);
    expect(scoreOf(ratings, ['preference optimization'], 'rlhf-survey')?.score).toBe(nearMiss?.score);
  });

  it('makes a profile from example papers alone', () => {
    const ranked = matchPapers(index, Profile.parse({ topics: [], likes: ['x'] }), undefined, {
      liked: [liked],
      disliked: [],
    });
    expect(ranked[0]?.paper.id).toBe('dpo-variant');
    expect(ranked[0]?.matchedTopics).toEqual(['papers you liked']);
    expect(ranked.find((r) => r.paper.id === 'galaxies')?.selected).toBe(false);
  });

  it('is deterministic', () => {
    const ratings = { liked: [liked], disliked: [disliked] };
    const profile = Profile.parse({ topics: ['reward models'], likes: ['x'], dislikes: ['y'] });
    expect(matchPapers(index, profile, undefined, ratings)).toEqual(
      matchPapers(index, profile, undefined, ratings),
    );
  });
});

describe('closeness on the day’s own scale', () => {
  const day = buildPaperIndex(sampleDigest.papers, { archive: countTerms(sampleDigest.papers) });
  const topics = ['machine learning', 'language models', 'privacy', 'robustness'];
  const rank = (ratings?: Ratings) =>
    new Map(
      matchPapers(day, Profile.parse({ topics, likes: ratings ? ['x'] : [] }), undefined, ratings).map(
        (r) => [r.paper.id, r.score] as const,
      ),
    );

  it('raises only the few papers closer to a liked one than nearly all of the day’s papers', () => {
    const likedPaper = sampleDigest.papers[3] as Paper;
    const before = rank();
    const after = rank({ liked: [likedPaper], disliked: [] });
    const raised = [...after].filter(([id, score]) => score > (before.get(id) ?? 0));
    // The liked paper itself (it is in today's digest) and at most the closest 3% of the others.
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.length).toBeLessThanOrEqual(1 + Math.ceil(0.03 * sampleDigest.papers.length));
    expect(raised.map(([id]) => id)).toContain(likedPaper.id);
    for (const [id, score] of after) expect(score).toBeGreaterThanOrEqual(before.get(id) ?? 0);
  });

  it('leaves a disliked-looking paper alone when it is as close to a liked paper', () => {
    const same = sampleDigest.papers[5] as Paper;
    const before = rank();
    const after = rank({ liked: [same], disliked: [same] });
    expect(after.get(same.id)).toBeGreaterThanOrEqual(before.get(same.id) ?? 0);
  });
});

describe('a dislike on a day with nothing like it', () => {
  // Of these papers the galaxy one is the closest to the disliked paper on the day's own scale,
  // yet they share one everyday word: a reader who disliked a robotics paper did not dislike it.
  const robotics = {
    title: 'Teleoperating Humanoid Robots through Virtual Reality',
    abstract:
      'An operator steers humanoid robots through a virtual reality headset with haptic gloves, latency compensation, camera streaming and grasp planning; we measure latency.',
  };

  it('barely lowers the nearest paper when it shares almost nothing with the disliked one', () => {
    const score = (ratings?: Ratings) =>
      matchPapers(
        index,
        Profile.parse({ topics: ['dust attenuation'], dislikes: ratings ? ['y'] : [] }),
        undefined,
        ratings,
      ).find((r) => r.paper.id === 'galaxies')?.score ?? 0;
    const before = score();
    const after = score({ liked: [], disliked: [robotics] });
    expect(before).toBeGreaterThan(0);
    // A paper as like it as can be would lose half its score; this one loses far less.
    expect(after).toBeGreaterThan(0.75 * before);
  });
});
