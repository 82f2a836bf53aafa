import { describe, expect, it } from 'vitest';
import { correctTypos } from '../../src/match/correct-typos.ts';
import {
  buildPaperIndex,
  compileTopic,
  countTerms,
  defaultMatchOptions,
  matchPapers,
  Profile,
} from '../../src/match/index.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { selectIds } from '../helpers/select-ids.ts';

const papers = [
  makePaper(
    'rl',
    'Offline reinforcement learning with conservative value estimates',
    'We study reinforcement learning from logged data and bound the value error of the learned policy.',
  ),
  makePaper(
    'lm',
    'Scaling language models to long documents',
    'Large language models read long inputs poorly; we extend their context with sparse attention.',
  ),
  makePaper(
    'casual',
    'Casual conversation agents',
    'Chit-chat systems hold casual conversations with users about everyday topics.',
  ),
  makePaper('patch', 'Activation patching and matching', 'We compare patching with matching of activations.'),
];
const index = buildPaperIndex(papers, {});

describe('correctTypos', () => {
  it('reads a long unknown word as the one known word a single edit away', () => {
    expect(correctTypos('reinforcment learning', index)).toEqual({
      text: 'reinforcement learning',
      corrections: [{ typed: 'reinforcment', read: 'reinforcement' }],
    });
    // Two letters swapped are one edit too, and a capital first letter is kept.
    expect(correctTypos('Lanugage models', index).text).toBe('Language models');
  });

  it('never changes a known word, a short word, a name in capitals or a word with two readings', () => {
    // "causal" is a vocabulary word: it is not the digest's "casual".
    expect(correctTypos('causal inference', index).corrections).toEqual([]);
    // "patching" is a word of the day, one edit from its "matching": it stays "patching".
    expect(correctTypos('activation patching', index).corrections).toEqual([]);
    // Short words one edit from a known word are too often real words nobody has stored yet.
    // ("merging" is one edit from "emerging", "codecs" from "codes").
    expect(correctTypos('model merging, neural codecs', index).corrections).toEqual([]);
    expect(correctTypos('REINFORCMENT', index).corrections).toEqual([]);
    // One edit from "matching" and from "patching": two readings, no guess.
    expect(correctTypos('xatching', index).corrections).toEqual([]);
    // A word made from a known one is a real word: "optimally" is not a slip for "optically".
    expect(correctTypos('optimally robust', index).corrections).toEqual([]);
    // Another form of a vocabulary word is that word: "microtubule" is not a slip for "microtubules".
    expect(correctTypos('microtubule dynamics', index).corrections).toEqual([]);
    // A word nothing knows and nothing is near stays as typed.
    expect(correctTypos('sycophancy', index).corrections).toEqual([]);
  });

  it('knows the words of the archive, not only those of the day', () => {
    const archive = countTerms([makePaper('a', 'Phylodynamics of viral spread', 'Phylodynamic inference.')]);
    const withArchive = buildPaperIndex(papers, { archive });
    expect(correctTypos('phylodynamics', withArchive).corrections).toEqual([]);
  });
});

describe('a topic with a typing mistake', () => {
  it('is read as typed when the switch is off (the ablation study)', () => {
    const off = compileTopic('reinforcment learning', index, { ...defaultMatchOptions, typos: false });
    expect(off.topic).toBe('reinforcment learning');
    expect(off.corrections).toBeUndefined();
    expect(compileTopic('reinforcment learning', index).topic).toBe('reinforcement learning');
  });

  it('selects what the correctly spelt topic selects, and the reason says how it was read', () => {
    expect(selectIds(index, 'reinforcment learning')).toEqual(selectIds(index, 'reinforcement learning'));
    expect(selectIds(index, 'reinforcment learning')).toEqual(['rl']);
    const [best] = matchPapers(index, Profile.parse({ topics: ['reinforcment learning'] }));
    expect(best?.reasons[0]).toBe(
      'matched "reinforcement learning" in title and abstract (read "reinforcment" as "reinforcement")',
    );
  });
});
