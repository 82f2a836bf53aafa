import { describe, expect, it } from 'vitest';
import {
  buildPaperIndex,
  countTerms,
  matchPapers,
  Profile,
  suggestSpellings,
} from '../../src/match/index.ts';
import { makePaper } from '../helpers/make-paper.ts';

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

const typed = (topic: string) => suggestSpellings([topic], index).map((s) => s.typed);

describe('suggestSpellings', () => {
  it('suggests for a long unknown word the one vocabulary word a single edit away', () => {
    expect(suggestSpellings(['reinforcment learning'], index)).toEqual([
      { typed: 'reinforcment', suggestion: 'reinforcement' },
    ]);
    // Two letters swapped are one edit too; a capital first letter is allowed.
    expect(suggestSpellings(['Lanugage models'], index)).toEqual([
      { typed: 'Lanugage', suggestion: 'language' },
    ]);
  });

  it('suggests nothing for a known word, a short word, a name in capitals or a word with two readings', () => {
    // "causal" is a vocabulary word: it is not the digest's "casual".
    expect(typed('causal inference')).toEqual([]);
    // "patching" is a word of the day, one edit from its "matching".
    expect(typed('activation patching')).toEqual([]);
    // Short words one edit from a known word are too often real words nobody has stored yet
    // ("merging" is one edit from "emerging", "codecs" from "codes").
    expect(typed('model merging, neural codecs')).toEqual([]);
    expect(typed('REINFORCMENT')).toEqual([]);
    // One edit from "matching" and from "patching": two readings, no guess.
    expect(typed('xatching')).toEqual([]);
    // A word made from a known one is a real word: "optimally" is not a slip for "optically".
    expect(typed('optimally robust')).toEqual([]);
    // Another form of a vocabulary word is that word: "microtubule" is not a slip for "microtubules".
    expect(typed('microtubule dynamics')).toEqual([]);
    // A word nothing knows and nothing is near gets nothing.
    expect(typed('sycophancy')).toEqual([]);
  });

  it('knows the words of the archive, not only those of the day', () => {
    const archive = countTerms([makePaper('a', 'Phylodynamics of viral spread', 'Phylodynamic inference.')]);
    expect(suggestSpellings(['phylodynamics'], buildPaperIndex(papers, { archive }))).toEqual([]);
  });

  it('is only a suggestion: the matcher reads the topic as typed', () => {
    const topics = (topic: string) =>
      matchPapers(index, Profile.parse({ topics: [topic] }))
        .filter((r) => r.selected)
        .map((r) => r.paper.id);
    expect(topics('language models')).toContain('lm');
    expect(topics('lanugage models')).not.toContain('lm');
  });
});
