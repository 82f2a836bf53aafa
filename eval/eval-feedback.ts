/**
 * Does reader feedback help? For every profile judged on two days:
 *   1. match day 1 from topics alone;
 *   2. a simulated reader rates every selected paper: up if its grade is ≥ 1, down otherwise;
 *   3. match day 2 with those ratings, and also from "2 example papers only" (the two best-graded
 *      day-1 papers, no topics).
 * Prints day-2 nDCG@10 and selection F1 without feedback, with feedback and from examples only,
 * side by side, and the worst per-profile change. Run with `npm run eval:feedback`
 * (`-- --no-holdout` leaves the holdout split out).
 *
 * Days: the shipped dev profiles are judged on the sample digest (day 1) and on eval/corpus-2
 * (day 2); the tune and holdout profiles on the first four days of eval/corpus-2 (day 1) and the
 * last four (day 2).
 */
import type { Paper } from '../src/digest/paper.ts';
import {
  buildPaperIndex,
  countTerms,
  matchPapers,
  type PaperIndex,
  Profile,
  parseTopics,
  type Ratings,
} from '../src/match/index.ts';
import { type JudgedTopic, listCorpus, loadJudgments, normalizeTitle, readCorpus } from './lib/eval-sets.ts';
import {
  bootstrapIntervals,
  evaluate,
  type RunResult,
  formatInterval as range,
  type Scores,
} from './lib/metrics.ts';
import { readEvalArgs } from './lib/read-eval-args.ts';

const { showHoldout } = readEvalArgs(
  [
    'usage: npm run eval:feedback -- [--no-holdout]',
    '  --no-holdout   leave the holdout profiles out (without it, a holdout look)',
  ].join('\n'),
);

interface Day {
  papers: Paper[];
  index: PaperIndex;
}

function day(papers: Paper[], archive: Paper[]): Day {
  return { papers, index: buildPaperIndex(papers, { archive: countTerms(archive) }) };
}

/** The grades of one profile restricted to the papers of one day. */
function onDay(topic: JudgedTopic, papers: Paper[]): JudgedTopic {
  const titles = new Set(papers.map((p) => normalizeTitle(p.title)));
  return { ...topic, grades: new Map([...topic.grades].filter(([title]) => titles.has(title))) };
}

function run(d: Day, profile: Profile, ratings?: Ratings): RunResult {
  const ranked = matchPapers(d.index, profile, undefined, ratings);
  return {
    ranked: ranked.map((r) => r.paper.title),
    selected: new Set(ranked.filter((r) => r.selected).map((r) => r.paper.title)),
  };
}

interface Case {
  day1: JudgedTopic;
  day2: JudgedTopic;
}

