import type { PaperIndex } from './build-paper-index.ts';
import type { Clause, CompiledTopic, MatchOptions } from './compiled-topic.ts';
import { findOccurrences, type Occurrences, scoreOccurrences } from './find-occurrences.ts';

/** How often one clause occurred in one paper; proximity matches count partially. */
export interface ClauseHit {
  clause: Clause;
  title: number;
  abstract: number;
  /** True when every occurrence was a near (not verbatim) phrase match. */
  nearby: boolean;
  /** The clause's contribution to the topic score, in [0, 1). */
  evidence: number;
}

/** One topic's evidence for every paper of a digest. */
export interface TopicScores {
  topic: string;
  /** Score per paper, in [0, 1): the chance-like strength of the evidence. */
  scores: Float64Array;
  /** Hits per paper with a non-zero score, strongest first. */
  hits: Map<number, ClauseHit[]>;
  /** Papers with a non-zero score, best first (ties in digest order): the only ones a profile looks at. */
  matched: Int32Array;
  /** The highest score of any paper. */
  best: number;
  /** One everyday word ("bias", "agents"): in a profile of several topics, it wants their support. */
  vague: boolean;
  /** Builds the hits of one paper on demand, for scores whose evidence is not a list of phrases. */
  explain?: (paper: number) => ClauseHit[];
}

/** An unconfirmed ambiguous form ("agents" alone, "MT" alone) is worth this share of its weight. */
const unconfirmedCredit = 0.4;
/** The reader's words found one by one, not as a phrase, are worth this much of the phrase. */
const wordByWordCredit = 0.6;
/** A concept with no evidence still leaves this much in the geometric mean, to keep an order. */
const missingConceptFloor = 0.02;

/**
 * A paper that spells an acronym out as something else ("Multi-Timescale (MT)") does not mean the
 * concept by it, whatever the thesaurus says the acronym stands for.
 */
function acronymMeansSomethingElse(
  index: PaperIndex,
  paper: number,
  clause: Clause,
  plainForms: Set<string>,
): boolean {
  const token = clause.tokens[0];
  if (clause.tokens.length !== 1 || !token?.startsWith('^')) return false;
  const expansion = index.paperAcronyms[paper]?.get(token);
  return expansion !== undefined && !plainForms.has(expansion);
}

interface UnitEvidence {
  miss: number;
  hits: ClauseHit[];
}

/**
 * Scores every paper of the digest for one compiled topic. Within one concept of the topic the
 * evidence of its phrases combines like independent signals (noisy-OR), so more distinct evidence
 * raises the score but never past 1; across concepts the score is their geometric mean, so a paper
 * must show every concept of "diffusion models for video generation" to rank high.
 */
export function scoreTopic(index: PaperIndex, compiled: CompiledTopic, options: MatchOptions): TopicScores {
  const { units } = compiled;
  const perPaper = new Map<number, ClauseHit[]>();
  const plainForms = units.map(
    (_, unit) =>
      new Set(
        compiled.clauses
          .filter((clause) => clause.unit === unit)
          .map((clause) => clause.tokens.map((token) => token.replace(/^\^/, '')).join(' ')),
      ),
  );
  const record = (paper: number, hit: ClauseHit) => {
    const hits = perPaper.get(paper) ?? [];
    hits.push(hit);
    perPaper.set(paper, hits);
  };
  for (const clause of compiled.clauses) {
    for (const [paper, occurrences] of findOccurrences(index, clause, options)) {
      if (acronymMeansSomethingElse(index, paper, clause, plainForms[clause.unit] ?? new Set())) continue;
      const evidence = clause.weight * scoreOccurrences(index, paper, occurrences, options);
      record(paper, { clause, ...occurrences, evidence });
    }
  }
  units.forEach((unit, u) => {
    if (unit.words.length < 2 || unit.compound) return;
    // The reader's words one by one: "hallucination" and "detect" apart still say something.
    const total = unit.wordWeights.reduce((sum, w) => sum + w, 0);
    const perWord = new Map<number, { share: number; parts: string[]; title: number; abstract: number }>();
    unit.words.forEach((word, i) => {
      // The word as the reader wrote it, or as the digest spells it ("matrices" for "matrix").
      const merged = new Map<number, Occurrences>();
      for (const token of [word, ...(unit.alternatives[i] ?? [])]) {
        const clause: Clause = {
          text: token,
          tokens: [token],
          weight: 1,
          relation: 'word',
          ambiguous: false,
          unit: u,
        };
        for (const [paper, found] of findOccurrences(index, clause, options)) {
          const sum = merged.get(paper);
          if (sum) {
            sum.title += found.title;
            sum.abstract += found.abstract;
          } else merged.set(paper, { ...found });
        }
      }
      for (const [paper, occurrences] of merged) {
        const entry = perWord.get(paper) ?? { share: 0, parts: [], title: 0, abstract: 0 };
        entry.title += occurrences.title;
        entry.abstract += occurrences.abstract;
        entry.share +=
          ((unit.wordWeights[i] ?? 0) / total) * scoreOccurrences(index, paper, occurrences, options);
        entry.parts.push(unit.surface[i] ?? word.replace(/^\^/, ''));
        perWord.set(paper, entry);
      }
    });
    for (const [paper, { share, parts, title, abstract }] of perWord) {
      const clause: Clause = {
        text: parts.join(' + '),
        tokens: [],
        weight: wordByWordCredit,
        relation: 'word',
        ambiguous: false,
        unit: u,
      };
      // Where the words were is for the reason only ("in title"); the evidence is already weighed.
      record(paper, { clause, title, abstract, nearby: false, evidence: wordByWordCredit * share });
    }
  });

  const scores = new Float64Array(index.papers.length);
  const hits = new Map<number, ClauseHit[]>();
  for (const [paper, paperHits] of perPaper) {
    // Concepts of the topic confirmed in this paper by an unambiguous phrase.
    const confirmed = new Set<number>();
    for (const hit of paperHits)
      if (!hit.clause.ambiguous && hit.clause.relation !== 'word') confirmed.add(hit.clause.unit);
    const perUnit: UnitEvidence[] = units.map(() => ({ miss: 1, hits: [] }));
    for (const hit of paperHits) {
      // A title that says it ("… Fairness in …") settles the sense as well as a second form does;
      // a neighbour of the reader's corner in the title does not make the paper the reader's.
      const settled = hit.title > 0 && hit.clause.neighbour !== true;
      if (hit.clause.ambiguous && !settled && !confirmed.has(hit.clause.unit))
        hit.evidence *= unconfirmedCredit;
      if (hit.evidence <= 0) continue;
      const unit = perUnit[hit.clause.unit];
      if (!unit) continue;
      unit.miss *= 1 - hit.evidence;
      unit.hits.push(hit);
    }
    let product = 1;
    for (const unit of perUnit) product *= Math.max(missingConceptFloor, 1 - unit.miss);
    const score = units.length === 1 ? 1 - (perUnit[0]?.miss ?? 1) : product ** (1 / units.length);
    const kept = perUnit.flatMap((unit) => unit.hits);
    if (kept.length === 0 || score <= 0) continue;
    scores[paper] = score;
    kept.sort((a, b) => b.evidence - a.evidence || a.clause.text.localeCompare(b.clause.text, 'en'));
    hits.set(paper, kept);
  }
  const matched = Int32Array.from(
    [...hits.keys()].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b),
  );
  const best = scores.reduce((max, score) => Math.max(max, score), 0);
  return { topic: compiled.topic, scores, hits, matched, best, vague: compiled.vague };
}
