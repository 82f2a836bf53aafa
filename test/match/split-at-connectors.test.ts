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

  it('keeps a name across a connector whole, as a part of its own', () => {
    const isName = (phrase: string) => ['mixture of experts', 'internet of things'].includes(phrase);
    expect(splitAtConnectors('mixture of experts for vision', { isName })).toEqual([
      'mixture of experts',
      'vision',
    ]);
    expect(splitAtConnectors('internet of things security', { isName })).toEqual([
      'internet of things',
      'security',
    ]);
    expect(splitAtConnectors('sparse mixture of experts', { isName })).toEqual([
      'sparse',
      'mixture of experts',
    ]);
    // Without the name it is three parts, as any other topic with "of" and "for".
    expect(splitAtConnectors('mixture of experts for vision')).toEqual(['mixture', 'experts', 'vision']);
  });

  const names = {
    isName: (phrase: string) =>
      ['learning to rank', 'text to image', 'evaluation of models'].includes(phrase),
    isTerm: (phrase: string) => ['reinforcement learning', 'image synthesis'].includes(phrase),
  };
  it.each([
    ['reinforcement learning to rank', ['reinforcement learning', 'rank']],
    ['text to image synthesis', ['text', 'image synthesis']],
    ['benchmarks and evaluation of models', ['benchmarks and evaluation', 'models']],
    ['learning to rank for search', ['learning to rank', 'search']],
  ])(
    "leaves the reader's grammar alone where a name shares a word or follows a coordination: %s",
    (topic, parts) => {
      expect(splitAtConnectors(topic, names)).toEqual(parts);
    },
  );

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
