import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { buildPaperIndex, matchPapers, Profile, ThesaurusFile } from '../../src/match/index.ts';
import { findConcepts, findConceptsByKey, loadThesaurus, toLookupKey } from '../../src/match/thesaurus.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { selectIds } from '../helpers/select-ids.ts';

const file = new URL('../../src/match/data/thesaurus.json', import.meta.url);
const vocabularyFile = new URL('../../src/match/data/vocabulary.json', import.meta.url);

describe('the thesaurus data file', () => {
  const concepts = loadThesaurus();

  it('matches its schema, curated and built from taxonomies', () => {
    expect(ThesaurusFile.safeParse(JSON.parse(readFileSync(file, 'utf8'))).success).toBe(true);
    expect(ThesaurusFile.safeParse(JSON.parse(readFileSync(vocabularyFile, 'utf8'))).success).toBe(true);
    expect(concepts.filter((c) => c.source === 'taxonomy').length).toBeGreaterThan(2000);
  });

  it('rejects a malformed entry with the path of the problem', () => {
    const result = ThesaurusFile.safeParse({ concepts: [{ label: 'x', synonyms: ['y'] }] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('synonyms');
  });

  it('has one entry per label and no phrase twice in one entry', () => {
    const curated = concepts.filter((c) => c.source === 'curated').map((c) => c.entry);
    const labels = curated.map((c) => toLookupKey(c.label));
    expect(new Set(labels).size).toBe(labels.length);
    for (const { entry: c } of concepts) {
      const phrases = [c.label, ...(c.terms ?? []), ...(c.narrower ?? []), ...(c.related ?? [])].map(
        toLookupKey,
      );
      expect(new Set(phrases).size, c.label).toBe(phrases.length);
      expect(
        phrases.every((p) => p !== ''),
        c.label,
      ).toBe(true);
    }
  });

  it('has no phrase that is a fragment of a source label or needs its article', () => {
    const bad = concepts.flatMap(({ entry: c }) =>
      [c.label, ...(c.terms ?? []), ...(c.narrower ?? []), ...(c.related ?? [])].filter(
        (p) => /&$/.test(p) || (p.match(/[\p{L}\p{N}]/gu) ?? []).length < 2 || /^(the|a|an) /i.test(p),
      ),
    );
    expect(bad).toEqual([]);
  });

  it('reads an arXiv description as parts of the field only when it is a list', () => {
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    // stat.ME is described by a list of its parts.
    const methodology = taxonomy.find((c) => c.label === 'Methodology' && c.categories?.includes('stat.ME'));
    expect(methodology?.narrower ?? []).toContain('Survival Analysis');
    // eess.SP is described in prose: "information extraction" is named there, but is no part of it.
    const signal = taxonomy.find((c) => c.label === 'Signal Processing' && c.categories?.includes('eess.SP'));
    expect(signal?.narrower ?? []).not.toContain('information extraction');
    expect(signal?.related ?? []).toContain('information extraction');
  });

  it('takes capitals for an acronym of a concept only when they spell its name', () => {
    const lookup = (term: string, label: string) => findConcepts(term).find((l) => l.concept.label === label);
    // "RLHF" and "ASR" spell the concept's name (or the name with a word more): the whole concept.
    expect(lookup('RLHF', 'reinforcement learning from human feedback')?.acronym).toBe(true);
    expect(lookup('ASR', 'speech recognition')?.acronym).toBe(true);
    // "MRI" and "JWST" are listed under medical imaging and astrophysics, but name a corner of them.
    expect(lookup('MRI', 'medical imaging')?.acronym).toBeUndefined();
    expect(lookup('JWST', 'astrophysics')?.acronym).toBeUndefined();
    // "MCMC" spells one term of Bayesian inference: that term, not the whole field.
    expect(lookup('MCMC', 'Bayesian inference')).toMatchObject({ expands: 'Markov chain Monte Carlo' });
    // Names shortened from a phrase count too: "ViT" and "MoE" spell their concept, "NeRF" one term.
    expect(lookup('ViT', 'vision transformers')?.acronym).toBe(true);
    expect(lookup('MoE', 'mixture of experts')?.acronym).toBe(true);
    expect(lookup('NeRF', '3D vision')).toMatchObject({ expands: 'neural radiance fields' });
    expect(lookup('TTS', 'speech synthesis')).toMatchObject({ expands: 'text-to-speech' });
    // The curated topic owns its acronym: "CNN" is not cellular neural networks.
    expect(findConcepts('CNN').map((l) => l.concept.label)).not.toContain('Cellular neural networks');
  });

  it("takes a PhySH discipline's research areas as its parts, not the techniques it uses", () => {
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    const statistical = taxonomy.find((c) => c.label === 'Statistical Physics');
    expect(statistical?.narrower ?? []).toContain('Classical statistical mechanics');
    expect(statistical?.narrower ?? []).not.toContain('Combinatorics');
    expect(taxonomy.some((c) => c.label === 'Combinatorics')).toBe(true);
  });

  it('takes the alternative labels that name one part of a compound heading as its parts', () => {
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    const heading = taxonomy.find((c) => c.label === 'Mobile and wireless security');
    expect(heading?.terms ?? []).not.toContain('mobile security');
    expect(heading?.narrower ?? []).toEqual(expect.arrayContaining(['mobile security', 'wireless security']));
    expect(taxonomy.some((c) => c.label === 'wireless security')).toBe(true);
  });

  it('reads a heading that coordinates things as the things it names', () => {
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    // PhySH "Dusty or complex plasma": two names of one thing.
    const plasma = taxonomy.find((c) => c.label === 'Dusty or complex plasma');
    expect(plasma?.terms ?? []).toEqual(expect.arrayContaining(['Dusty plasma', 'complex plasma']));
    // "Geometrical & wave optics": two things under one heading, each a concept of its own.
    const optics = taxonomy.find((c) => c.label === 'Geometrical & wave optics');
    expect(optics?.narrower ?? []).toEqual(expect.arrayContaining(['Geometrical optics', 'wave optics']));
    expect(taxonomy.some((c) => c.label === 'wave optics')).toBe(true);
    // One word alone ("Optics & lasers") is no phrase to search papers for.
    expect(taxonomy.find((c) => c.label === 'Optics & lasers')?.narrower ?? []).not.toContain('lasers');
    // A plural or a gerund before "&" is a noun of its own, not a modifier of the last part's head;
    // "related phenomena" points back to the heading and names nothing.
    const labels = new Set(taxonomy.map((c) => c.label));
    for (const junk of ['Chaos dynamics', 'Planets systems', 'Imaging processing', 'related phenomena'])
      expect(labels.has(junk)).toBe(false);
  });

  it('writes MeSH headings in the order papers write them', () => {
    const mesh = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry.label);
    expect(mesh).toContain('Confocal Microscopy');
    expect(mesh).not.toContain('Microscopy, Confocal');
    const microscopy = concepts.find((c) => c.entry.label === 'Microscopy')?.entry;
    expect(microscopy?.narrower ?? []).toContain('Confocal Microscopy');
  });

  it('writes a short alternative label in capitals only when it abbreviates the concept', () => {
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    const termsOf = (label: string) => taxonomy.find((c) => c.label === label)?.terms ?? [];
    // "class" is a word, not an acronym of "Classes and objects".
    expect(termsOf('Classes and objects')).not.toContain('CLASS');
    // "mdps" abbreviates its label, and its plural s stays lower-case so that papers' "MDPs" match.
    expect(termsOf('Markov decision processes')).toContain('MDPs');
  });

  it('keeps the things one JEL heading names apart: siblings, not synonyms', () => {
    // JEL E24 is "Employment - Unemployment - Wages - …": wages are not a word for employment.
    const taxonomy = concepts.filter((c) => c.source === 'taxonomy').map((c) => c.entry);
    const employment = taxonomy.filter((c) => c.label === 'Employment');
    expect(employment.length).toBeGreaterThan(0);
    for (const c of employment) expect(c.terms ?? []).not.toContain('Wages');
    expect(taxonomy.some((c) => c.label === 'Wages')).toBe(true);
    const parent = taxonomy.find((c) => c.label === 'Macroeconomics and Monetary Economics');
    expect(parent?.narrower ?? []).toEqual(expect.arrayContaining(['Employment', 'Wages']));
  });

  it('finds every concept by its label and by each of its terms', () => {
    for (const { entry: c } of concepts) {
      expect(findConcepts(c.label).map((l) => l.concept.label)).toContain(c.label);
      for (const term of c.terms ?? []) {
        const found = findConcepts(term);
        // An acronym the curated vocabulary defines ("CNN") means its topic, not a taxonomy's other one.
        const claimed = found.some((l) => l.concept.source === 'curated' && l.acronym);
        if (!claimed)
          expect(
            found.map((l) => l.concept.label),
            term,
          ).toContain(c.label);
      }
    }
  });

  it('reads an arXiv category code as the narrowest concept that lists it, but not a bare archive word', () => {
    const labels = (code: string) => findConceptsByKey(toLookupKey(code)).map((l) => l.concept.entry.label);
    expect(labels('astro-ph.GA')).toEqual(['Astrophysics of Galaxies']);
    expect(labels('astro-ph')).toEqual(['Astrophysics']);
    expect(labels('cs.CL')).toContain('natural language processing');
    expect(labels('cs.CL')).not.toContain('Computer Science');
    expect(findConceptsByKey(toLookupKey('math')).some((l) => l.category)).toBe(false);
  });
});

describe('a topic that is an arXiv category code', () => {
  const paper = (id: string, categories: string[]): Paper => ({
    id,
    title: `Paper ${id}`,
    abstract: 'Plain words that name no field at all.',
    authors: [],
    categories,
  });
  const index = buildPaperIndex([
    paper('galaxies', ['astro-ph.GA']),
    paper('planets', ['astro-ph.EP']),
    paper('learning', ['cs.LG']),
    paper('cross-listed', ['cs.CL', 'cs.LG']),
  ]);
  const ranked = (topic: string) => matchPapers(index, Profile.parse({ topics: [topic] }));
  const selected = (topic: string) =>
    ranked(topic)
      .filter((r) => r.selected)
      .map((r) => r.paper.id);

  it('selects the papers listed in it, as an arXiv alert would, and says so', () => {
    expect(selected('astro-ph.GA')).toEqual(['galaxies']);
    expect(selected('astro-ph')).toEqual(['galaxies', 'planets']);
    expect(selected('cs.LG')).toEqual(['learning']);
    expect(ranked('cs.LG')[0]?.reasons).toContain('listed in arXiv cs.LG, a category of "cs.LG"');
  });

  it('ranks a cross-listed paper next, below the cut of a balanced profile', () => {
    const order = ranked('cs.LG').map((r) => r.paper.id);
    expect(order.slice(0, 2)).toEqual(['learning', 'cross-listed']);
    const broad = matchPapers(index, Profile.parse({ topics: ['cs.LG'], breadth: 'broad' }));
    expect(broad.filter((r) => r.selected).map((r) => r.paper.id)).toEqual(['learning', 'cross-listed']);
  });
});

describe('benchmarks named in a paper', () => {
  const papers: Paper[] = [
    makePaper(
      'conformal',
      'Robust Conformal Prediction under Attack',
      'We certify conformal prediction sets against adversarial perturbations and evaluate on CIFAR-10, CIFAR-100 and ImageNet.',
    ),
    makePaper(
      'vision',
      'Sharper Image Recognition with Frequency Tokens',
      'An image classifier that reads frequency tokens improves image recognition on ImageNet.',
    ),
  ];
  const index = buildPaperIndex(papers);
  const selected = (topic: string) => selectIds(index, topic);

  it('are no evidence of their field on their own: a paper evaluated on CIFAR-10 is not a vision paper', () => {
    expect(selected('computer vision')).toEqual(['vision']);
    expect(selected('image classification')).toEqual(['vision']);
  });
});

describe('a heading that coordinates two names of one thing', () => {
  it('finds papers by either name: "dusty plasmas" meets "complex plasmas"', () => {
    const index = buildPaperIndex([
      makePaper(
        'yukawa',
        'Yukawa clusters in complex plasmas',
        'Charged microparticles in complex plasmas form finite three-dimensional clusters.',
      ),
      makePaper(
        'fusion',
        'Plasma confinement in tokamaks',
        'We study confinement of hot plasmas in tokamaks.',
      ),
    ]);
    expect(selectIds(index, 'dusty plasmas')).toEqual(['yukawa']);
  });
});
