import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.ts';
import { findConceptsByLooseWords, findConceptsLoosely } from '../../src/match/find-concepts-loosely.ts';
import { buildPaperIndex, compileTopic, countTerms, matchPapers, Profile } from '../../src/match/index.ts';
import { makePaper } from '../helpers/make-paper.ts';
import { selectIds } from '../helpers/select-ids.ts';

const papers: Paper[] = [
  makePaper(
    'joined',
    'Pretraining Vision Encoders on Multimodal Web Data',
    'We study pretraining of vision encoders on multimodal data crawled from the web.',
  ),
  makePaper(
    'hyphenated',
    'Continual Pre-training for Multi-modal Retrieval',
    'Continual pre-training keeps a multi-modal retriever current without forgetting.',
  ),
  makePaper(
    'stop-word',
    'Solvers that Converge Slowly',
    'On these problems the solver was not able to converge within the budget.',
  ),
  makePaper('unrelated', 'Protein Folding with Graph Networks', 'We fold proteins with graph networks.'),
];
const index = buildPaperIndex(papers);

const selectedFor = (topic: string): string[] => selectIds(index, topic).sort();

describe('compound words written two ways', () => {
  it('finds a compound the reader hyphenates where papers write it as one word, and the reverse', () => {
    expect(selectedFor('pre-training')).toEqual(['hyphenated', 'joined']);
    expect(selectedFor('pretraining')).toEqual(['hyphenated', 'joined']);
    expect(selectedFor('multi-modal')).toEqual(['hyphenated', 'joined']);
    expect(selectedFor('multimodal')).toEqual(['hyphenated', 'joined']);
  });

  it('names the spelling the paper used in the reason', () => {
    const [joined] = matchPapers(index, Profile.parse({ topics: ['pre-training'] })).filter(
      (r) => r.paper.id === 'joined',
    );
    expect(joined?.reasons).toContain('matched "pre-training" via "pretraining" in title and abstract');
  });

  it('keeps a hyphenated compound the digest also writes joined as one concept, not a prefix and a word', () => {
    expect(compileTopic('pre-training', index).units).toHaveLength(1);
  });

  it('splits a word only into words of the digest, and never at a stop word', () => {
    // "not able" is in a paper, but "not" is a stop word: "notable" stays one word.
    const clauses = compileTopic('notable', index).clauses.map((c) => c.tokens.join(' '));
    expect(clauses).toEqual(['notabl']);
    expect(selectedFor('notable')).toEqual([]);
  });
});

describe('a hyphenated modifier next to a known concept', () => {
  // Enough stored papers that "model" and "based" are everyday words of the archive.
  const archive = countTerms(
    Array.from({ length: 30 }, (_, i) => ({
      title: `A model of case ${i}`,
      abstract: `Our model is based on data from study ${i}; the model based results follow.`,
    })),
  );
  const rl = buildPaperIndex(
    [
      makePaper(
        'model-based',
        'Model-Based RL with Learned Dynamics',
        'We learn a dynamics model for model-based reinforcement learning (RL) and plan with it.',
      ),
      makePaper(
        'model-free',
        'Reinforcement Learning for Wind Farm Control',
        'A reinforcement learning (RL) agent, based on a policy model, steers the turbines.',
      ),
      makePaper(
        'treatment',
        'Treatment Planning with Reinforcement Learning',
        'An RL policy, based on a dose model, plans the treatment.',
      ),
    ],
    { archive },
  );
  const selected = (topic: string) => selectIds(rl, topic);

  it('keeps "model-based" as a concept of "model-based RL", though its words are everyday', () => {
    const units = compileTopic('model-based RL', rl).units;
    expect(units.map((u) => u.text)).toEqual(['model-based', 'reinforcement learning']);
    expect(units[0]?.compound).toBe(true);
  });

  it('selects model-based RL papers, not every RL paper that says "model" and "based" apart', () => {
    expect(selected('model-based RL')).toEqual(['model-based']);
    expect(selected('RL').sort()).toEqual(['model-based', 'model-free', 'treatment']);
  });

  it('drops a compound that is everyday in the digest, as it drops everyday words', () => {
    const busy = buildPaperIndex(
      Array.from({ length: 24 }, (_, i) =>
        makePaper(`p${i}`, `Paper ${i}`, `We beat the state-of-the-art on task ${i} with graphs.`),
      ),
      { archive },
    );
    expect(compileTopic('state-of-the-art RL', busy).units.map((u) => u.text)).toEqual([
      'reinforcement learning',
    ]);
  });
});

