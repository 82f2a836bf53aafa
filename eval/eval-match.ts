/**
 * Scores the matcher against graded judgments, next to two baselines, on every development set:
 * the shipped dev set (10 profiles × the sample digest), the same 10 profiles on other days, and
 * the `tune` and `holdout` halves of the second corpus. Run with `npm run eval:match`.
 *
 *   npm run eval:match                    every set, then the ablation on holdout
 *   npm run eval:match -- --no-holdout    tune and dev only: what matcher work looks at
 *   npm run eval:match -- FILE.json       one other judgments file (same shape as eval/*.json)
 *
 * Each corpus is matched as one digest. The archive a matcher may learn from (document
 * frequencies, calibration) is every other shipped corpus, never the papers being judged.
 */
import { createBm25Ranker, createKeywordRanker } from './lib/baselines.ts';
import { type EvalSet, listCorpus, loadJudgments, normalizeTitle, readCorpus } from './lib/eval-sets.ts';
import { ablations, createMatcherRanker } from './lib/matcher-ranker.ts';
import {
  bootstrapIntervals,
  evaluate,
  type Ranker,
  formatInterval as range,
  type Scores,
} from './lib/metrics.ts';
import { readEvalArgs } from './lib/read-eval-args.ts';
import { loadRewordings, scoreRewordings } from './lib/rewordings.ts';

const { showHoldout, file } = readEvalArgs(
  [
    'usage: npm run eval:match -- [--no-holdout] [FILE.json]',
    '  --no-holdout   tune and dev sets only: what matcher work looks at',
    '  FILE.json      score one other judgments file (same shape as eval/*.json) instead',
    'Without --no-holdout every set runs, holdout and its ablation included: a holdout look.',
  ].join('\n'),
  { allowFile: true },
);

const shippedCorpora = ['seeds/daily-papers-mar-11.txt', ...listCorpus('eval/corpus-2')];

interface Bench {
  set: EvalSet;
  archive: ReturnType<typeof readCorpus>;
}

function withArchive(set: EvalSet): Bench {
  const own = new Set(set.papers.map((paper) => normalizeTitle(paper.title)));
  const archive = readCorpus(shippedCorpora).filter((paper) => !own.has(normalizeTitle(paper.title)));
  return { set, archive };
}

function buildBenches(): Bench[] {
  if (file) {
    const { papers, bySplit } = loadJudgments(file);
    return [...bySplit].map(([split, topics]) => withArchive({ name: `${file} ${split}`, papers, topics }));
  }
  const dev = loadJudgments('eval/dev-relevance.json');
  const other = loadJudgments('eval/other-days-relevance.json');
  const sets: EvalSet[] = [
    { name: 'dev, sample digest', papers: dev.papers, topics: dev.bySplit.get('all') ?? [] },
    { name: 'dev, other days', papers: other.papers, topics: other.bySplit.get('dev') ?? [] },
    { name: 'tune', papers: other.papers, topics: other.bySplit.get('tune') ?? [] },
  ];
  // New profiles on the sample digest, judged later: tuned on like `tune`.
  const fresh = loadJudgments('eval/sample-new-relevance.json');
  sets.splice(1, 0, {
    name: 'new profiles, sample digest',
    papers: fresh.papers,
    topics: fresh.bySplit.get('all') ?? [],
  });
  // New profiles on the other days and on the sample digest, written and judged after the rest
  // (see each file's `use`).
  const second = loadJudgments('eval/tune-2-relevance.json');
  sets.push({ name: 'tune 2', papers: second.papers, topics: second.bySplit.get('tune-2') ?? [] });
  const third = loadJudgments('eval/tune-3-relevance.json');
  sets.push({ name: 'tune 3', papers: third.papers, topics: third.bySplit.get('tune-3') ?? [] });
  const fourth = loadJudgments('eval/tune-4-relevance.json');
  sets.push({ name: 'tune 4', papers: fourth.papers, topics: fourth.bySplit.get('tune-4') ?? [] });
  const fifth = loadJudgments('eval/tune-5-relevance.json');
  sets.push({ name: 'tune 5', papers: fifth.papers, topics: fifth.bySplit.get('tune-5') ?? [] });
  const seventh = loadJudgments('eval/tune-7-relevance.json');
  sets.push({ name: 'tune 7', papers: seventh.papers, topics: seventh.bySplit.get('tune-7') ?? [] });
  const eighth = loadJudgments('eval/tune-8-relevance.json');
  sets.push({ name: 'tune 8', papers: eighth.papers, topics: eighth.bySplit.get('tune-8') ?? [] });
  if (showHoldout)
    sets.push({ name: 'holdout', papers: other.papers, topics: other.bySplit.get('holdout') ?? [] });
  return sets.map(withArchive);
}

const benches = buildBenches();
// One matcher (one paper index) per set, for the side-by-side figures and the reworded profiles.
const matchers = new Map(benches.map((b) => [b, createMatcherRanker(b.set.papers, b.archive)] as const));
const rankers: [string, (bench: Bench) => Ranker][] = [
  ['keyword substring', (b) => createKeywordRanker(b.set.papers)],
  ['plain BM25', (b) => createBm25Ranker(b.set.papers)],
  ['paperboy matcher', (b) => matchers.get(b) as Ranker],
];

