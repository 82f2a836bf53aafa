import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { buildPaperIndex } from '../../src/match/index.ts';
import { quoteTokens, tokenizeQuery, tokenizeText } from '../../src/match/tokenize-text.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { reasonsFor, selectIds } from '../helpers/select-ids.ts';

const keys = (text: string): string[] => tokenizeQuery(text);

describe('tokenizeText', () => {
  it('matches words with and without accents, and keeps the accented word for reasons', () => {
    expect(keys('naïve Bayes')).toEqual(keys('naive Bayes'));
    expect(keys('Schrödinger bridges')).toEqual(keys('Schrodinger bridges'));
    expect(keys('Lévy flights')).toEqual(keys('Levy flights'));
    expect(tokenizeText('Schrödinger')[0]?.raw).toBe('Schrödinger');
  });

  it('reads a Greek letter as its name, as readers type it', () => {
    expect(keys('β-VAE')).toEqual(keys('beta-VAE'));
    expect(keys('μP transfer')).toEqual(keys('muP transfer'));
    expect(keys('Γ-convergence')).toEqual(keys('gamma convergence'));
  });

  it('names a Greek letter inside an acronym too, so the acronym and its spelled form meet', () => {
    const [micro] = tokenizeText('µSR');
    expect(micro?.acronym).toBe('^musr');
    expect(micro?.key).toBe(tokenizeText('muSR')[0]?.key);
    expect(tokenizeText('ΛCDM')[0]?.acronym).toBe('^lambdacdm');
    // The micro sign and the Greek letter mu are one letter to a reader.
    expect(tokenizeText('μSR')[0]?.acronym).toBe(micro?.acronym);
  });

  it('reads capitals and names written mostly in capitals as acronyms, other mixed case as words', () => {
    const acronyms = (text: string) => tokenizeText(text).map((token) => token.acronym ?? null);
    expect(acronyms('DPO LLMs ZeRO LoRAs ViT')).toEqual(['^dpo', '^llm', '^zero', '^lora', '^vit']);
    expect(acronyms('PyTorch GitHub LaTeX LLaMA Zero-shot Sam')).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(keys('ZeRO')).not.toEqual(keys('Zero'));
    expect(keys('PyTorch')).toEqual(keys('pytorch'));
  });

  it("reads a possessive 's as the word itself, with either apostrophe", () => {
    expect(keys("Alzheimer's disease")).toEqual(keys('Alzheimer disease'));
    expect(keys('Parkinson’s disease')).toEqual(keys('Parkinson disease'));
    // "it's" is the stop word "it"; a plural's apostrophe changes nothing.
    expect(keys("it's robust")).toEqual(keys('robust'));
    expect(keys("the models' outputs")).toEqual(keys('models outputs'));
  });

  it('marks the words after punctuation no phrase runs across, and not inside numbers or hyphens', () => {
    const breaks = (text: string) =>
      tokenizeText(text)
        .filter((token) => token.afterBreak)
        .map((token) => token.raw);
    expect(breaks('language, vision, and robotics')).toEqual(['vision', 'robotics']);
    expect(breaks('Aligners: Decoupling LLMs (DPO) — a study. Results')).toEqual([
      'Decoupling',
      'DPO',
      'study',
      'Results',
    ]);
    expect(breaks('GPT-3.5 trained on 1,000 vision-language pairs')).toEqual([]);
  });

  it('does not read list items on either side of a comma as one phrase', () => {
    const papers: Paper[] = [
      {
        id: 'list',
        title: 'On the Opportunities and Risks of Foundation Models',
        abstract:
          'Foundation models are trained on broad data and adapted to many tasks, with capabilities in language, vision, robotics and reasoning.',
        authors: [],
        categories: [],
      },
      {
        id: 'phrase',
        title: 'Active Perception for Manipulation',
        abstract: 'We study vision for robotics: where a camera should look before a grasp.',
        authors: [],
        categories: [],
      },
    ];
    const index = buildPaperIndex(papers);
    expect(selectIds(index, 'vision for robotics')).toEqual(['phrase']);
  });

  it('lets a topic typed without accents or possessive find the paper that has them', () => {
    const papers: Paper[] = [
      {
        id: 'bridge',
        title: 'Schrödinger Bridges for Unpaired Image Translation',
        abstract: 'We learn Schrödinger bridges between two image distributions.',
        authors: [],
        categories: [],
      },
      {
        id: 'speech',
        title: "Early Markers of Alzheimer's Disease in Speech",
        abstract: "Speech carries early markers of Alzheimer's disease.",
        authors: [],
        categories: [],
      },
    ];
    const index = buildPaperIndex(papers);
    const selected = (topic: string) => selectIds(index, topic);
    expect(selected('Schrodinger bridge')).toEqual(['bridge']);
    expect(selected('Alzheimer disease')).toEqual(['speech']);
  });
});