describe('a topic that names one corner of a field', () => {
  const brain = buildPaperIndex([
    makePaper(
      'eeg',
      'Decoding Attention from Scalp Recordings',
      'We record EEG from the brain of 30 participants; EEG signals from the cortex reveal attention.',
    ),
    makePaper(
      'fmri',
      'Resting-State Connectivity Networks',
      'We analyse fMRI scans of 200 people and relate their brain networks to EEG rhythms.',
    ),
    makePaper('titled', 'EEG Rhythms of the Sleeping Brain', 'Scalp EEG follows slow rhythms during sleep.'),
  ]);
  const ranked = (topic: string) => matchPapers(brain, Profile.parse({ topics: [topic] }));

  it('does not take the field or its other corners for the topic, even in a title ("EEG" and "brain" are not "fMRI")', () => {
    const selected = ranked('fMRI').filter((r) => r.selected);
    expect(selected.map((r) => r.paper.id)).toEqual(['fmri']);
  });

  it("still counts the neighbours where the paper shows the reader's corner, and says they are related", () => {
    const fmri = ranked('fMRI').find((r) => r.paper.id === 'fmri');
    expect(fmri?.reasons).toContain('related to "fMRI": "brain" in abstract');
  });
});

describe('everyday words as a part of a topic', () => {
  const archive = countTerms(
    Array.from({ length: 30 }, (_, i) => ({
      title: `Methods and approaches ${i}`,
      abstract: `We propose a method and compare approaches and methods on task ${i}.`,
    })),
  );
  const proteins = buildPaperIndex(
    [
      makePaper(
        'design',
        'Protein Design by Inverse Folding',
        'We design protein sequences that fold into a target.',
      ),
      makePaper('other', 'A Method for Graph Coloring', 'Our method colours graphs quickly.'),
    ],
    { archive },
  );

  it('reads "methods for protein design" as protein design, not as a second concept "methods"', () => {
    expect(compileTopic('methods for protein design', proteins).units.map((u) => u.text)).toEqual([
      'protein design',
    ]);
    expect(selectIds(proteins, 'methods for protein design')).toEqual(['design']);
  });

  it('keeps a topic of everyday words whole rather than leaving nothing', () => {
    expect(compileTopic('methods for approaches', proteins).units).toHaveLength(2);
  });
});

describe('the concepts of one topic', () => {
  const agents = buildPaperIndex([
    makePaper(
      'computer-use',
      'Computer-Use Agents that Book Flights',
      'Computer-use agents operate a browser and desktop applications on behalf of a user.',
    ),
    makePaper(
      'agents',
      'Evaluating Language-Model Agents on Autonomous Tasks',
      'We evaluate language-model agents: each agent plans, calls tools and reports.',
    ),
  ]);

  it('take no evidence from the words the reader wrote for another of them', () => {
    // "agent" is a term of LLM agents, the field "computer use" belongs to, and the reader's own
    // word for the other concept: it cannot stand for "computer use" as well.
    const clauses = compileTopic('computer-use agents', agents).clauses;
    expect(clauses.filter((c) => c.unit === 0).map((c) => c.text)).not.toContain('agent');
    expect(selectIds(agents, 'computer-use agents')).toEqual(['computer-use']);
  });
});

