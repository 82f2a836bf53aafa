/**
 * Matcher throughput: 100,000 subscriber profiles × 1,000 papers, as one send run
 * would do it (index built once, `createMatcher` caching topics and profiles).
 * Run with `npm run bench:match`; prints wall time, profiles/s and peak RSS.
 *
 * Papers are generated deterministically by recombining the sample digest's titles
 * and abstract sentences; profiles draw from a Zipf-like pool of topics, so popular
 * topics repeat the way they do on real lists.
 */
import { readFileSync } from 'node:fs';
import { parseDigest } from '../src/digest/index.ts';
import type { Paper } from '../src/digest/paper.ts';
import { buildPaperIndex, createMatcher, listCanonicalTopics, Profile } from '../src/match/index.ts';

const paperCount = Number(process.env.BENCH_PAPERS ?? 1_000);
const profileCount = Number(process.env.BENCH_PROFILES ?? 100_000);

/** Small deterministic PRNG (mulberry32), so every run matches the same work. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
      maxPapers: pick([5, 10, 10, 10, 20]),
      breadth: pick(breadths),
    });
  });
}

const papers = generatePapers(paperCount);
const profiles = generateProfiles(profileCount);

const cpuStart = process.cpuUsage();
const started = performance.now();
const index = buildPaperIndex(papers);
const indexed = performance.now();
const matcher = createMatcher(index);
let selected = 0;
for (const profile of profiles) selected += matcher.selectPapers(profile).length;
const finished = performance.now();

const cpu = process.cpuUsage(cpuStart);
const stats = matcher.stats();
const seconds = (finished - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(`papers:            ${papers.length}`);
console.log(
  `profiles:          ${profiles.length} (${stats.profiles} distinct, ${stats.topics} distinct topics)`,
);
console.log(`index build:       ${(indexed - started).toFixed(0)} ms`);
console.log(`wall time:         ${seconds.toFixed(2)} s (index + matching)`);
console.log(
  `CPU time:          ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (wall time above includes waiting for a busy CPU)`,
);
console.log(`profiles/s:        ${Math.round(profiles.length / seconds).toLocaleString('en')}`);
console.log(`papers selected:   ${selected} (${(selected / profiles.length).toFixed(2)} per profile)`);
console.log(`peak RSS:          ${peakRssMb.toFixed(0)} MB`);
