import { describe, expect, it } from 'vitest';
import {
  listCanonicalTopics,
  Profile,
  parseTopics,
  stemWord,
  suggestTopics,
  toProfileKey,
} from '../../src/match/index.ts';

describe('Profile', () => {
  it('fills defaults and trims topics', () => {
    expect(Profile.parse({ topics: ['  RLHF '] })).toEqual({
      topics: ['RLHF'],
      exclude: [],
      maxPapers: 20,
      breadth: 'balanced',
      likes: [],
      dislikes: [],
    });
  });

  it('takes example papers alone as a profile, but not nothing at all', () => {
    expect(Profile.safeParse({ topics: [], likes: ['arxiv:2305.18290'] }).success).toBe(true);
    const empty = Profile.safeParse({ topics: [], dislikes: ['arxiv:2305.18290'] });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('at least one topic or one liked paper is required');
  });

  it.each([
    ['no topics', { topics: [] }],
    ['21 topics', { topics: Array.from({ length: 21 }, (_, i) => `topic ${i}`) }],
    ['a blank topic', { topics: ['  '] }],
    ['a topic over 100 characters', { topics: ['x'.repeat(101)] }],
    ['maxPapers 0', { topics: ['a'], maxPapers: 0 }],
    ['maxPapers 101', { topics: ['a'], maxPapers: 101 }],
    ['a fractional maxPapers', { topics: ['a'], maxPapers: 2.5 }],
    ['an unknown breadth', { topics: ['a'], breadth: 'wide' }],
  ])('rejects %s', (_name, input) => {
    expect(Profile.safeParse(input).success).toBe(false);
  });

  it('accepts the limits', () => {
    expect(
      Profile.safeParse({
        topics: Array.from({ length: 20 }, (_, i) => `t${i}`),
        maxPapers: 100,
        breadth: 'focused',
      }).success,
    ).toBe(true);
    expect(Profile.safeParse({ topics: ['x'.repeat(100)], maxPapers: 1 }).success).toBe(true);
  });
});

describe('parseTopics', () => {
  it('splits on commas, semicolons and newlines, trims and dedupes ignoring case', () => {
    expect(parseTopics('RLHF, reward models;\n  graph   neural networks \n\nrlhf;;')).toEqual([
      'RLHF',
      'reward models',
      'graph neural networks',
    ]);
  });

  it('returns nothing for blank input', () => {
    expect(parseTopics(' , ;\n')).toEqual([]);
  });
});

describe('toProfileKey', () => {
  it('ignores spacing but keeps case (SAM is not sam) and settings', () => {
    const base = Profile.parse({ topics: ['SAM'] });
    expect(toProfileKey(Profile.parse({ topics: [' SAM '] }))).toBe(toProfileKey(base));
    expect(toProfileKey(Profile.parse({ topics: ['sam'] }))).not.toBe(toProfileKey(base));
    expect(toProfileKey(Profile.parse({ topics: ['SAM'], breadth: 'broad' }))).not.toBe(toProfileKey(base));
  });
});

describe('stemWord', () => {
  it('conflates inflections but keeps fairness apart from fair', () => {
    expect(stemWord('networks')).toBe(stemWord('network'));
    expect(stemWord('scaling')).toBe(stemWord('scale'));
    expect(stemWord('biases')).toBe(stemWord('bias'));
    expect(stemWord('fairness')).not.toBe(stemWord('fair'));
    expect(stemWord('generative')).not.toBe(stemWord('general'));
  });

  it('gives a word that ends in a double l one stem with and without an ending', () => {
    for (const [a, b] of [
      ['distill', 'distilled'],
      ['distill', 'distilling'],
      ['distil', 'distills'],
      ['recall', 'recalled'],
      ['install', 'installed'],
      ['enrol', 'enrolled'],
      ['modelling', 'model'],
      ['labelled', 'labeled'],
    ] as const) {
      expect(stemWord(a), `${a} / ${b}`).toBe(stemWord(b));
    }
  });
});

describe('suggestTopics', () => {
  it('suggests canonical topics by prefix, labels first', () => {
    const suggestions = suggestTopics('conf');
    expect(suggestions[0]).toBe('conformal prediction');
    expect(suggestTopics('RLH')).toContain('RLHF');
  });

  it('matches the start of inner words and respects the limit', () => {
    expect(suggestTopics('neural', 50)).toContain('graph neural networks');
    expect(suggestTopics('a', 3)).toHaveLength(3);
    expect(suggestTopics('   ')).toEqual([]);
  });

  it('never suggests ambiguous words', () => {
    expect(suggestTopics('bias', 50)).not.toContain('bias');
  });

  it('lists canonical topics across fields, sorted', () => {
    const topics = listCanonicalTopics();
    for (const topic of ['speech recognition', 'robotics', 'quantization', 'LLM agents', 'cosmology']) {
      expect(topics).toContain(topic);
    }
    expect(topics).toEqual([...topics].sort((a, b) => a.localeCompare(b, 'en')));
    expect(new Set(topics).size).toBe(topics.length);
  });
});