describe("a concept named in the reader's own grammar", () => {
  const fairness = buildPaperIndex([
    makePaper(
      'fair',
      'Auditing Credit Scoring for Algorithmic Fairness',
      'We audit a credit scoring model for algorithmic fairness and reduce its demographic disparity.',
    ),
    makePaper(
      'other',
      'Faster Algorithms for Sparse Regression',
      'We give algorithms that solve sparse regression faster than earlier ones.',
    ),
  ]);
  const units = (topic: string): string[] => compileTopic(topic, fairness).units.map((u) => u.text);
  const expansions = (topic: string): string[] => compileTopic(topic, fairness).clauses.map((c) => c.text);

  it('finds the concept through another word order and other word forms', () => {
    expect(expansions('fairness of algorithms')).toContain('algorithmic fairness');
    expect(expansions('classification of images')).toContain('image classification');
    expect(units('deceptively aligned models')[0]).toBe('deceptive alignment');
    // Written apart or hyphenated at another place: "life-long" is "lifelong", "finetuning" is
    // "fine-tuning". One word never meets another one by its derivations ("deceptive" is no
    // "deception").
    expect(expansions('life-long learning')).toContain('continual learning');
    expect(expansions('parameter efficient finetuning')).toContain('parameter-efficient fine-tuning');
    expect(units('deceptive')).toEqual(['deceptive']);
    // "X-based Y" names what "X Y" names.
    expect(units('LLM-based agents')).toHaveLength(1);
    expect(expansions('LLM-powered agents')).toContain('LLM agents');
    expect(selectIds(fairness, 'fairness of algorithms')).toEqual(['fair']);
  });

  it('finds the concept through another word of the same family (WordNet)', () => {
    // "predictors" is no inflection of "prediction", but both come from "predict".
    expect(units('conformal predictors')).toEqual(['conformal predictors']);
    expect(expansions('conformal predictors')).toContain('conformal prediction');
    expect(expansions('conformal predictors')).toContain('conformal inference');
    expect(expansions('compartment models')).toContain('Compartmental model');
    expect(expansions('quantum sensors')).toContain('Quantum sensing');
    // Only a whole phrase: a run inside a longer one is an unfinished name ("spiking neural" in
    // "spiking neural nets" is not spiking neurons), and one word never meets another by family.
    expect(findConceptsByLooseWords(['spiking', 'neural'], false)).toEqual([]);
    expect(units('predictors')).toEqual(['predictors']);
    // Words of one sense that are no family ("large" and "extensiveness") link nothing.
    expect(findConceptsLoosely('large language')).toEqual([]);
  });

  it('finds the concept of a phrase that abbreviates one of its words, or spells out one', () => {
    // "RL" is reinforcement learning: "RL from human feedback" is RLHF.
    expect(units('RL from human feedback')).toHaveLength(1);
    expect(expansions('RL from human feedback')).toContain('reinforcement learning from human feedback');
    expect(expansions('RL from human feedback')).toContain('RLHF');
    // And the other way: "large language model agents" is "LLM agents".
    expect(units('large language model agents')).toHaveLength(1);
    expect(expansions('large language model agents')).toContain('LLM agents');
    // Acronyms a taxonomy defines count too, both ways: "MRI" in "functional MRI" (fMRI), and the
    // label "artificial intelligence" in "green artificial intelligence" (Green AI).
    expect(expansions('functional MRI')).toContain('fMRI');
    // An acronym of one term of a concept spells that term: "T2I" is "text-to-image".
    expect(units('T2I generation')).toHaveLength(1);
    expect(expansions('T2I generation')).toContain('text-to-image generation');
    expect(units('green artificial intelligence')).toHaveLength(1);
    expect(expansions('green artificial intelligence')).toContain('green AI');
  });

  it('reads the rest of a hyphenated word whose first part names a concept as no concept of its own', () => {
    // "aware" in "fairness-aware" says how the reader relates to fairness; papers say "fairness".
    expect(units('fairness-aware credit scoring')).not.toContain('awar');
    expect(units('fairness-aware credit scoring')).toContain('fairness');
    expect(selectIds(fairness, 'fairness-aware credit scoring')).toEqual(['fair']);
    // "zero" only meets the name "ZeRO" (distributed training): "shot" is not dropped for it.
    expect(compileTopic('zero-shot image classification', fairness).units.flatMap((u) => u.words)).toContain(
      'shot',
    );
  });

  it('reorders only the whole phrase, never a run inside a longer one', () => {
    // "resource languages" inside "low resource languages" is not "language resources".
    expect(units('low resource languages')).not.toContain('Language resources');
  });
});