const f3 = (value: number): string => value.toFixed(3);
const results = new Map<string, Scores[]>();
for (const [name, make] of rankers)
  results.set(
    name,
    benches.map((b) => evaluate(b.set.topics, make(b))),
  );

for (const bench of benches) {
  const empty = bench.set.topics.filter((t) => ![...t.grades.values()].some((g) => g >= 1)).length;
  console.log(
    `${bench.set.name}: ${bench.set.topics.length} profiles (${empty} with no relevant paper) × ${bench.set.papers.length} papers; archive ${bench.archive.length} papers`,
  );
}
console.log('\n## nDCG@10 / selection F1, side by side\n');
console.log(`| ranker | ${benches.map((b) => b.set.name).join(' | ')} |`);
console.log(`|---|${benches.map(() => '---').join('|')}|`);
for (const [name, scores] of results) {
  console.log(`| ${name} | ${scores.map((s) => `${f3(s.ndcg10)} / ${f3(s.f1)}`).join(' | ')} |`);
}
const matcher = results.get('paperboy matcher') ?? [];
const tuneAt = benches.findIndex((b) => b.set.name === 'tune');
const holdoutAt = benches.findIndex((b) => b.set.name === 'holdout');
if (tuneAt >= 0 && holdoutAt >= 0) {
  const tune = matcher[tuneAt] as Scores;
  const holdout = matcher[holdoutAt] as Scores;
  const gap = bootstrapIntervals(tune.perTopic, { minus: holdout.perTopic });
  console.log(
    `\ntune − holdout gap (matcher): nDCG@10 ${f3(tune.ndcg10 - holdout.ndcg10)} ${range(gap.ndcg10)}, F1 ${f3(tune.f1 - holdout.f1)} ${range(gap.f1)} (90% bootstrap intervals over profiles)`,
  );
}

console.log("\n## How much the matcher's figures move with the choice of profiles\n");
console.log(
  "A percentile bootstrap over each set's profiles (2,000 resamples, seeded): the 90% interval of\nnDCG@10 and of selection F1. Differences inside these intervals can be the profiles, not the matcher.\n",
);
console.log('| set | profiles | nDCG@10 | 90% interval | F1 | 90% interval |\n|---|---|---|---|---|---|');
benches.forEach((bench, i) => {
  const s = matcher[i] as Scores;
  const interval = bootstrapIntervals(s.perTopic);
  console.log(
    `| ${bench.set.name} | ${bench.set.topics.length} | ${f3(s.ndcg10)} | ${range(interval.ndcg10)} | ${f3(s.f1)} | ${range(interval.f1)} |`,
  );
});

console.log('\n## Details (P@5, selection precision and recall)\n');
console.log('| set | ranker | nDCG@10 | P@5 | sel. P | sel. R | sel. F1 |\n|---|---|---|---|---|---|---|');
benches.forEach((bench, i) => {
  for (const [name, scores] of results) {
    const s = scores[i] as Scores;
    console.log(
      `| ${bench.set.name} | ${name} | ${f3(s.ndcg10)} | ${f3(s.p5)} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.f1)} |`,
    );
  }
});

if (!file) {
  console.log('\n## Reworded profiles (tune 6): the same interest in other words\n');
  console.log(
    "Each tune and dev profile typed two other ways (eval/tune-6), judged by its original's grades.\n",
  );
  console.log(
    '| set | original | rewording A | rewording B | same selection (Jaccard) |\n|---|---|---|---|---|',
  );
  const rewordings = loadRewordings();
  let sum = 0;
  let sets = 0;
  for (const bench of benches) {
    const scores = scoreRewordings(bench.set, matchers.get(bench) as Ranker, rewordings);
    if (!scores) continue;
    sum += scores.sameSelection;
    sets++;
    console.log(
      `| ${bench.set.name} | ${f3(scores.original.ndcg10)} / ${f3(scores.original.f1)} | ${scores.reworded.map((s) => `${f3(s.ndcg10)} / ${f3(s.f1)}`).join(' | ')} | ${f3(scores.sameSelection)} |`,
    );
  }
  console.log(`\nMean same selection over the ${sets} sets: ${f3(sum / sets)}`);
}

const ablationBench = benches[holdoutAt >= 0 ? holdoutAt : Math.max(tuneAt, 0)] as Bench;
console.log(`\n## Ablation on ${ablationBench.set.name} (one component removed at a time)\n`);
console.log('| matcher | nDCG@10 | P@5 | sel. P | sel. R | sel. F1 |\n|---|---|---|---|---|---|');
for (const [name, make] of ablations) {
  const s = evaluate(ablationBench.set.topics, make(ablationBench.set.papers, ablationBench.archive));
  console.log(
    `| ${name} | ${f3(s.ndcg10)} | ${f3(s.p5)} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.f1)} |`,
  );
}
