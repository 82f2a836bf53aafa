/**
 * npm run bench:send — personalized issues through the whole engine (ledger, render, MIME, SMTP) to
 * a local SMTP sink, with the web app served by the same process, as in `npm start`. Prints:
 * - the engine's msg/s and its ratio to postfix's `smtp-source` (5 connections, 50 KB messages)
 *   against the same sink in the same run, when postfix is at hand;
 * - how long freezing the edition took, the event-loop delay (max, p99) during freeze and send,
 *   and the p99 of GET /healthz and GET / asked by another process meanwhile;
 * - peak RSS per list size (each size runs in a fresh process);
 * - the machine's load average, since other work on the machine moves every figure.
 *
 * Postfix is optional. It is found at SMTP_SINK (path to smtp-sink; smtp-source beside it), else
 * unpacked under /tmp/pf (`apt-get download postfix && dpkg -x postfix_*.deb /tmp/pf`), else on
 * PATH. Without it the sink is an in-process smtp-server, which shares the CPU and lowers every
 * figure, and the reference is a plain nodemailer loop instead.
 *
 * BENCH_ENGINE_FLAGS passes Node flags to the measured process only (e.g. `--max-old-space-size=110`).
 * BENCH_SIZES=1000,10000,100000 picks the list sizes (default 10000). BENCH_THREADS sets
 * RENDER_THREADS (default: the engine's own). The measured process is bench/send-engine.js, which
 * runs dist/ (built first) with plain Node like `npm start`, so tsx adds nothing to its memory.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { SmtpMailer } from '../src/mail/index.ts';
import {
  editionDate,
  seedSubscribers,
  startSmtpSink,
  testConfigEnv,
} from '../test/delivery/delivery-harness.ts';
import { createTestDatabase } from '../test/helpers/test-store.ts';
import { formatLoad, sendPlainLoop } from './lib/bench-helpers.ts';

const poolSize = 5;
const messageBytes = 51_200;

interface EngineReport {
  sent: number;
  failed: number;
  rate: number;
  freezeMs: number;
  freezeLoopMaxMs: number;
  sendLoopMaxMs: number;
  loopP99Ms: number;
  rssBeforeMb: number;
  peakRssMb: number;
  /** Highest V8 heap in use, buffers outside the heap, and the rest of RSS, sampled every 250 ms. */
  heapUsedMb: number;
  externalMb: number;
  nativeMb: number;
  /** The same heap figure while freezing only. */
  freezeHeapUsedMb: number;
  renderThreads: number;
}

const role = process.env.BENCH_SEND_ROLE;
if (role === undefined) await orchestrate();
else if (role === 'plain')
  await runPlainLoop(process.env.BENCH_SMTP_URL as string, Number(process.env.BENCH_COUNT));

function findPostfix(): { sink: string; source: string; libs: string } | undefined {
  const candidates = [
    process.env.SMTP_SINK,
    '/tmp/pf/usr/sbin/smtp-sink',
    (() => {
      try {
        return execFileSync('which', ['smtp-sink'], { encoding: 'utf8' }).trim();
      } catch {
        return undefined;
      }
    })(),
  ];
  for (const sink of candidates) {
    if (!sink || !existsSync(sink)) continue;
    const source = join(dirname(sink), 'smtp-source');
    // An unpacked (not installed) postfix keeps its shared libraries beside sbin.
    const libs = join(dirname(dirname(sink)), 'lib', 'postfix');
    return { sink, source, libs };
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      }).on('error', () => done(false));
    });
    if (open) return;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new Error(`smtp-sink did not open port ${port}`);
}

async function orchestrate(): Promise<void> {
  // The engine runs the compiled code, as `npm start` does.
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.js')], {
    stdio: 'inherit',
  });
  const sizes = (process.env.BENCH_SIZES ?? '10000').split(',').map(Number);
  const postfix = findPostfix();
  const env = { ...process.env, ...(postfix ? { LD_LIBRARY_PATH: postfix.libs } : {}) };
  let url: string;
  let stopSink: () => Promise<void>;
  if (postfix) {
    const port = await freePort();
    const child: ChildProcess = spawn(postfix.sink, ['-u', 'nobody', `127.0.0.1:${port}`, '1000'], {
      env,
      stdio: 'ignore',
    });
    await waitForPort(port);
    url = `smtp://127.0.0.1:${port}`;
    stopSink = async () => void child.kill();
  } else {
    const sink = await startSmtpSink();
    url = sink.url;
    stopSink = sink.close;
  }
  console.log(
    `${process.version}, ${availableParallelism()} cores, pool ${poolSize}; sink: ${postfix ? `postfix smtp-sink (${postfix.sink})` : 'in-process smtp-server (postfix not found: see the header of this file)'}`,
  );
  console.log(`load average at start: ${formatLoad()}`);

  for (const count of sizes) {
    const reference = postfix
      ? runSmtpSource(postfix.source, env, url, Math.min(count, 20_000))
      : await runPlainChild(url, Math.min(count, 5000));
    const engine = await runEngineChild(url, count);
    const ratio = engine.report.rate / reference.rate;
    console.log(`\n${count.toLocaleString('en-US')} issues (load average ${formatLoad()})`);
    console.log(`  reference  ${reference.label}: ${reference.rate} msg/s`);
    console.log(
      `  engine     ${engine.report.rate} msg/s (sent ${engine.report.sent}, failed ${engine.report.failed}, render threads ${engine.report.renderThreads}) = ${ratio.toFixed(2)} × reference`,
    );
    console.log(
      `  freeze     ${engine.report.freezeMs} ms; event-loop delay max ${engine.report.freezeLoopMaxMs} ms while freezing, ${engine.report.sendLoopMaxMs} ms while sending; p99 ${engine.report.loopP99Ms} ms`,
    );
    console.log(
      `  web        GET /healthz p99 ${engine.healthz.p99} ms (max ${engine.healthz.max}), GET / p99 ${engine.home.p99} ms (max ${engine.home.max}); ${engine.healthz.n + engine.home.n} requests during freeze + send`,
    );
    console.log(
      `  memory     peak RSS ${engine.report.peakRssMb} MB (${engine.report.rssBeforeMb} MB before freezing); highest heap in use ${engine.report.heapUsedMb} MB (${engine.report.freezeHeapUsedMb} MB while freezing), buffers ${engine.report.externalMb} MB, native ${engine.report.nativeMb} MB`,
    );
  }
  console.log(`\nload average at end: ${formatLoad()}`);
  await stopSink();
}

