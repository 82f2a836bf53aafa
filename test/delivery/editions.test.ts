import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { type CompiledTemplates, loadTemplates } from '../../src/render/index.ts';
import type { FrozenPaper } from '../../src/store/index.ts';
import { captureOutput } from '../helpers/run-captured.ts';
import {
  backends,
  createTestConfig,
  editionDate,
  openTestDatabase,
  type SmtpSink,
  seedSubscribers,
  startSmtpSink,
  type TestDatabase,
} from './delivery-harness.ts';

let templates: CompiledTemplates;
beforeAll(async () => {
  templates = await loadTemplates();
});

describe.each(backends)('editions and the paper ledger on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const open = async (): Promise<TestDatabase> => {
    const db = await openTestDatabase(backend);
    cleanups.push(db.cleanup);
    return db;
  };
  const sink = async (): Promise<SmtpSink> => {
    const s = await startSmtpSink({ keepRaw: true });
    cleanups.push(s.close);
    return s;
  };

  it('skips a subscriber with nothing new by default, and sends a "no new papers" issue with SEND_EMPTY', async () => {
    for (const sendEmpty of ['false', 'true']) {
      const db = await open();
      const smtp = await sink();
      // Two subscribers whose topics match nothing in the digest.
      await seedSubscribers(db.store, 0, { unmatched: 2 });
      const config = createTestConfig({ SMTP_URL: smtp.url, SEND_EMPTY: sendEmpty });
      const enqueued = await enqueueEdition(
        { store: db.store, config },
        { date: editionDate, now: new Date() },
      );
      const mailer = new SmtpMailer({ url: smtp.url, poolSize: 1 });
      cleanups.push(() => mailer.close());
      const summary = await runDeliveries({
        store: db.store,
        mailer,
        config,
        clock: () => new Date(),
        templates,
      });
      if (sendEmpty === 'false') {
        expect(enqueued).toMatchObject({ pending: 0, skipped: 2, skipReasons: { 'no matching papers': 2 } });
        expect(smtp.messages).toHaveLength(0);
        continue;
      }
      expect(enqueued).toMatchObject({ pending: 2, skipped: 0 });
      expect(summary).toMatchObject({ sent: 2, skipped: 0 });
      expect(smtp.messages).toHaveLength(2);
      const mail = await simpleParser(smtp.messages[0]?.raw ?? Buffer.alloc(0));
      expect(mail.subject).toMatch(/^No new papers/);
      expect(mail.text).toContain('No new papers for you this time.');
    }
  });

  it('never reserves a paper for a subscriber twice, even when two editions were planned with it', async () => {
    const db = await open();
    await seedSubscribers(db.store, 1);
    const subscriber = (await db.store.subscribers.list())[0];
    if (!subscriber) throw new Error('no subscriber');
    const papers = (await db.store.papers.listPapers({ digestDate: editionDate })).slice(0, 4);
    const frozen = (ids: string[]): FrozenPaper[] =>
      ids.map((id) => ({ id, reasons: ['test'], matchedTopics: ['test'] }));
    const now = new Date();
    const first = await db.store.editions.ensureEdition('2024-03-11', now);
    const second = await db.store.editions.ensureEdition('2024-03-12', now);
    const [a, b, c, d] = papers.map((p) => p.id) as [string, string, string, string];
    const row = (papers: FrozenPaper[], messageId: string) => ({
      subscriberId: subscriber.id,
      email: subscriber.email,
      status: 'pending' as const,
      papers,
      messageId,
    });
    // Both editions were planned before either was written: the second overlaps the first in a and b.
    await db.store.editions.insertDeliveries(first.id, [row(frozen([a, b]), '<one@x>')], now);
    await db.store.editions.insertDeliveries(second.id, [row(frozen([a, b, c, d]), '<two@x>')], now);
    const third = await db.store.editions.ensureEdition('2024-03-13', now);
    await db.store.editions.insertDeliveries(third.id, [row(frozen([c]), '<three@x>')], now);

    const byEdition = async (id: number) => (await db.store.editions.listDeliveries(id))[0];
    expect(JSON.parse((await byEdition(second.id))?.papers ?? '[]').map((p: FrozenPaper) => p.id)).toEqual([
      c,
      d,
    ]);
    expect(await byEdition(third.id)).toMatchObject({
      status: 'skipped',
      skip_reason: 'no new papers',
      papers: '[]',
    });
  });

  it('a later edition carries only papers the subscriber has not been sent', async () => {
    const db = await open();
    const smtp = await sink();
    const [email] = await seedSubscribers(db.store, 1);
    const config = createTestConfig({ SMTP_URL: smtp.url });
    const mailer = new SmtpMailer({ url: smtp.url, poolSize: 1 });
    cleanups.push(() => mailer.close());
    const deps = { store: db.store, mailer, config, clock: () => new Date(), templates };
    await enqueueEdition(deps, { date: editionDate, now: new Date() });
    expect((await runDeliveries(deps)).sent).toBe(1);

    // The next day's digest repeats every paper of the first (as trending lists do) and adds new ones.
    const old = await db.store.papers.listPapers({ digestDate: editionDate });
    const fresh = old.slice(0, 5).map((p) => ({ ...p, id: `title:new-${p.id}`, title: `${p.title} II` }));
    await db.store.papers.ingestDigest({
      path: 'next.txt',
      contentHash: 'next',
      parsed: {
        format: 'text',
        date: '2024-03-12',
        dateSource: 'filename',
        papers: [...old, ...fresh],
        warnings: [],
      },
      now: new Date(),
    });
    await enqueueEdition(deps, { date: '2024-03-12', now: new Date() });
    await runDeliveries(deps);
    const ledger = await db.store.editions.listDeliveries();
    const sentIds = ledger.flatMap((d) => (JSON.parse(d.papers) as FrozenPaper[]).map((p) => p.id));
    expect(new Set(sentIds).size).toBe(sentIds.length);
    const second = ledger.find((d) => d.edition_id !== ledger[0]?.edition_id);
    for (const p of JSON.parse(second?.papers ?? '[]') as FrozenPaper[])
      expect(p.id.startsWith('title:new-')).toBe(true);
    expect(second?.status).toBe('sent');
    expect(JSON.parse(second?.papers ?? '[]').length).toBeGreaterThan(0);
    expect(smtp.countByRecipient().get(email as string)).toBe(2);
  });

  it('--dry-run renders and counts everything and sends nothing; --only sends one address', async () => {
    const db = await open();
    const smtp = await sink();
    const emails = await seedSubscribers(db.store, 12, { unmatched: 2 });
    const env = {
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://paperboy.example.org',
      SECRET: 'test-secret-with-enough-length',
      LOG_LEVEL: 'silent',
    };
    const out = captureOutput();
    const dry = await runCli(['send', '--digest', editionDate, '--dry-run'], {
      env,
      stdout: out,
      stderr: out,
    });
    expect(dry).toBe(0);
    expect(out.text).toMatch(/12/);
    expect(smtp.messages).toHaveLength(0);
    expect(await db.store.editions.countByStatus()).toMatchObject({ pending: 0, sent: 0 });

    const only = captureOutput();
    const target = emails[3] as string;
    expect(
      await runCli(['send', '--digest', editionDate, '--only', target], { env, stdout: only, stderr: only }),
    ).toBe(0);
    expect([...smtp.countByRecipient().entries()]).toEqual([[target, 1]]);
    expect(only.text).toMatch(/sent 1 /);
  });
});
