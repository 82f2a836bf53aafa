import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { enqueueEdition } from '../../src/delivery/index.ts';
import type { Store } from '../../src/store/index.ts';
import { ingestSampleDigest, sampleDigest, samplePath } from '../helpers/fixtures.ts';
import { runCaptured, subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';

const now = new Date('2025-03-11T08:00:00Z');

describe('paperboy status', () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('says so when nothing has happened yet', async () => {
    const { code, out } = await runCaptured(['status'], { DATABASE_URL: database.url });
    expect(code).toBe(0);
    expect(out).toContain('Recent ingests:\n  none yet');
    expect(out).toContain('Next scheduled sends (0 confirmed subscribers):\n  none');
    expect(out).toContain('No digest ingested yet.');
    expect(out).toContain('Sign-up queue: 0 waiting for their confirmation email · 0 failed');
  });

  async function seed() {
    await ingestSampleDigest(store, '2025-03-11', now);
    await store.papers.recordFailedDigest({
      path: 'seeds/broken.txt',
      contentHash: 'broken',
      error: 'line 3: not valid UTF-8',
      now: new Date('2025-03-11T07:30:00Z'),
    });
    const meta = { now, source: 'cli' as const };
    const ada = await store.subscribers.insert(
      subscriberFields({ email: 'ada@example.org', hour: 9, timezone: 'Europe/Berlin' }),
      meta,
    );
    await store.subscribers.update(
      ada.id,
      { nextDueAt: '2025-03-12T08:00:00.000Z' },
      { ...meta, event: 'updated' },
    );
    const bob = await store.subscribers.insert(subscriberFields({ email: 'bob@example.org' }), meta);
    await store.subscribers.update(bob.id, { nextDueAt: null }, { ...meta, event: 'updated' });
    await store.subscribers.insert(
      subscriberFields({ email: 'pending@example.org', status: 'pending' }),
      meta,
    );
    // Two web sign-ups still waiting for their confirmation email, and one that gave up.
    for (const email of ['new1@example.org', 'new2@example.org', 'gone@example.org'])
      await store.signups.enqueue({ email, profile: { topics: ['x'] }, source: 'web', now });
    const [gone] = await store.signups.claimDue(now, 60_000, 1);
    if (gone) await store.signups.fail(gone.id, '550 no such user', now);
    const config = loadConfig({ NODE_ENV: 'test', MAIL_FROM: 'Paperboy <news@example.org>' });
    await enqueueEdition({ store, config }, { date: '2025-03-11', now, subscriberIds: [ada.id] });
  }

  it('lists ingests (ok and failed), the next sends and the latest edition', async () => {
    await seed();
    const { code, out } = await runCaptured(['status'], { DATABASE_URL: database.url });
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Recent ingests:');
    expect(lines[1]).toBe('  error       2025-03-11 07:30:00  seeds/broken.txt  line 3: not valid UTF-8');
    expect(lines[2]).toMatch(
      new RegExp(
        `^  ok          2025-03-11 08:00:00  ${samplePath.replace(/[.]/g, '\\.')}  63 papers \\(63 new\\) date 2025-03-11`,
      ),
    );
    expect(out).toContain('Next scheduled sends (2 confirmed subscribers):');
    expect(out).toContain('  2025-03-12 08:00 UTC  ada@example.org (09:00 Europe/Berlin)');
    expect(out).toContain('  as soon as possible UTC  bob@example.org (07:00 UTC)');
    expect(out).not.toContain('pending@example.org');
    expect(out).toContain('Sign-up queue: 2 waiting for their confirmation email · 1 failed');
    expect(out).toContain(
      'Edition 2025-03-11: sent 0 · pending 1 · sending 0 · deferred 0 · failed 0 · skipped 0',
    );
  });

  it('says when a digest’s year is a guess from its file date', async () => {
    await store.papers.ingestDigest({
      path: 'digests/daily.txt',
      contentHash: 'guessed',
      parsed: { ...sampleDigest, date: '2025-03-11', dateSource: 'mtime-year' },
      now,
    });
    const { out } = await runCaptured(['status'], { DATABASE_URL: database.url });
    expect(out).toMatch(
      /digests\/daily\.txt {2}63 papers \(63 new\) date 2025-03-11 \(year guessed from the file date\)/,
    );
    const json = await runCaptured(['status', '--json'], { DATABASE_URL: database.url });
    expect(JSON.parse(json.out).ingests[0]).toMatchObject({ date: '2025-03-11', yearGuessed: true });
  });

  it('prints the same as JSON with --json', async () => {
    await seed();
    const { code, out } = await runCaptured(['status', '--json'], { DATABASE_URL: database.url });
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(status.ingests).toEqual([
      expect.objectContaining({
        path: 'seeds/broken.txt',
        status: 'error',
        error: 'line 3: not valid UTF-8',
      }),
      expect.objectContaining({
        path: samplePath,
        status: 'ok',
        date: '2025-03-11',
        papers: 63,
        newPapers: 63,
      }),
    ]);
    expect(status.confirmedSubscribers).toBe(2);
    expect(status.signupQueue).toEqual({ waiting: 2, failed: 1 });
    expect(status.nextSends.map((s: { email: string }) => s.email).sort()).toEqual([
      'ada@example.org',
      'bob@example.org',
    ]);
    expect(status.edition).toEqual({
      date: '2025-03-11',
      deliveries: { pending: 1, sending: 0, sent: 0, deferred: 0, failed: 0, skipped: 0 },
    });
  });
});
