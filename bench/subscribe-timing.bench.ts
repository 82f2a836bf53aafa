/**
 * npm run bench:subscribe — how long POST /subscribe takes for each kind of address: new, already
 * confirmed, suppressed, over its daily limit. It measures the request as the web app answers it
 * now (one queued row; the queue mails afterwards) and, as the reference in the same run, the work
 * the request used to do inline (`requestSubscription`, with the SMTP transaction to a local
 * smtp-server). Prints the median per outcome and the ratio slowest/fastest: a timing oracle shows
 * as a ratio well above 1. BENCH_REQUESTS sets the requests per outcome (default 200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config/index.ts';
import { SmtpMailer } from '../src/mail/index.ts';
import { loadTemplates } from '../src/render/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  createSignupQueue,
  requestSubscription,
  SubscribeForm,
  type SubscriptionDeps,
} from '../src/subscribers/index.ts';
import { createWebApp } from '../src/web/index.ts';

const perOutcome = Number(process.env.BENCH_REQUESTS ?? 200);
const outcomes = ['new', 'confirmed', 'suppressed', 'limited'] as const;
type Outcome = (typeof outcomes)[number];

const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-subscribe-'));
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => callback());
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
const config = loadConfig({
  DATABASE_URL: join(dir, 'bench.db'),
  SECRET: 'bench-secret-0123456789abcdef',
  SUBSCRIBE_IP_LIMIT: '100000',
  SMTP_URL: smtpUrl,
  LOG_LEVEL: 'silent',
});
const store = await openStore(config.DATABASE_URL);
const mailer = new SmtpMailer({ url: smtpUrl, poolSize: 2 });
const templates = await loadTemplates();
const now = new Date();

/** Addresses for one pass: each outcome gets its own, so the daily limit only hits the `limited` one. */
async function prepare(pass: string): Promise<Record<Outcome, string[]>> {
  const at = (o: Outcome, i: number) => `${o}-${pass}-${i}@example.org`;
  const fields = {
    topics: ['RLHF'],
    exclude: [],
    breadth: 'balanced' as const,
    maxPapers: 10,
    frequency: 'daily' as const,
    weekday: null,
    hour: 7,
    timezone: 'UTC',
  };
  const limited = await store.subscribers.insert(
    { ...fields, email: at('limited', 0), status: 'pending' },
    { now, source: 'cli' },
  );
  for (let i = 0; i < config.CONFIRM_EMAILS_PER_DAY; i++)
    await store.subscribers.recordEvent(limited, 'confirmation_sent', 'web', now);
  const addresses: Record<Outcome, string[]> = { new: [], confirmed: [], suppressed: [], limited: [] };
  for (let i = 0; i < perOutcome; i++) {
    addresses.new.push(at('new', i));
    addresses.confirmed.push(at('confirmed', i));
    await store.subscribers.insert(
      { ...fields, email: at('confirmed', i), status: 'confirmed' },
      { now, source: 'cli' },
    );
    addresses.suppressed.push(at('suppressed', i));
    await store.subscribers.suppress(at('suppressed', i), 'bench', 'bounce', now);
    addresses.limited.push(at('limited', 0));
  }
  return addresses;
}

const formFor = (email: string) => ({
  email,
  topics: 'RLHF, conformal prediction',
  frequency: 'daily',
  hour: '7',
  timezone: 'UTC',
});

/** Interleaves outcomes so drift (a warming cache, a busy neighbour) hits all of them alike. */
async function measure(addresses: Record<Outcome, string[]>, once: (email: string) => Promise<void>) {
  const samples: Record<Outcome, number[]> = { new: [], confirmed: [], suppressed: [], limited: [] };
  for (let i = 0; i < perOutcome; i++) {
    for (const outcome of outcomes) {
      const started = performance.now();
      await once(addresses[outcome][i] as string);
      samples[outcome].push(performance.now() - started);
    }
  }
  return samples;
}

function report(label: string, samples: Record<Outcome, number[]>) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const medians = outcomes.map((o) => [o, median(samples[o])] as const);
  const values = medians.map(([, m]) => m);
  console.log(
    `${label.padEnd(34)} ${medians.map(([o, m]) => `${o} ${m.toFixed(2)} ms`).join(' · ')} · slowest/fastest ×${(Math.max(...values) / Math.min(...values)).toFixed(2)}`,
  );
}

// Reference: the request's old work, inline.
const deps: SubscriptionDeps = { store: store as Store, mailer, templates, config, clock: () => now };
const inline = await prepare('inline');
report(
  'inline (before: rules + SMTP)',
  await measure(inline, async (email) => {
    await requestSubscription(deps, SubscribeForm.parse(formFor(email)), 'web');
  }),
);

// Now: the HTTP request through the app (CSRF, validation, one queued row); the queue mails in the background.
const signups = createSignupQueue(deps);
const app = createWebApp({ store, mailer, templates, config, clock: () => now, signups });
const page = await app.request('/');
const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
const queued = await prepare('queued');
report(
  'POST /subscribe (now: queued)',
  await measure(queued, async (email) => {
    const response = await app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ ...formFor(email), _csrf: csrf }).toString(),
    });
    if (response.status !== 303) throw new Error(`unexpected ${response.status}`);
  }),
);
await signups.idle();
console.log(
  `requests per outcome: ${perOutcome}; queue after draining:`,
  await store.signups.countByStatus(),
);

await mailer.close();
await store.close();
await new Promise<void>((resolve) => smtp.close(() => resolve()));
rmSync(dir, { recursive: true, force: true });
