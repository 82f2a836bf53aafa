/**
 * npm run bench:ingest — ingest 100 generated digests of 1,000 papers each into a fresh SQLite
 * database, the way `paperboy ingest` does (read, hash, parse, store). Prints papers/s and peak RSS.
 * BENCH_DIGESTS / BENCH_PAPERS override the sizes; BENCH_PARSE=main parses on the main thread
 * instead of the parser thread, for comparison.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDigest } from '../src/digest/index.ts';
import { type DigestParser, ingestDigestFile, listDigestFiles } from '../src/ingest/index.ts';
import { openStore } from '../src/store/index.ts';

const digests = Number(process.env.BENCH_DIGESTS ?? 100);
const perDigest = Number(process.env.BENCH_PAPERS ?? 1000);
const sample = readFileSync(join(import.meta.dirname, '..', 'seeds', 'daily-papers-mar-11.txt'), 'utf8');
const blocks = sample.split(/\n\s*\n/).slice(5);
const titles = blocks.filter((_, i) => i % 2 === 0);
const abstracts = blocks.filter((_, i) => i % 2 === 1);

const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-ingest-'));
const digestDir = join(dir, 'digests');
mkdirSync(digestDir);
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
for (let d = 0; d < digests; d++) {
  const date = new Date(Date.UTC(2025, 0, 1 + d));
  const parts = [`new\n\nSubscribe\n\n${months[date.getUTCMonth()]} ${date.getUTCDate()}\n`];
  for (let p = 0; p < perDigest; p++) {
    const n = d * perDigest + p;
    // Unique titles (a serial number) over real abstracts: realistic lengths, no cross-digest duplicates.
    parts.push(`${titles[n % titles.length]} (${n})\n\n${abstracts[(n * 7) % abstracts.length]}\n`);
  }
  writeFileSync(join(digestDir, `${date.toISOString().slice(0, 10)}-daily.txt`), parts.join('\n'));
}

const parseOnMainThread: DigestParser = async (input) => parseDigest(input);
const options = process.env.BENCH_PARSE === 'main' ? { parse: parseOnMainThread } : {};
const store = await openStore(join(dir, 'bench.db'));
const { files } = await listDigestFiles([digestDir]);
let peakRss = process.memoryUsage().rss;
let papers = 0;
const started = performance.now();
for (const file of files) {
  const result = await ingestDigestFile(store, file, new Date(), options);
  if (result.status !== 'ok') throw new Error(`${file}: ${result.error}`);
  papers += result.papers;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const seconds = (performance.now() - started) / 1000;
await store.close();
rmSync(dir, { recursive: true, force: true });

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `ingested ${files.length} digests, ${papers.toLocaleString('en-US')} papers into SQLite in ${seconds.toFixed(2)} s`,
);
console.log(`parsed in    ${process.env.BENCH_PARSE === 'main' ? 'the main thread' : 'the parser thread'}`);
console.log(`throughput   ${Math.round(papers / seconds).toLocaleString('en-US')} papers/s`);
console.log(`peak RSS     ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))}`);