/** postfix's own client: -s sessions in parallel, -d keeps each session open for many messages. */
function runSmtpSource(
  bin: string,
  env: NodeJS.ProcessEnv,
  url: string,
  count: number,
): { label: string; rate: number } {
  const target = url.replace('smtp://', '');
  const started = performance.now();
  // smtp-source exits non-zero on any refused or dropped session; the figure then means nothing.
  execFileSync(
    bin,
    [
      '-d',
      '-s',
      String(poolSize),
      '-l',
      String(messageBytes),
      '-m',
      String(count),
      '-f',
      'bench@example.org',
      '-t',
      'reader@example.org',
      target,
    ],
    { env, stdio: 'ignore' },
  );
  const rate = Math.round((count * 1000) / (performance.now() - started));
  return { label: `postfix smtp-source, ${poolSize} connections, ${count} × 50 KB`, rate };
}

async function runPlainChild(url: string, count: number): Promise<{ label: string; rate: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
    env: { ...process.env, BENCH_SEND_ROLE: 'plain', BENCH_SMTP_URL: url, BENCH_COUNT: String(count) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const rate = await new Promise<number>((done) => child.on('message', (m) => done(m as number)));
  await new Promise((done) => child.on('exit', done));
  return { label: `plain nodemailer loop, ${count} × ~50 KB`, rate };
}

interface LatencyStats {
  n: number;
  p99: number;
  max: number;
}

function summarize(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p99: Math.round(at(0.99)), max: Math.round(sorted.at(-1) ?? 0) };
}

/** Settings of the measured process, as `npm start` would read them from the environment. */
function engineEnv(databaseUrl: string, smtpUrl: string): Record<string, string> {
  return {
    ...testConfigEnv,
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    SMTP_POOL_SIZE: String(poolSize),
    ...(process.env.BENCH_THREADS ? { RENDER_THREADS: process.env.BENCH_THREADS } : {}),
  };
}

/** The engine in its own process (bench/send-engine.js); this process asks its web app for pages meanwhile. */
async function runEngineChild(
  url: string,
  count: number,
): Promise<{ report: EngineReport; healthz: LatencyStats; home: LatencyStats }> {
  const database = createTestDatabase('sqlite');
  const store = await database.open();
  await seedSubscribers(store, count);
  await store.close();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_ENGINE_FLAGS ?? '').split(' ').filter(Boolean),
      join(import.meta.dirname, 'send-engine.js'),
    ],
    {
      env: {
        ...process.env,
        BENCH_ENGINE_ENV: JSON.stringify(engineEnv(database.url, url)),
        BENCH_EDITION_DATE: editionDate,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const healthz: number[] = [];
  const home: number[] = [];
  let polling = false;
  let poller: Promise<void> | undefined;
  const report = await new Promise<EngineReport>((done, fail) => {
    child.on('exit', (code) => fail(new Error(`engine exited with ${code}`)));
    child.on('message', (message: { webUrl?: string; report?: EngineReport }) => {
      if (message.webUrl) {
        polling = true;
        const webUrl = message.webUrl;
        poller = (async () => {
          // Bounded: one request at a time, about 20 a second, and only while the engine works.
          while (polling) {
            for (const [path, samples] of [
              ['/healthz', healthz],
              ['/', home],
            ] as const) {
              const started = performance.now();
              const response = await fetch(`${webUrl}${path}`).catch(() => undefined);
              await response?.arrayBuffer();
              if (polling && response?.ok) samples.push(performance.now() - started);
            }
            await new Promise((next) => setTimeout(next, 50));
          }
        })();
        child.send('go');
      }
      if (message.report) done(message.report);
    });
  });
  polling = false;
  await poller;
  child.send('exit');
  await new Promise((done) => child.on('exit', done));
  await database.destroy();
  return { report, healthz: summarize(healthz), home: summarize(home) };
}

// The naive way: the transport alone, one pre-rendered issue over the same pool, as many in flight.
async function runPlainLoop(url: string, count: number): Promise<void> {
  const mailer = new SmtpMailer({ url, poolSize });
  const html = `<html><body>${'<p>A paper about large language models and reasoning.</p>'.repeat(900)}</body></html>`;
  const text = 'A paper about large language models and reasoning.\n'.repeat(300);
  const rate = await sendPlainLoop(mailer, {
    count,
    poolSize,
    message: (i) => ({
      from: 'bench@paperboy.example.org',
      to: `r${i}@example.org`,
      subject: 'Bench',
      html,
      text,
    }),
  });
  process.send?.(Math.round(rate));
  await mailer.close();
  process.disconnect?.();
}
