/**
 * npm run bench:ingest-hostile — hostile digest input (issue 19).
 *
 * 1. Each adversarial digest (test/helpers/hostile-digests.ts) at 250 KB and 1 MB through
 *    parseDigest: the time, and the ratio between the sizes (about 4 for linear work, 16 for
 *    quadratic). Beside it, the arXiv id pattern this replaced, on 10 and 20 KB of "a-a-a-…".
 * 2. Event-loop delay while a large digest (BENCH_PAPERS papers, default 30,000, about 24 MB of
 *    JSON) is parsed on the main thread versus in the parser thread, as a web request waiting for
 *    its turn would feel it (a 5 ms timer and perf_hooks.monitorEventLoopDelay), and the same for a
 *    whole `ingestDigestFile` into SQLite, whose writes (one transaction) stay on the main thread.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseDigest } from '../src/digest/index.ts';
import { createOffThreadParser, type DigestParser, ingestDigestFile } from '../src/ingest/index.ts';
import { openStore } from '../src/store/index.ts';
import { adversarialDigests } from '../test/helpers/hostile-digests.ts';

const now = new Date();
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function time(fn: () => unknown): number {
  const started = performance.now();
  try {
    fn();
  } catch {
    // An AppError is a fine outcome here: only the time counts.
  }
  return performance.now() - started;
}

console.log('1. adversarial digests through parseDigest (main thread)');
const small = adversarialDigests(250_000);
const large = adversarialDigests(1_000_000);
for (const text of Object.values(small)) time(() => parseDigest({ text, fileName: 'warm-up', now }));
let worst = 0;
for (const name of Object.keys(large)) {
  const a = time(() => parseDigest({ text: small[name] as string, fileName: 'hostile', now }));
  const b = time(() => parseDigest({ text: large[name] as string, fileName: 'hostile', now }));
  worst = Math.max(worst, b);
  console.log(
    `   ${name.padEnd(38)} 250 KB ${ms(a).padStart(7)}   1 MB ${ms(b).padStart(7)}   ×${(b / Math.max(a, 0.1)).toFixed(1)}`,
  );
}
console.log(`   slowest 1 MB input: ${ms(worst)}`);

// The pattern extractArxivId used before: an unbounded `[a-z-]+` tried at every position.
const oldStyle = /\b([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\b/;
const oldA = time(() => oldStyle.exec('a-'.repeat(5_000)));
const oldB = time(() => oldStyle.exec('a-'.repeat(10_000)));
console.log(
  `   reference: the old arXiv id pattern alone, 10 KB ${ms(oldA)}, 20 KB ${ms(oldB)} (×${(oldB / oldA).toFixed(1)}; 1 MB would take about ${Math.round((oldB * 2500) / 60_000)} min)`,
);

console.log('\n2. event-loop delay while a large digest is parsed and ingested');
const papers = Number(process.env.BENCH_PAPERS ?? 30_000);
const abstract =
  'We study conformal prediction with finite-sample coverage guarantees for deep classifiers under distribution shift, and report results on six benchmarks. '.repeat(
    4,
  );
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-hostile-'));
const file = join(dir, 'big.json');
writeFileSync(
  file,
  JSON.stringify(
    Array.from({ length: papers }, (_, i) => ({
      title: `Paper number ${i} on conformal prediction`,
      abstract,
      authors: ['Ada Lovelace', 'Alan Turing'],
      url: `https://arxiv.org/abs/2403.${String(i).padStart(5, '0')}`,
      publishedAt: '2025-03-10T10:00:00Z',
    })),
  ),
);
const sizeMb = statSync(file).size / 1e6;

/**
 * Runs `work` while a 5 ms timer plays a web request waiting for its turn: the longest gap between
 * two of its ticks beyond 5 ms is the longest a request would have waited.
 */
async function measure(
  label: string,
  work: () => Promise<unknown>,
): Promise<{ max: number; p99: number; wall: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const gaps: number[] = [];
  let last = performance.now();
  const probe = setInterval(() => {
    const at = performance.now();
    gaps.push(Math.max(0, at - last - 5));
    last = at;
  }, 5);
  histogram.enable();
  const started = performance.now();
  await work();
  const wall = performance.now() - started;
  // Let the probe and the histogram see the end of a stall before they stop.
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(probe);
  histogram.disable();
  gaps.sort((a, b) => a - b);
  const result = {
    max: Math.max(gaps.at(-1) ?? 0, histogram.max / 1e6),
    p99: gaps[Math.floor(gaps.length * 0.99)] ?? 0,
    wall,
  };
  console.log(
    `   ${label.padEnd(52)} wall ${ms(result.wall).padStart(8)}   longest wait ${ms(result.max).padStart(8)}  p99 ${ms(result.p99).padStart(8)}`,
  );
  return result;
}

const inThread: DigestParser = async (input) => parseDigest(input);
const thread = createOffThreadParser();
const readBytes = () => readFileSync(file);
// Start the thread first, so its start-up is not counted against a parse.
await thread.parse({ text: '[{"title":"warm","abstract":"up"}]', fileName: 'warm.json', now });

console.log(`   digest: ${papers.toLocaleString('en-US')} papers, ${sizeMb.toFixed(1)} MB of JSON`);
const main = await measure('parse on the main thread', () =>
  inThread({ bytes: readBytes(), fileName: file, now }),
);
const off = await measure('parse in the parser thread', () =>
  thread.parse({ bytes: readBytes(), fileName: file, now }),
);
console.log(
  `   longest wait of a request during the parse: main thread ${ms(main.max)}, parser thread ${ms(off.max)} (×${(main.max / Math.max(off.max, 0.1)).toFixed(1)}); what remains is copying the parsed papers back`,
);

for (const [label, parse] of [
  ['ingestDigestFile, parse on the main thread', inThread],
  ['ingestDigestFile, parse in the parser thread', thread.parse],
] as const) {
  const store = await openStore(join(dir, `${label.length}.db`));
  await measure(label, () => ingestDigestFile(store, file, now, { parse }));
  await store.close();
}
const hostile = join(dir, 'hostile.json');
writeFileSync(hostile, large['JSON url "a-a-a-…"'] as string);
{
  const store = await openStore(join(dir, 'hostile.db'));
  await measure('ingestDigestFile, 1 MB "a-a-a-…" URL, parser thread', () =>
    ingestDigestFile(store, hostile, now),
  );
  await store.close();
}
await thread.close();
rmSync(dir, { recursive: true, force: true });
