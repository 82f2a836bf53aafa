/**
 * npm run bench:admin — the /admin overview with 100k subscribers and 1M deliveries in SQLite,
 * rendered through the real web app (`app.request`), against the naive way of getting the same
 * numbers: every subscriber and every delivery read unpaged and counted in JavaScript.
 * BENCH_SUBSCRIBERS and BENCH_EDITIONS (default 100000 and 10, so 1M deliveries) change the size. The
 * median is of warm renders, where the chart's past days are remembered (today is always counted);
 * the first render, which counts all 30 days, is printed too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/index.ts';
import { SmtpMailer } from '../src/mail/index.ts';
import { loadTemplates } from '../src/render/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { createWebApp } from '../src/web/index.ts';

const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const editions = Number(process.env.BENCH_EDITIONS ?? 10);
const runs = 7;
const first: number[] = [];
const token = 'bench-admin-token';
const now = new Date('2025-03-11T12:00:00Z');

const dir = process.env.BENCH_KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'paperboy-bench-admin-'));
const store = await openStore(join(dir, 'bench.db'));
try {
  const seeded = performance.now();
  await seed(store);
  if (process.env.BENCH_SEED_ONLY) process.exit(0);
  console.log(
    `seeded ${subscribers.toLocaleString('en')} subscribers and ${(subscribers * editions).toLocaleString('en')} deliveries in ${editions} editions in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );

  const config = loadConfig({ NODE_ENV: 'test', SECRET: 'bench-secret-0123456789', ADMIN_TOKEN: token });
  const mailer = new SmtpMailer({ url: 'smtp://127.0.0.1:9', poolSize: 1 });
  const app = createWebApp({ store, mailer, config, templates: await loadTemplates(), clock: () => now });
  const overview = async () => {
    const response = await app.request('/admin', { headers: { authorization: `Bearer ${token}` } });
    const html = await response.text();
    if (response.status !== 200 || !html.includes('<svg')) throw new Error(`overview: ${response.status}`);
    return html.length;
  };
  const paged = await measure(overview);
  const naive = await measure(() => countNaively(store));
  console.log(
    `overview (paged, indexed):   median ${paged.toFixed(1)} ms over ${runs} runs; first render ${first[0]?.toFixed(1)} ms (every chart day counted)`,
  );
  console.log(`naive unpaged counts:        median ${naive.toFixed(1)} ms over ${runs} runs`);
  console.log(`ratio: the overview is ${(naive / paged).toFixed(1)}× faster than the naive way`);
  await mailer.close();
} finally {
  await store.close();
  if (!process.env.BENCH_KEEP_DIR) rmSync(dir, { recursive: true, force: true });
}

/** Median wall time of `runs` calls after one warm-up (whose time is `first`). */
async function measure(task: () => Promise<unknown>): Promise<number> {
  const warm = performance.now();
  await task();
  first.push(performance.now() - warm);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

/** The same numbers the overview shows, from every row: the way a first version without paging would do it. */
async function countNaively(store: Store): Promise<number> {
  const db = store.db.withTables<{
    deliveries: { edition_id: number; status: string; skip_reason: string | null; updated_at: string };
  }>();
  const states = new Map<string, number>();
  for (const s of await db.selectFrom('subscribers').select(['status']).execute())
    states.set(s.status, (states.get(s.status) ?? 0) + 1);
  const perEdition = new Map<string, number>();
  const perDay = new Map<string, number>();
  for (const d of await db
    .selectFrom('deliveries')
    .select(['edition_id', 'status', 'skip_reason', 'updated_at'])
    .execute()) {
    const key = `${d.edition_id}/${d.status}/${d.skip_reason}`;
    perEdition.set(key, (perEdition.get(key) ?? 0) + 1);
    if (d.status === 'sent' || d.status === 'failed') {
      const day = `${d.updated_at.slice(0, 10)}/${d.status}`;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
  }
  return states.size + perEdition.size + perDay.size;
}

/** Subscribers and deliveries written by SQLite itself (a recursive counter), which takes seconds, not minutes. */
async function seed(store: Store): Promise<void> {
  const stamp = now.toISOString();
  await sql`
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${subscribers})
    insert into subscribers (public_id, email, status, topics, exclude, breadth, max_papers, frequency,
      weekday, hour, timezone, created_at, updated_at, confirmed_at, next_due_at)
    select 'p' || n, 'reader' || n || '@example.org',
      case when n % 50 = 0 then 'unsubscribed' when n % 97 = 0 then 'suppressed'
           when n % 31 = 0 then 'pending' else 'confirmed' end,
      '["large language models"]', '[]', 'balanced', 10, 'daily', null, n % 24, 'UTC',
      ${stamp}, ${stamp}, ${stamp}, '2025-03-12T' || printf('%02d', n % 24) || ':00:00.000Z'
    from seq`.execute(store.db);
  for (let e = 0; e < editions; e++) {
    const date = new Date(now.getTime() - (editions - 1 - e) * 86_400_000).toISOString().slice(0, 10);
    const edition = await store.editions.ensureEdition(date, now);
    await sql`
      insert into deliveries (edition_id, subscriber_id, email, status, skip_reason, papers, message_id,
        attempts, next_attempt_at, created_at, updated_at, sent_at, last_response)
      select ${edition.id}, id, email,
        case when id % 50 = 1 then 'failed' when id % 100 = 2 then 'deferred'
             when id % 40 = 3 then 'skipped' else 'sent' end,
        case when id % 40 = 3 then 'no matching papers' else null end,
        '[]', '<' || ${edition.id} || '.' || id || '@bench>', 1, ${`${date}T07:00:00.000Z`},
        ${`${date}T06:00:00.000Z`}, ${`${date}T07:00:00.000Z`}, ${`${date}T07:00:00.000Z`},
        case when id % 50 = 1 then '550 5.1.1 no such user' else '250 ok' end
      from subscribers`.execute(store.db);
  }
}
