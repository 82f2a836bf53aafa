import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.ts';
import { type DeliveryDeps, enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { type CompiledTemplates, loadTemplates } from '../../src/render/index.ts';
import {
  backends,
  createTestConfig,
  editionDate,
  openTestDatabase,
  type SmtpSink,
  seedSubscribers,
  spawnPaperboy,
  startSmtpSink,
  type TestDatabase,
  waitFor,
} from './delivery-harness.ts';

let templates: CompiledTemplates;
beforeAll(async () => {
  templates = await loadTemplates();
});

describe.each(backends)('delivery over SMTP on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends TestDatabase | SmtpSink>(item: T): T => {
    cleanups.push('cleanup' in item ? item.cleanup : item.close);
    return item;
  };

  function createDeps(db: TestDatabase, sink: SmtpSink, config: Config): DeliveryDeps {
    const mailer = new SmtpMailer({ url: sink.url, poolSize: config.SMTP_POOL_SIZE });
    cleanups.push(() => mailer.close());
    return { store: db.store, mailer, config, clock: () => new Date(), templates };
  }

  it('sends 500 subscribers exactly one issue each, with every header', async () => {
    const db = track(await openTestDatabase(backend));
    const sink = track(await startSmtpSink({ keepRaw: true }));
    const emails = await seedSubscribers(db.store, 500, { unmatched: 3 });
    const deps = createDeps(db, sink, createTestConfig({ SMTP_URL: sink.url }));

    const enqueued = await enqueueEdition(deps, { date: editionDate, now: new Date() });
    expect(enqueued).toMatchObject({ pending: 500, skipped: 3, skipReasons: { 'no matching papers': 3 } });
    const summary = await runDeliveries(deps);
    expect(summary).toMatchObject({ sent: 500, deferred: 0, failed: 0, skipped: 0, expiredLeases: 0 });

    const counts = sink.countByRecipient();
    expect(counts.size).toBe(500);
    expect(emails.every((email) => counts.get(email) === 1)).toBe(true);

    const ledger = await db.store.editions.listDeliveries(enqueued.editionId);
    const messageIds = new Map(ledger.map((d) => [d.email, d.message_id]));
    for (const message of sink.messages) {
      const raw = message.raw?.toString('utf8') ?? '';
      const mail = await simpleParser(raw);
      const to = message.recipients[0] ?? '';
      expect(mail.from?.value).toEqual([{ name: 'Paperboy', address: 'paperboy@paperboy.example.org' }]);
      expect(mail.replyTo?.text).toBe('editor@paperboy.example.org');
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(to);
      expect(mail.subject).toBeTruthy();
      expect(mail.date).toBeInstanceOf(Date);
      expect(mail.messageId).toBe(messageIds.get(to));
      const unsubscribe = /^List-Unsubscribe: (.*)$/m.exec(raw)?.[1] ?? '';
      expect(unsubscribe).toMatch(
        /^<https:\/\/paperboy\.example\.org\/unsubscribe\/[^>]+>, <mailto:unsubscribe@paperboy\.example\.org\?subject=unsubscribe>\r?$/,
      );
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      expect(raw).toMatch(/^List-Id: "Paperboy" <daily\.paperboy\.example\.org>\r$/im);
      expect(mail.text).toContain('Unsubscribe');
      expect(mail.html).toContain('<html');
      expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    }

    // The ledger adds up, and sending again (or enqueueing again) doubles nothing.
    const totals = await db.store.editions.countByStatus(enqueued.editionId);
    expect(totals).toMatchObject({ sent: 500, skipped: 3, pending: 0, sending: 0, deferred: 0, failed: 0 });
    const again = await enqueueEdition(deps, { date: editionDate, now: new Date() });
    expect(again).toMatchObject({ pending: 0, skipped: 0, alreadyEnqueued: 503 });
    expect((await runDeliveries(deps)).sent).toBe(0);
    expect(sink.messages).toHaveLength(500);
  });

  it('delivers exactly once through 4xx replies and dropped connections, and suppresses 550s', async () => {
    const db = track(await openTestDatabase(backend));
    const bad = new Set(['reader00007@example.org', 'reader00042@example.org', 'reader00199@example.org']);
    // A seeded generator keeps the fault pattern the same on every run.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const transient = () =>
      random() < 0.5 ? { code: 421, message: 'Too busy, try later' } : { code: 451, message: 'Greylisted' };
    const sink = track(
      await startSmtpSink({
        onRecipient(address) {
          if (bad.has(address)) return { code: 550, message: 'No such user' };
          const roll = random();
          if (roll < 0.03) return 'drop';
          return roll < 0.13 ? transient() : undefined;
        },
        onMessage: () => (random() < 0.1 ? transient() : undefined),
      }),
    );
    const emails = await seedSubscribers(db.store, 300);
    const deps = createDeps(db, sink, createTestConfig({ SMTP_URL: sink.url }));
    const { editionId } = await enqueueEdition(deps, { date: editionDate, now: new Date() });

    const summary = await runDeliveries(deps);
    expect(summary).toMatchObject({ sent: 297, failed: 3, suppressed: 3, deferred: 0, paused: false });

    const counts = sink.countByRecipient();
    for (const email of emails) expect(counts.get(email) ?? 0).toBe(bad.has(email) ? 0 : 1);
    const totals = await db.store.editions.countByStatus(editionId);
    expect(totals).toMatchObject({ sent: 297, failed: 3, pending: 0, sending: 0, deferred: 0 });
    for (const email of bad) {
      expect(await db.store.subscribers.isSuppressed(email)).toBe(true);
      expect((await db.store.subscribers.findByEmail(email))?.status).toBe('suppressed');
    }
    const failed = (await db.store.editions.listDeliveries(editionId)).filter((d) => d.status === 'failed');
    expect(failed.map((d) => d.last_response)).toEqual(Array(3).fill(expect.stringMatching(/^550/)));
  });

  it('pauses after MAX_CONSECUTIVE_ERRORS when the relay refuses everything, losing nothing', async () => {
    const db = track(await openTestDatabase(backend));
    const sink = track(await startSmtpSink({ onMessage: () => ({ code: 451, message: 'Local problem' }) }));
    await seedSubscribers(db.store, 60);
    const config = createTestConfig({
      SMTP_URL: sink.url,
      MAX_CONSECUTIVE_ERRORS: '10',
      RETRY_BASE_SECONDS: '600',
    });
    const deps = createDeps(db, sink, config);
    const { editionId } = await enqueueEdition(deps, { date: editionDate, now: new Date() });

    const summary = await runDeliveries(deps);
    expect(summary.paused).toBe(true);
    expect(summary.pauseReason).toMatch(/^451/);
    expect(summary.sent).toBe(0);
    const totals = await db.store.editions.countByStatus(editionId);
    expect(totals.sending).toBe(0);
    expect(totals.deferred + totals.pending).toBe(60);
  });

  it('resumes after SIGKILL mid-run: nobody missed, duplicates at most the pool size', async () => {
    const db = track(await openTestDatabase(backend));
    const sink = track(await startSmtpSink());
    const emails = await seedSubscribers(db.store, 2000);
    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, SMTP_POOL_SIZE: '5', LEASE_SECONDS: '300' };

    const first = spawnPaperboy(['send', '--digest', editionDate], env);
    await waitFor(() => sink.messages.length >= 600 || first.child.exitCode !== null);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = sink.messages.length;
    expect(atKill).toBeLessThan(2000);

    const second = spawnPaperboy(['send', '--digest', editionDate], env);
    expect(await second.exited).toBe(0);

    const counts = sink.countByRecipient();
    const missed = emails.filter((email) => !counts.has(email));
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    console.log(
      `[${backend}] SIGKILL after ${atKill} messages: missed ${missed.length}, duplicates ${duplicates}; restart: ${second.output().trim().split('\n').at(-1)}`,
    );
    expect(missed).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(5);
    const totals = await db.store.editions.countByStatus();
    expect(totals).toMatchObject({ sent: 2000, sending: 0, pending: 0 });
  }, 120_000);

  it('hands back the deliveries it claimed ahead when stopped, so the next run sends them', async () => {
    const db = track(await openTestDatabase(backend));
    const sink = track(await startSmtpSink());
    const emails = await seedSubscribers(db.store, 300);
    // Pool 1: two lanes, so the next batch of 50 is claimed while most of the current one waits.
    const deps = createDeps(db, sink, createTestConfig({ SMTP_URL: sink.url, SMTP_POOL_SIZE: '1' }));
    await enqueueEdition(deps, { date: editionDate, now: new Date() });
    const stop = new AbortController();
    // A slow ledger: the claim made ahead is still running when the run is stopped.
    const deliveries = db.store.deliveries;
    let claims = 0;
    const claimDeliveries: typeof deliveries.claimDeliveries = async (...args) => {
      const claimed = await deliveries.claimDeliveries(...args);
      // The second claim is the first one made ahead, while the lanes still send the first batch.
      if (++claims === 2) {
        stop.abort();
        await new Promise((done) => setTimeout(done, 50));
      }
      return claimed;
    };
    const slowStore = {
      ...db.store,
      deliveries: Object.assign(Object.create(deliveries), { claimDeliveries }),
    };
    const first = await runDeliveries({ ...deps, store: slowStore }, { signal: stop.signal });
    expect(claims).toBe(2);
    expect(first.stopped).toBe(true);
    const totals = await db.store.editions.countByStatus();
    expect(totals.sending).toBe(0);
    expect(totals.sent).toBe(first.sent);

    const second = await runDeliveries(deps);
    expect(first.sent + second.sent).toBe(300);
    const counts = sink.countByRecipient();
    expect(emails.every((email) => counts.get(email) === 1)).toBe(true);
  });

  it('finishes the messages in flight on SIGTERM and exits 0', async () => {
    const db = track(await openTestDatabase(backend));
    const sink = track(await startSmtpSink({ delayMs: 20 }));
    await seedSubscribers(db.store, 400);
    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, SMTP_POOL_SIZE: '5' };

    const run = spawnPaperboy(['send', '--digest', editionDate], env);
    await waitFor(() => sink.messages.length >= 50 || run.child.exitCode !== null);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopped on request/);

    // Every message the server accepted was recorded as sent; the rest wait, unleased, for the next run.
    const totals = await db.store.editions.countByStatus();
    expect(totals.sent).toBe(sink.messages.length);
    expect(totals.sending).toBe(0);
    expect(totals.sent + totals.pending).toBe(400);
    expect(totals.pending).toBeGreaterThan(0);
  }, 60_000);
});
