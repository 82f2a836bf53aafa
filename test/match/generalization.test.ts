import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import {
  buildPaperIndex,
  compileTopic,
  countTerms,
  defaultMatchOptions,
  matchPapers,
  Profile,
  stemWord,
} from '../../src/match/index.ts';
import { sampleDigest } from '../helpers/fixtures.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { selectIds } from '../helpers/select-ids.ts';

const papers: Paper[] = [
  makePaper(
    'video-diffusion',
    'Temporally Consistent Video Generation with Latent Diffusion Models',
    'We train a latent diffusion model for text-to-video generation that keeps objects consistent across frames, and evaluate video generation quality on standard benchmarks.',
  ),
  makePaper(
    'image-diffusion',
    'Faster Sampling for Diffusion Models',
    'Diffusion models generate images by iterative denoising. We cut the number of sampling steps of diffusion models for image generation by half without loss of quality.',
  ),
  makePaper(
    'torch',
    'A pytorch library for differentiable rendering',
    'We release an open-source library written in pytorch, with a github repository and tutorials, for differentiable rendering of meshes.',
  ),
  makePaper(
    'labor',
    'Minimum wage increases and the labor market for young workers',
    'Using county-level data we study how minimum wage changes affect employment in the labor market for teenagers.',
  ),
  makePaper(
    'timescale',
    'Multi-Timescale Gradient Sliding for Distributed Optimization',
    'We propose Multi-Timescale (MT) gradient sliding. MT reduces communication rounds; experiments show MT converges faster than baselines.',
  ),
  makePaper(
    'sam',
    'Notes from Sam on distributed systems',
    'Sam describes how to debug distributed systems in production and what logs to keep.',
  ),
];

/** An archive of earlier papers is what teaches the matcher which words are everyday vocabulary. */
const index = buildPaperIndex(papers, { archive: countTerms(sampleDigest.papers) });

/** "ZeRO" (a name for sharded data-parallel training) next to a paper whose title says "Zero-shot". */
const zeroShot = buildPaperIndex(
  [
    makePaper(
      'zero-redundancy',
      'ZeRO: Memory Optimizations Toward Training Trillion Parameter Models',
      'ZeRO removes memory redundancies in data- and model-parallel training, so that distributed training scales to trillion-parameter models.',
    ),
    makePaper(
      'zero-shot',
      'Zero-shot Model Generation for Task Trade-offs',
      'We generate models for new preferences over tasks zero-shot, without training them, and compare against LoRA fine-tuning.',
    ),
  ],
  { archive: countTerms(sampleDigest.papers) },
);

function selected(topics: string[]): string[] {
  return matchPapers(index, Profile.parse({ topics }))
    .filter((ranked) => ranked.selected)
    .map((ranked) => ranked.paper.id);
}