function simulate(name: string, cases: Case[], d1: Day, d2: Day): void {
  const byTitle = new Map(d1.papers.map((p) => [normalizeTitle(p.title), p]));
  const ratings = new Map<string, Ratings>();
  const examples = new Map<string, Ratings>();
  let rated = 0;
  for (const { day1 } of cases) {
    const first = run(d1, Profile.parse({ topics: parseTopics(day1.profile) }));
    const liked: Paper[] = [];
    const disliked: Paper[] = [];
    for (const title of first.selected) {
      const paper = byTitle.get(normalizeTitle(title));
      if (!paper) continue;
      ((day1.grades.get(normalizeTitle(title)) ?? 0) >= 1 ? liked : disliked).push(paper);
    }
    if (liked.length + disliked.length > 0) rated++;
    ratings.set(day1.profile, { liked, disliked });
    const best = [...day1.grades]
      .filter(([, grade]) => grade >= 1)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 2)
      .flatMap(([title]) => byTitle.get(title) ?? []);
    if (best.length > 0) examples.set(day1.profile, { liked: best, disliked: [] });
  }
  const day2 = cases.map((c) => c.day2);
  const withExamples = day2.filter((t) => examples.has(t.profile));
  const profileOf = (t: JudgedTopic) => Profile.parse({ topics: parseTopics(t.profile) });
  const none = evaluate(day2, (t) => run(d2, profileOf(t)));
  const feedback = evaluate(day2, (t) => run(d2, profileOf(t), ratings.get(t.profile)));
  const noneOnExamples = evaluate(withExamples, (t) => run(d2, profileOf(t)));
  const examplesOnly = evaluate(withExamples, (t) =>
    run(d2, Profile.parse({ topics: [], likes: ['example'] }), examples.get(t.profile)),
  );
  const worst = (a: Scores, b: Scores, key: 'ndcg10' | 'f1') =>
    Math.min(...b.perTopic.map((p, i) => p[key] - (a.perTopic[i]?.[key] ?? 0)));
  const f = (v: number) => v.toFixed(3);
  if (process.env.EVAL_DEBUG)
    feedback.perTopic.forEach((p, i) => {
      const before = none.perTopic[i];
      if (before && (p.ndcg10 !== before.ndcg10 || p.f1 !== before.f1))
        console.error(
          `${name} ${p.id}: nDCG ${f(before.ndcg10)} → ${f(p.ndcg10)}, F1 ${f(before.f1)} → ${f(p.f1)}`,
        );
    });
  const change = bootstrapIntervals(feedback.perTopic, { minus: none.perTopic, paired: true });
  console.log(
    `| ${name} | ${cases.length} (${rated} rated on day 1) | ${f(none.ndcg10)} / ${f(none.f1)} | ${f(feedback.ndcg10)} / ${f(feedback.f1)} | ${f(feedback.ndcg10 - none.ndcg10)} ${range(change.ndcg10)} / ${f(feedback.f1 - none.f1)} ${range(change.f1)} | ${f(worst(none, feedback, 'ndcg10'))} / ${f(worst(none, feedback, 'f1'))} | ${withExamples.length}: ${f(noneOnExamples.ndcg10)} / ${f(noneOnExamples.f1)} → ${f(examplesOnly.ndcg10)} / ${f(examplesOnly.f1)} |`,
  );
}

const dev = loadJudgments('eval/dev-relevance.json');
const other = loadJudgments('eval/other-days-relevance.json');
const corpus2 = listCorpus('eval/corpus-2');
const firstDays = readCorpus(corpus2.slice(0, 4));
const lastDays = readCorpus(corpus2.slice(4));
const sample = readCorpus(['seeds/daily-papers-mar-11.txt']);

console.log('Day-2 nDCG@10 / selection F1 with reader feedback from day 1\n');
console.log(
  '| set | profiles | no feedback | with feedback | change [90% paired bootstrap interval] | worst profile change | examples only (profiles with a relevant day-1 paper: topics alone → 2 examples, no topics) |',
);
console.log('|---|---|---|---|---|---|---|');

const devOther = new Map((other.bySplit.get('dev') ?? []).map((t) => [t.profile, t]));
const devCases = (dev.bySplit.get('all') ?? []).flatMap((t) => {
  const second = devOther.get(t.profile);
  return second ? [{ day1: t, day2: second }] : [];
});
simulate('dev profiles (sample digest → corpus-2)', devCases, day(dev.papers, []), day(other.papers, sample));

const d1 = day(firstDays, sample);
const d2 = day(lastDays, [...sample, ...firstDays]);
for (const split of showHoldout ? ['tune', 'holdout'] : ['tune']) {
  const cases = (other.bySplit.get(split) ?? []).map((t) => ({
    day1: onDay(t, firstDays),
    day2: onDay(t, lastDays),
  }));
  simulate(`${split} (corpus-2 days 1–4 → 5–8)`, cases, d1, d2);
}
// The later tuning sets graded the same eight days: their profiles get a first and a second day too.
for (const [name, file, split] of [
  ['tune 2', 'eval/tune-2-relevance.json', 'tune-2'],
  ['tune 4', 'eval/tune-4-relevance.json', 'tune-4'],
  ['tune 8', 'eval/tune-8-relevance.json', 'tune-8'],
] as const) {
  const cases = (loadJudgments(file).bySplit.get(split) ?? []).map((t) => ({
    day1: onDay(t, firstDays),
    day2: onDay(t, lastDays),
  }));
  simulate(`${name} (corpus-2 days 1–4 → 5–8)`, cases, d1, d2);
}
console.log(
  '\nTarget: feedback raises day-2 nDCG@10 and F1 by ≥ 0.05 on average; no profile drops by more than 0.05.',
);
