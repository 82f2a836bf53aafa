import { describe, expect, it } from 'vitest';
import { splitAlternatives, splitAtConnectors } from '../../src/match/split-at-connectors.ts';

describe('splitting a typed topic', () => {
  it('splits at connecting words into the concepts a paper must show', () => {
    expect(splitAtConnectors('diffusion models for video generation')).toEqual([
      'diffusion models',
      'video generation',
    ]);
    expect(splitAtConnectors('conformal prediction')).toEqual(['conformal prediction']);
  });

  it('reads "and", "or", "&" and "/" inside one concept as alternatives', () => {
    expect(splitAlternatives('benchmarks and evaluation')).toEqual(['benchmarks', 'evaluation']);
    expect(splitAlternatives('trust & safety')).toEqual(['trust', 'safety']);
    expect(splitAlternatives('ASR/TTS')).toEqual(['ASR', 'TTS']);
    expect(splitAlternatives('ice sheets or sea level rise')).toEqual(['ice sheets', 'sea level rise']);
  });

  it('leaves a part without alternatives, or with a dangling "and", as it is', () => {
    expect(splitAlternatives('graph neural networks')).toEqual(['graph neural networks']);
    expect(splitAlternatives('and more')).toEqual(['and more']);
    expect(splitAlternatives('I/O')).toEqual(['I/O']);
  });
});