describe('matching that carries to unseen topics', () => {
  it('needs every concept of a two-concept topic', () => {
    expect(selected(['diffusion models for video generation'])).toEqual(['video-diffusion']);
    expect(selected(['diffusion models'])).toEqual(
      expect.arrayContaining(['video-diffusion', 'image-diffusion']),
    );
  });

  it('reads mixed-case names as words, and capitals or names mostly in capitals as acronyms', () => {
    expect(selected(['PyTorch'])).toEqual(['torch']);
    const github = matchPapers(index, Profile.parse({ topics: ['GitHub'] }))[0];
    expect(github?.paper.id).toBe('torch');
    expect(github?.reasons).toEqual(['matched "GitHub" in abstract']);
    // "SAM" in capitals is an acronym (Segment Anything) and never meets the name "Sam".
    expect(selected(['SAM'])).toEqual([]);
    // A name written mostly in capitals ("ZeRO") is an acronym too: "Zero-shot" is not ZeRO, and
    // an acronym has no spelling variants ("LoRA" is not "lorae").
    expect(selectIds(zeroShot, 'ZeRO')).toEqual(['zero-redundancy']);
    expect(selectIds(zeroShot, 'distributed training')).toEqual(['zero-redundancy']);
    const lora = compileTopic('LoRA', zeroShot).clauses.map((clause) => clause.text);
    expect(lora).toContain('low-rank adaptation');
    expect(lora).not.toContain('lorae');
  });

  it('meets British and American spellings', () => {
    expect(stemWord('labour')).toBe(stemWord('labor'));
    expect(stemWord('optimisation')).toBe(stemWord('optimization'));
    expect(selected(['labour markets'])).toEqual(['labor']);
  });

  it('does not read an acronym a paper spells out as something else as the topic', () => {
    expect(selected(['machine translation'])).toEqual([]);
  });

  it('weighs words by how rare they are in the archive', () => {
    const withoutArchive = buildPaperIndex(papers);
    const score = (idx: typeof index, topic: string) =>
      matchPapers(idx, Profile.parse({ topics: [topic] })).find((r) => r.paper.id === 'image-diffusion')
        ?.score ?? 0;
    // "models" is everyday vocabulary in the archive, "denoising" is not.
    expect(score(index, 'models')).toBeLessThan(score(withoutArchive, 'models'));
    expect(score(index, 'denoising')).toBeGreaterThan(score(index, 'models'));
  });

  it('counts an arXiv category of the same scope as evidence, below the cut on its own', () => {
    const listed = (id: string, categories: string[], abstract: string): Paper => ({
      id,
      title: 'Steering model thinking with budget guidance',
      abstract,
      authors: [],
      categories,
    });
    const digest = [
      listed(
        'cs.CL',
        ['cs.CL'],
        'We steer large language models to think within a token budget in natural language.',
      ),
      listed(
        'none',
        [],
        'We steer large language models to think within a token budget in natural language.',
      ),
      listed('category-only', ['cs.CL'], 'We study budgets.'),
    ];
    const idx = buildPaperIndex(digest, { archive: countTerms(sampleDigest.papers) });
    const ranked = matchPapers(idx, Profile.parse({ topics: ['natural language processing'] }));
    const byId = new Map(ranked.map((r) => [r.paper.id, r]));
    expect(byId.get('cs.CL')?.reasons).toContain(
      'listed in arXiv cs.CL, a category of "natural language processing"',
    );
    expect(byId.get('cs.CL')?.score ?? 0).toBeGreaterThan(byId.get('none')?.score ?? 1);
    // A category alone is not enough to be mailed.
    expect(ranked.filter((r) => r.selected).map((r) => r.paper.id)).not.toContain('category-only');
  });

  it('counts every category of an arXiv archive for the field the archive names', () => {
    const paper = (id: string, categories: string[]): Paper => ({
      id,
      title: 'Bar-driven dispersal of substructure in the disc',
      abstract: 'We follow the orbits of stellar streams through the bar and measure their spread.',
      authors: [],
      categories,
    });
    const idx = buildPaperIndex([paper('listed', ['astro-ph.GA']), paper('unlisted', [])], {
      archive: countTerms(sampleDigest.papers),
    });
    const ranked = matchPapers(idx, Profile.parse({ topics: ['astrophysics'] }));
    const byId = new Map(ranked.map((r) => [r.paper.id, r]));
    expect(byId.get('listed')?.reasons.join('; ')).toContain('listed in arXiv astro-ph.GA');
    expect(byId.get('listed')?.score ?? 0).toBeGreaterThan(byId.get('unlisted')?.score ?? 1);
  });

  it('counts the wider field as a hint that ranks but never selects alone', () => {
    const paper = (id: string, abstract: string): Paper => ({
      id,
      title: 'Updating code knowledge in language models',
      abstract,
      authors: [],
      categories: [],
    });
    const digest = [
      paper('field', 'We post-train a code model with reinforcement learning on execution results.'),
      paper('other', 'We post-train a code model with supervised fine-tuning on execution results.'),
    ];
    const idx = buildPaperIndex(digest, { archive: countTerms(sampleDigest.papers) });
    const profile = Profile.parse({ topics: ['RLHF'] });
    const rank = (options = defaultMatchOptions) =>
      new Map(matchPapers(idx, profile, options).map((r) => [r.paper.id, r]));
    const withField = rank();
    expect(withField.get('field')?.score ?? 0).toBeGreaterThan(withField.get('other')?.score ?? 1);
    expect(withField.get('field')?.selected).toBe(false);
    const without = rank({ ...defaultMatchOptions, broader: false });
    expect(without.get('field')?.score ?? 0).toBeLessThan(withField.get('field')?.score ?? 0);
  });

  it('names the words the reader wrote in partial reasons, never their stems', () => {
    const idx = buildPaperIndex([
      {
        id: 'partial',
        title: 'Learning curves of supervised models',
        abstract: 'We study how supervised learning improves with data.',
        authors: [],
        categories: [],
      },
    ]);
    const [ranked] = matchPapers(idx, Profile.parse({ topics: ['self-supervised representation learning'] }));
    const partial = ranked?.reasons.filter((reason) => reason.startsWith('partial match')) ?? [];
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.join(' ')).toMatch(/"(supervised|learning)( \+ (supervised|learning))?"/);
    expect(partial.join(' ')).not.toMatch(/superviz|"learn"|learn \+/);
  });

  it('says where the words of a partial match were, title or abstract', () => {
    const idx = buildPaperIndex([
      makePaper(
        'title',
        'Alignment with human values: can AI learn them?',
        'A survey of methods and open problems.',
      ),
      makePaper(
        'abstract',
        'Open problems of value learning',
        'We study the alignment of AI systems with what people want.',
      ),
    ]);
    const reasonsOf = (id: string) =>
      matchPapers(idx, Profile.parse({ topics: ['AI alignment'] }))
        .find((ranked) => ranked.paper.id === id)
        ?.reasons.filter((reason) => reason.startsWith('partial match')) ?? [];
    expect(reasonsOf('title').join(' ')).toMatch(/"AI \+ alignment" in title$/);
    expect(reasonsOf('abstract').join(' ')).toMatch(/"AI \+ alignment" in abstract$/);
  });

  it('keeps an everyday word of a topic from naming a taxonomy heading of its own', () => {
    for (const topic of ['world models', 'model merging']) {
      const compiled = compileTopic(topic, index);
      expect(compiled.units.map((unit) => unit.text)).toEqual([topic]);
      expect(compiled.clauses.map((clause) => clause.text)).not.toContain('Modeling and simulation');
    }
  });

  it("reads one word inside a longer topic as the reader's word, not as a field to expand", () => {
    const texts = (topic: string) => compileTopic(topic, index).clauses.map((clause) => clause.text);
    // MeSH "Behavior" lists hundreds of narrower headings; "voting behavior" means none of them.
    expect(texts('voting behavior')).not.toContain('Adolescent Behavior');
    // "galaxy" is a term of astrophysics, but a reader of galaxy dynamics did not ask for all of it.
    expect(texts('galaxy dynamics')).not.toContain('astrophysics');
    // "planning" in "urban planning" is not robot motion planning.
    expect(texts('urban planning')).not.toContain('motion planning');
    // Every word still has to be there: two concepts, both the reader's.
    expect(compileTopic('urban planning', index).units).toHaveLength(2);
    // An acronym inside a topic still stands for its whole concept, or for the term it spells ...
    expect(texts('GAN training')).toContain('generative adversarial networks');
    expect(texts('MCMC diagnostics')).toContain('Markov chain Monte Carlo');
    // ... but capitals listed under a field are a corner of it: MRI is not all of medical imaging.
    expect(texts('MRI reconstruction')).not.toContain('CT scans');
    expect(texts('MRI reconstruction')).toContain('Magnetic resonance imaging');
    // One word next to another part takes the research-topic sense only: no computer memory here.
    expect(texts('neuroscience of memory')).not.toContain('Semiconductor memory');
    expect(texts('fairness in hiring')).toContain('algorithmic fairness');
    // A taxonomy's alternative label is a synonym: "opinion mining" means all of sentiment analysis.
    const opinion = compileTopic('opinion mining', index).clauses.find(
      (c) => c.text === 'Sentiment analysis',
    );
    expect(opinion?.weight).toBeGreaterThan(0.9);
    // What a taxonomy files under a heading without sharing a word ("Trust" under crowdsourcing)
    // needs the paper to show the concept too.
    const trust = compileTopic('crowdsourcing', index).clauses.find((c) => c.text === 'Trust');
    expect(trust?.ambiguous).toBe(true);
  });

  it("says which concept of a longer topic a paper showed, in the reader's words", () => {
    const topic = 'minimum wage for teenagers';
    const labor = matchPapers(index, Profile.parse({ topics: [topic] })).find((r) => r.paper.id === 'labor');
    expect(labor?.reasons).toContain(`matched "wage", part of "${topic}", in title and abstract`);
    // No reason claims the whole topic for what was one of its concepts.
    expect(labor?.reasons.some((r) => r.startsWith(`matched "${topic}" in`))).toBe(false);
  });

  it('reads "A and B" inside a topic as either, and still needs the rest of the topic', () => {
    const compiled = compileTopic('employment and wages of teenagers', index);
    expect(compiled.units).toHaveLength(2);
    const labor = matchPapers(index, Profile.parse({ topics: ['employment and wages of teenagers'] })).find(
      (r) => r.paper.id === 'labor',
    );
    // The paper says "employment", "wage" and "teenagers": either alternative is enough.
    expect(labor?.selected).toBe(true);
  });

  it('reads an acronym of a concept as its label, with every concept the label names', () => {
    const texts = (topic: string) => new Set(compileTopic(topic, index).clauses.map((c) => c.text));
    // "natural language processing" also names arXiv's Computation and Language (cs.CL).
    expect(texts('natural language processing').has('cs.CL')).toBe(true);
    expect(texts('NLP').has('cs.CL')).toBe(true);
  });

  it('gives the same result for the same input', () => {
    const first = matchPapers(index, Profile.parse({ topics: ['diffusion models', 'labour markets'] }));
    const second = matchPapers(index, Profile.parse({ topics: ['diffusion models', 'labour markets'] }));
    expect(second).toEqual(first);
  });
});
