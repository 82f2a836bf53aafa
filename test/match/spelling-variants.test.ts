import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { buildPaperIndex } from '../../src/match/index.ts';
import { endingVariants, listSpellingVariants } from '../../src/match/spelling-variants.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { selectIds } from '../helpers/select-ids.ts';

const digestHas =
  (...words: string[]) =>
  (word: string): string | undefined =>
    words.includes(word) ? word : undefined;

describe('listSpellingVariants', () => {
  it('spells one word or one compound of the phrase the way the digest does', () => {
    const has = digestHas('multimodal', 'matrices', 'haemoglobin', 'catalog', 'pre', 'training');
    expect(listSpellingVariants(['multi-modal', 'fusion'], has)).toEqual([]);
    expect(listSpellingVariants(['multi', 'modal', 'fusion'], has)).toEqual(['multimodal fusion']);
    expect(listSpellingVariants(['pretraining'], has)).toEqual(['pre-training']);
    expect(listSpellingVariants(['low-rank', 'matrix'], has)).toEqual(['low-rank matrices']);
    expect(listSpellingVariants(['hemoglobin'], has)).toEqual(['haemoglobin']);
    expect(listSpellingVariants(['catalogue'], has)).toEqual(['catalog']);
  });

  it('splits off a one-letter prefix only before a longer word', () => {
    const has = digestHas('e', 'commerce', 'k', 'means', 'x', 'ray', 't', 'ea');
    expect(listSpellingVariants(['ecommerce'], has)).toEqual(['e-commerce']);
    expect(listSpellingVariants(['kmeans'], has)).toEqual(['k-means']);
    expect(listSpellingVariants(['xray'], has)).toEqual(['x-ray']);
    // Two letters are too short to follow a prefix.
    expect(listSpellingVariants(['tea'], has)).toEqual([]);
    expect(listSpellingVariants(['markets'], digestHas('marke', 'ts'))).toEqual([]);
  });

  it('proposes Latin and Greek plurals and British spellings both ways', () => {
    expect(endingVariants('hypothesis')).toContain('hypotheses');
    expect(endingVariants('hypotheses')).toContain('hypothesis');
    expect(endingVariants('criteria')).toContain('criterion');
    expect(endingVariants('spectrum')).toContain('spectra');
    expect(endingVariants('nuclei')).toContain('nucleus');
    expect(endingVariants('vertex')).toContain('vertices');
    expect(endingVariants('oesophagus')).toContain('esophagus');
    expect(endingVariants('defence')).toContain('defense');
    expect(endingVariants('ageing')).toContain('aging');
  });

  it('adds nothing the digest does not have', () => {
    expect(listSpellingVariants(['devices'], digestHas('device'))).toEqual([]);
    expect(listSpellingVariants(['notable'], digestHas('able'))).toEqual([]);
  });
});

describe('spelling variants in matching', () => {
  const papers: Paper[] = [
    makePaper(
      'fdr',
      'Testing Multiple Hypotheses with Few Samples',
      'We control the false discovery rate when testing multiple hypotheses on genomic data.',
    ),
    makePaper('medium', 'A Medium-Scale Benchmark for Tabular Data', 'A medium-sized benchmark of tables.'),
    makePaper(
      'social',
      'Misinformation on Social Media Platforms',
      'We trace how misinformation spreads on social media.',
    ),
    makePaper(
      'blood',
      'Haemoglobin Levels from Smartphone Photos',
      'We estimate haemoglobin from photos of the eye.',
    ),
  ];
  const index = buildPaperIndex(papers);
  const selected = (topic: string) => selectIds(index, topic);

  it('finds the plural a paper uses even where the phrase is not written as the reader wrote it', () => {
    expect(selected('multiple hypothesis testing')).toEqual(['fdr']);
    expect(selected('hemoglobin')).toEqual(['blood']);
  });

  it('never lets a variant of one word stand for the whole phrase', () => {
    // "media" / "medium": the benchmark paper says "medium", but nothing about social media.
    expect(selected('social media')).toEqual(['social']);
  });

  it('splits a compound only into words a paper wrote, never into stems that other words share', () => {
    const trap = buildPaperIndex([
      makePaper(
        'ions',
        'Shuttling Trapped Ions',
        'We manipulate ions in a segmented trap and manipulate ion chains with lasers.',
      ),
      makePaper('robot', 'Learning Manipulation from Video', 'Robot manipulation learned from human video.'),
      makePaper('eco', 'Pricing in E-Commerce', 'We study e-commerce platforms and their prices.'),
    ]);
    // "manipulat" is the stem of "manipulate", not a word: "manipulation" is not "manipulat-ion".
    expect(selectIds(trap, 'manipulation')).toEqual(['robot']);
    expect(selectIds(trap, 'ecommerce')).toEqual(['eco']);
  });
});
