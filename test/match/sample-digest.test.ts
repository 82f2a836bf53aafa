import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import {
  buildPaperIndex,
  createMatcher,
  listCanonicalTopics,
  matchPapers,
  Profile,
  parseTopics,
} from '../../src/match/index.ts';

const sample = new URL('../../seeds/daily-papers-mar-11.txt', import.meta.url);
const { papers } = parseDigest({
  text: readFileSync(sample, 'utf8'),
  fileName: 'daily-papers-mar-11.txt',
  now: new Date('2025-03-12T12:00:00Z'),
});
const index = buildPaperIndex(papers);

function selectedTitles(topicText: string): string[] {
  return matchPapers(index, Profile.parse({ topics: parseTopics(topicText) }))
    .filter((ranked) => ranked.selected)
    .map((ranked) => ranked.paper.title);
}

describe('matcher on the sample digest', () => {
  it('parses the 63 sample papers', () => {
    expect(papers).toHaveLength(63);
  });

  it('keeps fair coins and fair use out of a fairness profile', () => {
    const titles = selectedTitles('algorithmic fairness, bias');
    expect(titles).toContain('A Survey on Bias and Fairness in Machine Learning');
    expect(titles.some((t) => t.startsWith('Fair coins'))).toBe(false);
    expect(titles).not.toContain('Foundation Models and Fair Use');
  });

  it('finds DPO papers for "RLHF" through the thesaurus', () => {
    const titles = selectedTitles('RLHF');
    expect(titles).toContain(
      'Unintentional Unalignment: Likelihood Displacement in Direct Preference Optimization',
    );
  });

  it.each(['speech recognition', 'robotics', 'quantum computing', 'vision transformers'])(
    'selects nothing for "%s", which this digest does not cover',
    (topic) => {
      expect(selectedTitles(topic)).toEqual([]);
    },
  );
});

describe('createMatcher selection path', () => {
  it('selects exactly what the full ranking selects, for varied profiles', () => {
    const topics = listCanonicalTopics();
    const matcher = createMatcher(index);
    const breadths = ['focused', 'balanced', 'broad'] as const;
    let nonEmpty = 0;
    for (let i = 0; i < 150; i++) {
      const profile = Profile.parse({
        topics: [
          topics[(i * 7) % topics.length],
          topics[(i * 13 + 5) % topics.length],
          topics[(i * 3) % topics.length],
        ],
        exclude: i % 4 === 0 ? [topics[(i * 11) % topics.length]] : [],
        maxPapers: 1 + (i % 6),
        breadth: breadths[i % 3],
      });
      const fast = matcher.selectPapers(profile);
      const full = matchPapers(index, profile).filter((ranked) => ranked.selected);
      expect(fast).toEqual(full);
      if (fast.length > 0) nonEmpty++;
    }
    // The comparison is only meaningful if many profiles select something.
    expect(nonEmpty).toBeGreaterThan(30);
  });
});
