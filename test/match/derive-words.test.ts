import { readFileSync } from 'node:fs';
import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { DerivationsFile, deriveWords } from '../../src/match/derive-words.ts';

const file = DerivationsFile.parse(
  JSON.parse(readFileSync(new URL('../../src/match/data/derivations.json', import.meta.url), 'utf8')),
);

describe('the derivations data file (WordNet)', () => {
  it('carries WordNet’s licence notice, as the licence asks', () => {
    expect(file.licence).toContain('WordNet');
    expect(file.licence).toContain('Copyright');
  });

  it('links only words of one root that Porter’s stemmer does not already join', () => {
    const entries = Object.entries(file.words);
    expect(entries.length).toBeGreaterThan(1000);
    for (const [word, family] of entries) {
      for (const other of family) {
        expect(stemmer(other), `${word} → ${other}`).not.toBe(stemmer(word));
        expect(other.slice(0, 2), `${word} → ${other}`).toBe(word.slice(0, 2));
      }
    }
  });

  it('rejects a malformed entry', () => {
    const bad = { ...file, words: { Predictor: ['predict'] } };
    expect(DerivationsFile.safeParse(bad).success).toBe(false);
    expect(DerivationsFile.safeParse({ ...file, words: { predictor: [] } }).success).toBe(false);
    expect(DerivationsFile.safeParse({ ...file, licence: 'none' }).success).toBe(false);
  });
});

describe('deriveWords', () => {
  it('gives the other words of a family, from the word as written or inflected', () => {
    expect(deriveWords('predictor')).toContain('predict');
    expect(deriveWords('predictors')).toContain('predict');
    expect(deriveWords('sensors')).toContain('sense');
    expect(deriveWords('Predictor')).toContain('predict');
  });

  it('gives nothing for a word without a family in the vocabulary', () => {
    expect(deriveWords('transformer')).toEqual([]);
    expect(deriveWords('zzzz')).toEqual([]);
    // Links between words of one sense and no common root are not kept.
    expect(deriveWords('large')).toEqual([]);
  });
});
