/**
 * Matcher throughput: 100,000 subscriber profiles × 1,000 papers, as one send run
 * would do it (index built once, `createMatcher` caching topics and profiles).
 * Run with `npm run bench:match`; prints wall time, profiles/s and peak RSS, for three cases:
 * topics only; the same list where 10% of the profiles carry 20 ratings each (14 liked and 6
 * disliked papers from an archive); and, as the naive reference, `matchPapers` per profile with no
 * cache on a slice of the list, extrapolated.
 *
 * Papers are generated deterministically by recombining the sample digest's titles
 * and abstract sentences; profiles draw from a Zipf-like pool of topics, so popular
 * topics repeat the way they do on real lists.
 */
import { readFileSync } from 'node:fs';
import { parseDigest } from '../src/digest/index.ts';
import type { Paper } from '../src/digest/paper.ts';
import {
  buildPaperIndex,
  countTerms,
  createMatcher,
  defaultMaxPapers,
  listCanonicalTopics,
  matchPapers,
  Profile,
  type Ratings,
} from '../src/match/index.ts';
import { createRandom } from '../test/helpers/create-random.ts';
import { formatLoad } from './lib/bench-helpers.ts';

const paperCount = Number(process.env.BENCH_PAPERS ?? 1_000);
const profileCount = Number(process.env.BENCH_PROFILES ?? 100_000);

const random = createRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
/** Skewed toward the front of the list: a few topics are very popular. */
const pickPopular = <T>(items: readonly T[]): T => items[Math.floor(items.length * random() ** 3)] as T;

const sampleUrl = new URL('../seeds/daily-papers-mar-11.txt', import.meta.url);
const sample = parseDigest({
  text: readFileSync(sampleUrl, 'utf8'),
  fileName: 'daily-papers-mar-11.txt',
  now: new Date(),
}).papers;
const sentences = sample.flatMap((paper) => paper.abstract.split(/(?<=[.!?])\s+/));
const titleParts = sample.flatMap((paper) => paper.title.split(/:\s+/));

function generatePapers(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const title = `${pick(titleParts)}: ${pick(titleParts)}`;
    const abstract = Array.from({ length: 6 + Math.floor(random() * 6) }, () => pick(sentences)).join(' ');
    return { id: `bench:${i}`, title, abstract, authors: [], categories: [] };
  });
}

const freeTextTopics = [
  'LLM alignment',
  'neural scaling',
  'robust classifiers',
  'coin flips',
  'molecule generation',
  'preference data',
  'causal structure discovery',
  'test-time compute',
  'synthetic data for LLMs',
  'reward model overoptimization',
];
const topicPool = [...freeTextTopics, ...listCanonicalTopics()].sort(() => random() - 0.5);
const breadths = ['focused', 'balanced', 'balanced', 'balanced', 'broad'] as const;

function generateProfiles(count: number): Profile[] {
  return Array.from({ length: count }, () => {
    const topics = new Set<string>();
    const wanted = 1 + Math.floor(random() ** 2 * 5);
    while (topics.size < wanted) topics.add(pickPopular(topicPool));
    return Profile.parse({
      topics: [...topics],
      exclude: random() < 0.1 ? [pickPopular(topicPool)] : [],
      // Most readers keep the default (`defaultMaxPapers`, 20); some ask for fewer.
      maxPapers: pick([5, 10, defaultMaxPapers, defaultMaxPapers, defaultMaxPapers]),
      breadth: pick(breadths),
    });
  });
}

const papers = generatePapers(paperCount);
const archive = generatePapers(2_000);
const profiles = generateProfiles(profileCount);
/** 10% of the profiles rated 20 archive papers: 14 up, 6 down. */
const ratings = profiles.map((_, i): Ratings | undefined =>
  i % 10 === 0
    ? {
        liked: Array.from({ length: 14 }, () => pick(archive)),
        disliked: Array.from({ length: 6 }, () => pick(archive)),
      }
    : undefined,
);

interface Run {
  seconds: number;
  cpuSeconds: number;
  selected: number;
  stats: ReturnType<ReturnType<typeof createMatcher>['stats']>;
  indexMs: number;
}

function runMatcher(withRatings: boolean): Run {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const index = buildPaperIndex(papers, { archive: countTerms(archive) });
  const indexed = performance.now();
  const matcher = createMatcher(index);
  let selected = 0;
  profiles.forEach((profile, i) => {
    const rated = withRatings ? ratings[i] : undefined;
    const withIds = rated ? { ...profile, likes: [`liked:${i}`], dislikes: [`disliked:${i}`] } : profile;
    selected += matcher.selectPapers(withIds, rated).length;
  });
  const cpu = process.cpuUsage(cpuStart);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    selected,
    stats: matcher.stats(),
    indexMs: indexed - started,
  };
}

function report(name: string, run: Run): void {
  console.log(`\n${name}`);
  console.log(
    `  profiles:        ${profiles.length} (${run.stats.profiles} distinct, ${run.stats.topics} distinct topics)`,
  );
  console.log(
    `  index build:     ${run.indexMs.toFixed(0)} ms (${papers.length} papers, archive of ${archive.length})`,
  );
  console.log(`  wall time:       ${run.seconds.toFixed(2)} s (index + matching; target < 10 s)`);
  console.log(
    `  CPU time:        ${run.cpuSeconds.toFixed(2)} s (wall time includes waiting for a busy CPU)`,
  );
  console.log(`  profiles/s:      ${Math.round(profiles.length / run.seconds).toLocaleString('en')}`);
  console.log(
    `  papers selected: ${run.selected} (${(run.selected / profiles.length).toFixed(2)} per profile)`,
  );
}

// BENCH_CASE=plain|rated runs one case, so that its peak RSS is its own.
const only = process.env.BENCH_CASE;
let reference: Run | undefined;
if (only !== 'rated') {
  reference = runMatcher(false);
  report('topics only', reference);
}
if (only !== 'plain') {
  const rated = runMatcher(true);
  report('10% of profiles with 20 ratings each', rated);
  reference ??= rated;
}

// The naive way: every profile ranked from scratch, nothing shared between profiles.
const naiveCount = Math.min(Number(process.env.BENCH_NAIVE ?? 2_000), profiles.length);
const naiveIndex = buildPaperIndex(papers, { archive: countTerms(archive) });
const naiveStart = performance.now();
for (const profile of profiles.slice(0, naiveCount)) matchPapers(naiveIndex, profile);
const naivePerProfile = (performance.now() - naiveStart) / 1000 / naiveCount;
console.log(
  `\nnaive matchPapers per profile (no cache), ${naiveCount} profiles: ${(naivePerProfile * 1000).toFixed(2)} ms each, ≈ ${(naivePerProfile * profiles.length).toFixed(0)} s for ${profiles.length.toLocaleString('en')} (${((naivePerProfile * profiles.length) / (reference?.seconds ?? 1)).toFixed(0)}× the cached matcher)`,
);
console.log(
  `peak RSS:          ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 1 GB; BENCH_CASE=plain|rated measures one case alone)`,
);
console.log(`load average:      ${formatLoad()} (other work on the machine slows the wall time)`);