describe('negation', () => {
  it('keeps "non-" with the word it negates, as papers also write it joined', () => {
    expect(keys('non-convex optimization')).toEqual(keys('nonconvex optimization'));
    expect(keys('non-convex optimization')).not.toContain(keys('convex')[0]);
    expect(keys('Non-negative matrix factorization').slice(1)).toEqual(keys('matrix factorization'));
  });

  it('never matches a phrase inside its negation', () => {
    const index = buildPaperIndex([
      makePaper(
        'nonconvex',
        'Escaping Saddle Points in Non-Convex Optimization',
        'We study non-convex optimization.',
      ),
      makePaper('convex', 'Accelerated Convex Optimization', 'A method for convex optimization problems.'),
      makePaper(
        'nmf',
        'Sparse Non-Negative Matrix Factorization',
        'We propose a non-negative matrix factorization.',
      ),
    ]);
    const reasons = (topic: string, id: string) => reasonsFor(index, topic, id);
    // (The vocabulary relates the two, which still counts a little: "related to".)
    expect(reasons('convex optimization', 'nonconvex')).not.toContain('matched "convex optimization" in');
    expect(reasons('convex optimization', 'convex')).toContain('matched "convex optimization" in');
    expect(reasons('nonconvex optimization', 'nonconvex')).toContain('matched "nonconvex optimization" in');
    expect(reasons('nonconvex optimization', 'convex')).not.toContain('matched "nonconvex optimization" in');
    // "non-negative" says what kind of matrix: the factorization is still one.
    expect(reasons('matrix factorization', 'nmf')).toContain('matched "matrix factorization"');
  });
});

describe('coordination', () => {
  it('marks a word after "and", "or" or "&" as coordinated, not as part of a name with the word before', () => {
    const marked = (text: string) =>
      tokenizeText(text)
        .filter((token) => token.afterCoordination)
        .map((token) => token.raw);
    expect(marked('tabular, vision and language datasets')).toEqual(['language']);
    expect(marked('speech or audio & music')).toEqual(['audio', 'music']);
    expect(marked('vision-language models of the world')).toEqual([]);
  });
});

describe('quoteTokens', () => {
  it('quotes tokens as the reader wrote them, stop words inside and hyphenated to either end', () => {
    expect(quoteTokens('contextual biasing for end-to-end ASR', 2, 2)).toBe('end-to-end');
    expect(quoteTokens('out-of-distribution text-to-image models', 0, 1)).toBe('out-of-distribution');
    expect(quoteTokens('out-of-distribution text-to-image models', 1, 2)).toBe('text-to-image');
    expect(quoteTokens('Graph Neural Networks for molecules', 0, 3)).toBe('Graph Neural Networks');
    // Another word of a hyphenated word is not the quote's: "3D" alone in "text-to-3D".
    expect(quoteTokens('text-to-3D generation', 1, 1)).toBe('3D');
    expect(quoteTokens('two words', 1, 2)).toBeUndefined();
  });
});
