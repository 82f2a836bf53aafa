import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import {
  buildPaperIndex,
  countTerms,
  createMatcher,
  matchPapers,
  type PaperIndex,
  Profile,
} from '../../src/match/index.ts';
import { sampleDigest } from '../helpers/fixtures.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { reasonsFor } from '../helpers/select-ids.ts';

/** A small digest with the hard cases: look-alike words on both sides. */
const papers: Paper[] = [
  makePaper(
    'dpo',
    'Unintentional Unalignment: Likelihood Displacement in Direct Preference Optimization',
    'Direct Preference Optimization (DPO) and its variants are increasingly used for aligning language models with human preferences. We show that DPO can decrease the likelihood of preferred responses, a phenomenon we call likelihood displacement.',
  ),
  makePaper(
    'coins',
    'Fair coins tend to land on the same side they started: Evidence from 350,757 flips',
    'We collected coin flips to test a physics model of human coin tossing. The coins landed on the same side more often than not, showing a same-side bias; there was no heads-tails bias across coins.',
  ),
  makePaper(
    'fair-use',
    'Foundation Models and Fair Use',
    'Existing foundation models are trained on copyrighted material. In the United States copyrighted content may be used under the fair use doctrine, but fair use is not guaranteed when outputs are similar to the data.',
  ),
  makePaper(
    'group-fairness',
    'Enhancing Group Fairness in Online Settings Using Oblique Decision Forests',
    'Fairness, especially group fairness, is an important consideration for machine learning systems. We reduce demographic parity violations across sensitive attributes such as race and gender.',
  ),
  makePaper(
    'gnn',
    'Expressive Message Passing for Molecules',
    'We propose a GNN architecture whose message passing layers distinguish more graphs; the new GNN improves molecular property prediction.',
  ),
  makePaper(
    'conformal',
    'Provably Robust Conformal Prediction with Improved Efficiency',
    'Conformal prediction constructs prediction sets with coverage guarantees. We make conformal prediction robust to adversarial perturbations.',
  ),
  makePaper(
    'diffusion',
    'Editing Implicit Assumptions in Text-to-Image Diffusion Models',
    'Text-to-image diffusion models make implicit assumptions that can reflect social biases. We edit a pre-trained diffusion model.',
  ),
];

const index: PaperIndex = buildPaperIndex(papers);

function selectedIds(topics: string[], extra: Partial<Profile> = {}): string[] {
  return matchPapers(index, Profile.parse({ topics, ...extra }))
    .filter((ranked) => ranked.selected)
    .map((ranked) => ranked.paper.id);
}

