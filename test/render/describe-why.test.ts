import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import {
  buildPaperIndex,
  defaultMatchOptions,
  matchPapers,
  Profile,
  parseTopics,
} from '../../src/match/index.ts';
import { describeWhy, findMainTopic, groupByTopic, readReasons } from '../../src/render/index.ts';

describe('describeWhy', () => {
  it('writes the matcher’s evidence as one line, without repeating the topic or its jargon', () => {
    const reasons = readReasons([
      'matched "reinforcement learning from human feedback" via "reward models" in abstract',
      'matched "reinforcement learning from human feedback" via "preference learning" in abstract (words nearby)',
    ]);
    expect(describeWhy(reasons)).toBe('Mentions reward models and preference learning');
  });

  it('says first that a paper is like one the reader liked, naming it', () => {
    const line = describeWhy(
      readReasons([
        'similar to "Direct Preference Optimization: Your Language Model is Secretly a Reward Model" that you liked',
        'matched "RLHF" via "reward models" in abstract',
      ]),
    );
    expect(line).toBe(
      'Similar to “Direct Preference Optimization: Your Language Model is…” that you liked; mentions reward models',
    );
  });

  it('puts the title first, then the abstract, related terms and the arXiv category', () => {
    expect(
      describeWhy(
        readReasons([
          'matched "conformal prediction" in title and abstract',
          'partial match to "conformal prediction": "conformal" in abstract',
          'matched "RLHF" via "reward model" in abstract',
        ]),
      ),
    ).toBe('The title mentions conformal prediction; the abstract mentions reward model');
    expect(
      describeWhy(
        readReasons([
          'related to "interpretability": "sparse autoencoders" in abstract',
          'listed in arXiv cs.CL, a category of "NLP"',
        ]),
      ),
    ).toBe('Mentions related term sparse autoencoders; listed in arXiv cs.CL');
  });

  it('names a phrase once: never a part of a longer phrase the line already names', () => {
    expect(
      describeWhy(
        readReasons([
          'matched "conformal prediction" in title',
          'partial match to "conformal prediction": "conformal" in title',
        ]),
      ),
    ).toBe('The title mentions conformal prediction');
    expect(
      describeWhy(
        readReasons([
          'matched "RLHF" via "preference optimization" in title',
          'matched "RLHF" via "direct preference optimization" in title',
          'matched "RLHF" via "Preference-Optimization" in abstract',
          'related to "RLHF": "optimization" in abstract',
          'matched "RLHF" via "reward models" in abstract',
        ]),
      ),
    ).toBe('The title mentions direct preference optimization; the abstract mentions reward models');
  });

  it('never shows word stems: a topic’s words found apart count only when nothing else was found for it', () => {
    const stems = 'partial match to "large language models": "larg + languag + model" in abstract';
    expect(describeWhy(readReasons(['matched "large language models" in title', stems]))).toBe(
      'The title mentions large language models',
    );
    expect(describeWhy(readReasons([stems]))).toBe('Uses words of “large language models”');
  });

  it('names the one concept of a longer topic that a paper shows, in the reader’s words', () => {
    const reasons = readReasons(['matched "urban", part of "urban planning", in title and abstract']);
    expect(reasons).toEqual([{ kind: 'partial', topic: 'urban planning', phrase: 'urban', inTitle: true }]);
    expect(describeWhy(reasons)).toBe('The title mentions urban');
  });

  it('leaves out exclusions and sentences it does not know, and says nothing when nothing is left', () => {
    const reasons = readReasons([
      'excluded: mainly about "surveys"',
      'some future wording',
      'title mentions “x”',
    ]);
    expect(reasons).toEqual([]);
    expect(describeWhy(reasons)).toBeUndefined();
  });

  it('keeps the line short', () => {
    const many = Array.from(
      { length: 8 },
      (_, i) => `matched "T" via "a fairly long phrase number ${i}" in title`,
    );
    const line = describeWhy(readReasons(many)) ?? '';
    expect(line.length).toBeLessThanOrEqual(120);
    expect(line).toMatch(/^The title mentions a fairly long phrase number 0, .*…$/);
  });
});

describe('findMainTopic and groupByTopic', () => {
  it('puts a paper under the topic with the strongest evidence, a title mention counting double', () => {
    const reasons = readReasons([
      'related to "RLHF": "reward" in abstract',
      'matched "diffusion models" in title',
    ]);
    expect(findMainTopic(['RLHF', 'diffusion models'], reasons)).toBe('diffusion models');
    expect(findMainTopic(['RLHF', 'diffusion models'], [])).toBe('RLHF');
    expect(findMainTopic([], [])).toBeUndefined();
  });

  it('orders groups by size, ties in the subscriber’s order, papers without a topic last', () => {
    const paper = (title: string) => ({ id: title, title, abstract: '', authors: [], categories: [] });
    const issue = [
      { paper: paper('a'), reasons: [], matchedTopics: ['B'] },
      { paper: paper('b'), reasons: [], matchedTopics: [] },
      { paper: paper('c'), reasons: [], matchedTopics: ['C'] },
      { paper: paper('d'), reasons: [], matchedTopics: ['A'] },
      { paper: paper('e'), reasons: [], matchedTopics: ['C', 'A'] },
    ];
    const groups = groupByTopic(issue, ['A', 'B', 'C']);
    expect(groups.map((g) => [g.topic, g.papers.map((p) => p.ranked.paper.title)])).toEqual([
      ['C', ['c', 'e']],
      ['A', ['d']],
      ['B', ['a']],
      [undefined, ['b']],
    ]);
  });
});

describe('every reason the matcher writes reads back', () => {
  // The matcher's reasons are sentences (`match --json` shows them); the email reads them back. Any
  // wording the reader does not know would silently drop out of the "Why" line, so the real matcher
  // runs here over the second development corpus (8 days, arXiv categories included) and 52 profiles.
  const corpus = new URL('../../eval/corpus-2/', import.meta.url);
  const days = readdirSync(corpus).filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name));
  const profiles = (
    JSON.parse(readFileSync(new URL('profiles-as-written.json', corpus), 'utf8')) as { profile: string }[]
  ).map((p) => Profile.parse({ topics: parseTopics(p.profile), maxPapers: 30 }));

  it('reads every reason of every selected paper, with and without near-phrase matches and likes', () => {
    const unread = new Set<string>();
    const kinds = new Set<string>();
    let reasons = 0;
    for (const day of days) {
      const { papers } = parseDigest({
        text: readFileSync(new URL(day, corpus), 'utf8'),
        fileName: day,
        now: new Date('2025-07-01T00:00:00Z'),
      });
      const index = buildPaperIndex(papers);
      for (const options of [defaultMatchOptions, { ...defaultMatchOptions, proximity: true }]) {
        for (const profile of profiles) {
          const selected = matchPapers(index, profile, options).filter((r) => r.selected);
          // A reader who liked their first paper: the papers like it say so.
          const first = selected[0]?.paper;
          const liked = first
            ? matchPapers(index, profile, options, { liked: [first], disliked: [] }).filter((r) => r.selected)
            : [];
          for (const ranked of [...selected, ...liked]) {
            const read = readReasons(ranked.reasons);
            reasons += ranked.reasons.length;
            for (const r of read) kinds.add(r.kind);
            if (read.length !== ranked.reasons.length) {
              for (const reason of ranked.reasons) if (readReasons([reason]).length === 0) unread.add(reason);
            }
          }
        }
      }
    }
    expect([...unread]).toEqual([]);
    expect(reasons).toBeGreaterThan(300);
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['category', 'liked', 'related', 'synonym', 'topic']),
    );
  });
});
