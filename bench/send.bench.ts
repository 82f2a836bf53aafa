/**
 * npm run bench:send — personalized issues through the whole engine (ledger, render, compose, SMTP)
 * to a local SMTP sink, at 1,000 and 10,000 subscribers, next to a plain nodemailer loop.
 *
 * The sink is postfix's smtp-sink when available (SMTP_SINK=/path/to/smtp-sink, or unpacked under
 * /tmp/pf as described in LIBRARY-NOTES), so the sink costs this process nothing; otherwise an
 * in-process smtp-server, which shares the CPU and lowers every figure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { enqueueEdition, runDeliveries } from '../src/delivery/index.ts';
import { SmtpMailer } from '../src/mail/index.ts';
import { loadTemplates } from '../src/render/index.ts';
import {
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  startSmtpSink,
} from '../test/delivery/delivery-harness.ts';

const poolSize = 5;
const sinkBin = process.env.SMTP_SINK ?? '/tmp/pf/usr/sbin/smtp-sink';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startSink(): Promise<{ url: string; label: string; stop: () => Promise<void> }> {
  if (existsSync(sinkBin)) {
    const port = await freePort();
    const child: ChildProcess = spawn(sinkBin, ['-u', 'nobody', '-c', `127.0.0.1:${port}`, '1000'], {
      env: { ...process.env, LD_LIBRARY_PATH: sinkBin.replace(/\/sbin\/smtp-sink$/, '/lib/postfix') },
      stdio: 'ignore',
    });
    await new Promise((done) => setTimeout(done, 300));
    return {
      url: `smtp://127.0.0.1:${port}`,
      label: 'postfix smtp-sink',
      stop: async () => void child.kill(),
    };
  }
  const sink = await startSmtpSink();
  sink.messages.length = 0;
  return {
    url: sink.url,
    label: 'in-process smtp-server (set SMTP_SINK for postfix smtp-sink)',
    stop: sink.close,
  };
}

const role = process.env.BENCH_SEND_ROLE;
if (role === undefined) {
  // Each measurement runs in a fresh process, so its peak RSS belongs to that list size alone.
  const sink = await startSink();
  console.log(`sink: ${sink.label}; pool ${poolSize}; ${process.version}`);
  for (const which of ['1000', '10000', 'plain']) {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
      env: { ...process.env, BENCH_SEND_ROLE: which, BENCH_SMTP_URL: sink.url },
      stdio: 'inherit',
    });
    await new Promise((done) => child.on('exit', done));
  }
  await sink.stop();
} else if (role === 'plain') {
  await runPlainLoop(process.env.BENCH_SMTP_URL as string);
} else {
  await runEngine(process.env.BENCH_SMTP_URL as string, Number(role));
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function runEngine(url: string, count: number): Promise<void> {
  const templates = await loadTemplates();
  const db = await openTestDatabase('sqlite');
  await seedSubscribers(db.store, count);
  const config = createTestConfig({ SMTP_URL: url, SMTP_POOL_SIZE: String(poolSize) });
  const mailer = new SmtpMailer({ url, poolSize });
  const deps = { store: db.store, mailer, config, clock: () => new Date(), templates };
  const enqueueStart = performance.now();
  await enqueueEdition(deps, { date: editionDate, now: new Date() });
  const enqueueMs = performance.now() - enqueueStart;
  const rssBeforeSend = peakRssMb();
  const result = await runDeliveries(deps);
  await mailer.close();
  await db.cleanup();
  const rate = Math.round((result.sent * 1000) / result.elapsedMs);
  console.log(
    `engine ${String(count).padStart(6)} issues: ${rate} msg/s (sent ${result.sent}, failed ${result.failed}), freeze ${Math.round(enqueueMs)} ms, peak RSS ${peakRssMb()} MB (${rssBeforeSend} MB before sending)`,
  );
}

// Reference: the transport alone, one pre-rendered issue sent over the same pool with the same bound on in-flight work.
async function runPlainLoop(url: string): Promise<void> {
  const mailer = new SmtpMailer({ url, poolSize });
  const html = `<html><body>${'<p>A paper about large language models and reasoning.</p>'.repeat(900)}</body></html>`;
  const text = 'A paper about large language models and reasoning.\n'.repeat(300);
  const count = 10_000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: poolSize * 2 }, async () => {
      while (next < count) {
        const i = next++;
        await mailer.send({
          from: 'bench@paperboy.example.org',
          to: `r${i}@example.org`,
          subject: 'Bench',
          html,
          text,
        });
      }
    }),
  );
  const rate = Math.round((count * 1000) / (performance.now() - started));
  console.log(
    `plain nodemailer loop ${count} messages (~${Math.round(html.length / 1024)} KB HTML): ${rate} msg/s, peak RSS ${peakRssMb()} MB`,
  );
  await mailer.close();
}
