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

  it("leaves the reader's grammar alone where a name shares a word with another name or a coordination", () => {
    const isName = (phrase: string) =>
      ['learning to rank', 'text to image', 'evaluation of models'].includes(phrase);
    const isTerm = (phrase: string) => ['reinforcement learning', 'image synthesis'].includes(phrase);
    expect(splitAtConnectors('reinforcement learning to rank', { isName, isTerm })).toEqual([
      'reinforcement learning',
      'rank',
    ]);
    expect(splitAtConnectors('text to image synthesis', { isName, isTerm })).toEqual([
      'text',
      'image synthesis',
    ]);
    expect(splitAtConnectors('benchmarks and evaluation of models', { isName, isTerm })).toEqual([
      'benchmarks and evaluation',
      'models',
    ]);
    expect(splitAtConnectors('learning to rank for search', { isName, isTerm })).toEqual([
      'learning to rank',
      'search',
    ]);
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