describe('matchPapers', () => {
  it('finds a DPO paper for "RLHF" although it never says RLHF', () => {
    const ranked = matchPapers(index, Profile.parse({ topics: ['RLHF'] }));
    expect(ranked[0]?.paper.id).toBe('dpo');
    expect(ranked[0]?.selected).toBe(true);
    expect(ranked[0]?.reasons.join(' ')).toMatch(/matched "RLHF" via "(direct )?preference optimization"/i);
  });

  it('meets acronyms and expansions both ways', () => {
    expect(selectedIds(['graph neural networks'])).toEqual(['gnn']);
    expect(selectedIds(['DPO'])).toContain('dpo');
    expect(selectedIds(['direct preference optimization'])).toContain('dpo');
  });

  it("spells out a reader's acronym the way the archive's papers define it, when they agree", () => {
    const day = [
      makePaper(
        'noise',
        'Noise propagation in gene regulatory networks',
        'We measure how noise spreads through gene regulatory networks of yeast and find feed-forward loops that damp it.',
      ),
      makePaper(
        'grn-only',
        'Inferring GRN structure from single cells',
        'We infer GRN edges from single-cell data.',
      ),
      makePaper('other', 'Sparse regression', 'We give faster algorithms for sparse regression.'),
    ];
    const defines = (id: string, text: string) => makePaper(id, `Paper ${id}`, text);
    const archive = [
      defines('a1', 'Gene regulatory networks (GRNs) control cell fate.'),
      defines('a2', 'We learn gene regulatory networks (GRN) from expression data.'),
      defines('b1', 'Computer vision (CV) models see.'),
      defines('b2', 'We tune it by cross-validation (CV) on held-out folds.'),
    ];
    const withArchive = buildPaperIndex(day, { archive: countTerms(archive) });
    const selectedFor = (topic: string) =>
      matchPapers(withArchive, Profile.parse({ topics: [topic] }))
        .filter((ranked) => ranked.selected)
        .map((ranked) => ranked.paper.id);
    // No paper of the day defines "GRN"; two archived papers do, the same way.
    expect(selectedFor('GRNs')).toContain('noise');
    expect(selectedFor('gene regulatory networks')).toEqual(expect.arrayContaining(['noise', 'grn-only']));
    // Without the archive the acronym is only its letters.
    const alone = buildPaperIndex(day);
    const aloneRanked = matchPapers(alone, Profile.parse({ topics: ['GRNs'] }));
    expect(aloneRanked.filter((r) => r.selected).map((r) => r.paper.id)).not.toContain('noise');
    // The archive disagrees on "CV" (computer vision, cross-validation): it has no meaning from there.
    expect(withArchive.acronymExpansions.get('^cv')).toBeUndefined();
  });

  it('does not take fair coins or fair use for algorithmic fairness', () => {
    // Which words are everyday vocabulary ("bias") is learned from an archive of papers.
    const withArchive = buildPaperIndex(papers, { archive: countTerms(sampleDigest.papers) });
    const selected = matchPapers(withArchive, Profile.parse({ topics: ['algorithmic fairness', 'bias'] }))
      .filter((ranked) => ranked.selected)
      .map((ranked) => ranked.paper.id);
    expect(selected).toContain('group-fairness');
    expect(selected).not.toContain('coins');
    expect(selected).not.toContain('fair-use');
  });

  it('selects nothing for a profile the digest does not cover', () => {
    const ranked = matchPapers(
      index,
      Profile.parse({ topics: ['quantum error correction', 'speech recognition'] }),
    );
    expect(ranked).toHaveLength(papers.length);
    expect(ranked.filter((r) => r.selected)).toEqual([]);
  });

  it('gives every selected paper reasons and matched topics', () => {
    const ranked = matchPapers(
      index,
      Profile.parse({ topics: ['conformal prediction', 'diffusion models'] }),
    );
    const selected = ranked.filter((r) => r.selected);
    expect(selected.map((r) => r.paper.id).sort()).toEqual(['conformal', 'diffusion']);
    for (const r of selected) {
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.matchedTopics.length).toBeGreaterThan(0);
    }
    expect(selected.find((r) => r.paper.id === 'conformal')?.reasons[0]).toMatch(
      /^matched "conformal prediction" in title/,
    );
  });

  it('is deterministic and sorted best first', () => {
    const profile = Profile.parse({ topics: ['RLHF', 'algorithmic fairness', 'diffusion models'] });
    const first = matchPapers(index, profile);
    const second = matchPapers(buildPaperIndex(papers), profile);
    expect(second).toEqual(first);
    const scores = first.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('drops papers mainly about an excluded phrase and says why', () => {
    const without = selectedIds(['diffusion models', 'algorithmic fairness']);
    expect(without).toContain('diffusion');
    const ranked = matchPapers(
      index,
      Profile.parse({ topics: ['diffusion models', 'algorithmic fairness'], exclude: ['text-to-image'] }),
    );
    const excluded = ranked.find((r) => r.paper.id === 'diffusion');
    expect(excluded?.selected).toBe(false);
    expect(excluded?.reasons[0]).toBe('excluded: mainly about "text-to-image"');
    expect(ranked.filter((r) => r.selected).map((r) => r.paper.id)).toContain('group-fairness');
  });

  it('moves the threshold with breadth', () => {
    // The diffusion paper mentions social biases once: enough for broad, not for focused.
    const broad = selectedIds(['algorithmic fairness'], { breadth: 'broad' });
    const focused = selectedIds(['algorithmic fairness'], { breadth: 'focused' });
    expect(broad).toContain('diffusion');
    expect(focused).not.toContain('diffusion');
    expect(focused).toContain('group-fairness');
  });

  it('takes a hyphenated expansion as one word: on its own it needs the title or another form', () => {
    const privacy = buildPaperIndex([
      makePaper(
        'robot',
        'Mental State Evaluation for Social Robots',
        'We propose a privacy-preserving pipeline for robots; the privacy-preserving design keeps data on the device.',
      ),
      makePaper(
        'release',
        'Privacy-Preserving Synthetic Data Release',
        'We release synthetic census tables.',
      ),
      makePaper(
        'audit',
        'Auditing Machine Learning Models',
        'A privacy-preserving audit with differential privacy guarantees.',
      ),
    ]);
    const selected = matchPapers(privacy, Profile.parse({ topics: ['differential privacy'] }))
      .filter((r) => r.selected)
      .map((r) => r.paper.id);
    // "privacy-preserving" says what kind of pipeline: the robot paper is not about differential privacy.
    expect(selected).toEqual(['audit', 'release']);
  });

  it('never reads two coordinated words as the name they would make side by side', () => {
    const coordinated = buildPaperIndex([
      makePaper(
        'forests',
        'Group Fairness with Oblique Decision Forests',
        'We evaluate on tabular, vision and language datasets, and on probability and statistics benchmarks.',
      ),
      makePaper(
        'charts',
        'Vision-Language Models Read Charts',
        'A vision-language model answers chart questions.',
      ),
    ]);
    const reasons = (topic: string, id: string) => reasonsFor(coordinated, topic, id);
    // "vision and language datasets" are two kinds of data, not vision-language models.
    // (Its words one by one still count a little: "vision + language".)
    expect(reasons('vision-language models', 'forests')).not.toContain('matched "vision-language models"');
    expect(reasons('vision-language models', 'charts')).toContain('matched "vision-language models"');
    // A name with its own "and" still runs across one.
    expect(reasons('probability and statistics', 'forests')).toContain(
      'matched "probability and statistics"',
    );
  });

  it("quotes the reader's words in reasons, not the tokens without their stop words", () => {
    const asr = buildPaperIndex([
      makePaper(
        'asr',
        'Contextual Biasing for End-to-End ASR',
        'We bias an end-to-end speech recognizer toward rare words with contextual biasing.',
      ),
    ]);
    const [match] = matchPapers(asr, Profile.parse({ topics: ['contextual biasing for end-to-end ASR'] }));
    expect(match?.reasons.join('\n')).toContain(
      'matched "end-to-end", part of "contextual biasing for end-to-end ASR"',
    );
    expect(match?.reasons.join('\n')).not.toContain('end end');
  });

  it('gives a broad topic on a rich day up to 20 papers unless the reader asks for fewer', () => {
    const rich = buildPaperIndex(
      Array.from({ length: 30 }, (_, i) =>
        makePaper(
          `rl-${i}`,
          `Reinforcement Learning for Task ${i}`,
          `We study reinforcement learning for task ${i} and report reinforcement learning results.`,
        ),
      ),
    );
    const count = (profile: Record<string, unknown>) =>
      matchPapers(rich, Profile.parse({ topics: ['reinforcement learning'], ...profile })).filter(
        (r) => r.selected,
      ).length;
    expect(count({})).toBe(20);
    expect(count({ maxPapers: 10 })).toBe(10);
  });

  it('never selects more than maxPapers', () => {
    expect(
      selectedIds(['RLHF', 'conformal prediction', 'algorithmic fairness'], { maxPapers: 1 }),
    ).toHaveLength(1);
  });
});

describe('createMatcher', () => {
  it('computes an identical profile once and returns the same selection', () => {
    const matcher = createMatcher(index);
    const profile = Profile.parse({ topics: ['RLHF'] });
    const first = matcher.selectPapers(profile);
    const again = matcher.selectPapers(Profile.parse({ topics: [' RLHF '] }));
    expect(again).toBe(first);
    expect(matcher.stats()).toEqual({ profiles: 1, profileHits: 1, topics: 1 });
    expect(first.map((r) => r.paper.id)).toEqual(
      matchPapers(index, profile)
        .filter((r) => r.selected)
        .map((r) => r.paper.id),
    );
  });

  it('shares topic scores between different profiles', () => {
    const matcher = createMatcher(index);
    matcher.selectPapers(Profile.parse({ topics: ['RLHF', 'diffusion models'] }));
    matcher.selectPapers(Profile.parse({ topics: ['diffusion models'], breadth: 'broad' }));
    expect(matcher.stats().topics).toBe(2);
    expect(matcher.match(Profile.parse({ topics: ['RLHF'] }))).toEqual(
      matchPapers(index, Profile.parse({ topics: ['RLHF'] })),
    );
  });

  it('evicts the least recently used selection beyond its cache size', () => {
    const matcher = createMatcher(index, { maxCachedProfiles: 2 });
    const select = (topic: string) => matcher.selectPapers(Profile.parse({ topics: [topic] }));
    select('RLHF');
    select('DPO');
    select('RLHF');
    select('conformal prediction');
    expect(matcher.stats().profiles).toBe(2);
    // RLHF was used after DPO, so DPO went: asking for RLHF again is a hit, DPO a miss.
    const hits = matcher.stats().profileHits;
    select('RLHF');
    expect(matcher.stats().profileHits).toBe(hits + 1);
    select('DPO');
    expect(matcher.stats().profileHits).toBe(hits + 1);
  });
});
