/**
 * CLI start-up: wall time, CPU and peak RSS of everyday commands, each beside `node -e 0` measured in
 * the same run (median of 5), and how soon `paperboy start` answers /healthz. Run `npm run build`
 * first (npm ci does): this measures the shipped bin/paperboy.js → dist/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../test/helpers/free-port.ts';
import { formatLoad } from './lib/bench-helpers.ts';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'paperboy.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-cli-'));
const usageFile = join(dir, 'usage.json');
// Written by the child itself on exit: its own CPU time and peak RSS, with no external `time` tool.
const preload = join(dir, 'usage.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, rssMb: u.maxRSS / 1024 })); });`,
);
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATABASE_URL: join(dir, 'paperboy.db'),
  DIGESTS_DIR: join(root, 'seeds'),
};

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function runOnce(args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', preload, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Omit<Sample, 'wallMs'>;
      resolve({ wallMs, ...usage });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function measure(args: string[]): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(args));
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
  };
}

/** Launch to the first 200 from /healthz, for `node bin/paperboy.js start` as `npm start` runs it. */
async function measureStart(): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd: root,
    env: { ...env, PORT: String(port), DEVMAIL_PORT: '0', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      if (performance.now() - started > 30_000) throw new Error('paperboy start did not listen within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

await runOnce([bin, 'ingest', '--quiet']);
const baseline = await measure(['-e', '0']);
const cases: [string, string[]][] = [
  ['--help', ['--help']],
  ['status', ['status']],
  ['papers', ['papers']],
  ['match (sample digest)', ['match', '--topics', 'diffusion models, conformal prediction']],
];
console.log(`CLI start-up, median of ${runs} runs, load average ${formatLoad()}\n`);
console.log('| command | wall ms | CPU ms | peak RSS MB | wall ÷ node -e 0 |');
console.log('|---|---|---|---|---|');
const row = (name: string, s: Sample) =>
  console.log(
    `| ${name} | ${s.wallMs.toFixed(0)} | ${s.cpuMs.toFixed(0)} | ${s.rssMb.toFixed(0)} | ${(s.wallMs / baseline.wallMs).toFixed(1)}× |`,
  );
row('node -e 0', baseline);
for (const [name, args] of cases) row(`paperboy ${name}`, await measure([bin, ...args]));
const starts: number[] = [];
for (let i = 0; i < runs; i++) starts.push(await measureStart());
console.log(`\npaperboy start → /healthz answers: median ${median(starts).toFixed(0)} ms (target < 2000 ms)`);
console.log('targets: --help < 250 ms and < 70 MB; status < 500 ms');
rmSync(dir, { recursive: true, force: true });