describe('a name with a connector inside it', () => {
  const experts = buildPaperIndex([
    makePaper(
      'moe-vision',
      'Sparse MoE Layers for Vision Transformers',
      'We route image patches through a sparse MoE layer in vision transformers and match dense accuracy.',
    ),
    makePaper(
      'iot',
      'Securing the Internet of Things at the Edge',
      'Security of internet of things devices is hard; we harden firmware updates for IoT security.',
    ),
    makePaper(
      'things',
      'Things People Say on the Internet',
      'We collect things people post on the internet and study how security advice spreads.',
    ),
  ]);

  it('reads "mixture of experts for vision" as mixture of experts and vision, acronym and all', () => {
    expect(compileTopic('mixture of experts for vision', experts).units.map((u) => u.text)).toEqual([
      'mixture of experts',
      'vision',
    ]);
    expect(selectIds(experts, 'mixture of experts for vision')).toEqual(['moe-vision']);
  });

  it('keeps a name the taxonomies list as written whole: "internet of things security"', () => {
    expect(compileTopic('internet of things security', experts).units.map((u) => u.text)).toEqual([
      'internet of things',
      'security',
    ]);
    expect(selectIds(experts, 'internet of things security')).toEqual(['iot']);
  });
});

describe('a name the papers define as an acronym', () => {
  const slam = [
    makePaper(
      'slam',
      'Lidar-Inertial SLAM in Forests',
      'Simultaneous localization and mapping (SLAM) under canopy is hard; our SLAM system fuses lidar and IMU.',
    ),
    makePaper(
      'maps',
      'Mapping Gene Expression Across Tissues',
      'We present a mapping of gene expression and its simultaneous measurement in many tissues.',
    ),
    makePaper(
      'hri',
      'Trust in Human-Robot Interaction',
      'Human-robot interaction (HRI) studies trust; we run an HRI study with a social robot.',
    ),
    makePaper(
      'humans',
      'Humans Versus Robots at Chess',
      'Human players and robot arms play chess; we count every interaction between the pieces.',
    ),
  ];
  const withDefinitions = buildPaperIndex(slam);
  // The same topics on a day whose papers define nothing: the reader's coordination is read as usual.
  const withoutDefinitions = buildPaperIndex([slam[1] as Paper, slam[3] as Paper]);
  const units = (topic: string, index = withDefinitions): string[] =>
    compileTopic(topic, index).units.map((u) => u.text);

  it('keeps a coordination whole when it spells an acronym the papers define', () => {
    expect(units('simultaneous localization and mapping')).toEqual(['simultaneous localization and mapping']);
    expect(
      compileTopic('simultaneous localization and mapping', withDefinitions).clauses.map((c) => c.text),
    ).toContain('SLAM');
    expect(selectIds(withDefinitions, 'simultaneous localization and mapping')).toEqual(['slam']);
    // Without the definition "X and Y" is either of them, as for "benchmarks and evaluation".
    const plain = compileTopic('simultaneous localization and mapping', withoutDefinitions).clauses.map(
      (c) => c.text,
    );
    expect(plain).toContain('mapping');
  });

  it('keeps a phrase whole, not split into the concepts inside it, when it spells a defined acronym', () => {
    expect(units('human-robot interaction for elder care')).toEqual([
      'human-robot interaction',
      'elder care',
    ]);
    expect(units('human-robot interaction for elder care', withoutDefinitions)).not.toContain(
      'human-robot interaction',
    );
  });
});

describe('an acronym only the papers define', () => {
  const papers = [
    makePaper(
      'defines',
      'Certified Machine Unlearning for Linear Models',
      'Machine unlearning (MU) removes a training point from a model; we certify MU for linear models.',
    ),
    makePaper(
      'forgotten',
      'The Right to Be Forgotten in Recommender Systems',
      'Users may ask a service to delete their data; we delete it from a trained recommender too.',
    ),
    makePaper('other', 'Mu Opioid Receptors in Mice', 'We image mu opioid receptors in the mouse brain.'),
  ];

  it('brings the concept its definition names, as if the reader had written it out', () => {
    const clauses = compileTopic('MU', buildPaperIndex(papers)).clauses.map((c) => c.text);
    expect(clauses).toContain('machine unlearning');
    expect(clauses).toContain('right to be forgotten');
    expect(selectIds(buildPaperIndex(papers), 'MU')).toEqual(['defines', 'forgotten']);
    // On a day whose papers define nothing, "MU" is only itself.
    const undefinedDay = buildPaperIndex(papers.slice(1));
    expect(compileTopic('MU', undefinedDay).clauses.map((c) => c.text)).toEqual(['MU']);
  });
});
