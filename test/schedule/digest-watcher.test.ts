import { appendFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestWatcher } from '../../src/schedule/digest-watcher.ts';
import type { Store } from '../../src/store/index.ts';
import { samplePath } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { createFakeClock } from './schedule-harness.ts';

describe('digest watcher', () => {
  let database: TestDatabase;
  let store: Store;
  let dir: string;
  const clock = createFakeClock('2025-03-11T06:00:00Z');
  const warnings: object[] = [];
  const logger = { info() {}, warn: (details: object) => warnings.push(details) };

  beforeEach(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
    dir = mkdtempSync(join(tmpdir(), 'paperboy-watch-'));
    warnings.length = 0;
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits until a partially written file stops changing, then ingests it once', async () => {
    const watcher = createDigestWatcher({ dir, store, clock: clock.now, logger, stableMs: 2000 });
    const text = readFileSync(samplePath, 'utf8');
    const file = join(dir, '2025-03-11-daily.txt');
    writeFileSync(file, text.slice(0, 20_000));
    expect(await watcher.poll()).toEqual([]);
    clock.advance(1000);
    appendFileSync(file, text.slice(20_000, 60_000));
    expect(await watcher.poll()).toEqual([]);
    clock.advance(2500);
    appendFileSync(file, text.slice(60_000));
    // Still growing: nothing ingested yet, not even the half written at first.
    expect(await watcher.poll()).toEqual([]);
    expect(await store.papers.countPapers()).toBe(0);
    clock.advance(1000);
    expect(await watcher.poll()).toEqual([]);
    clock.advance(1500);
    const results = await watcher.poll();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'ok', papers: 63, newPapers: 63, date: '2025-03-11' });
    clock.advance(5000);
    expect(await watcher.poll()).toEqual([]);
    expect(await store.papers.countPapers()).toBe(63);
    // The file name gives the date: nothing to warn about.
    expect(warnings).toEqual([]);
  });

  it('reports a bad file and keeps watching the others', async () => {
    const watcher = createDigestWatcher({ dir, store, clock: clock.now, logger, stableMs: 0 });
    writeFileSync(join(dir, 'a-bad.txt'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(dir, 'b-good.txt'), readFileSync(samplePath));
    await watcher.poll();
    clock.advance(10);
    const results = await watcher.poll();
    expect(results.map((r) => r.status)).toEqual(['error', 'ok']);
    expect(warnings).toEqual([
      expect.objectContaining({ event: 'digest.failed' }),
      expect.objectContaining({ event: 'digest.date_guessed', file: expect.stringContaining('b-good.txt') }),
    ]);
    expect((await store.papers.listRecentDigests()).map((d) => d.status)).toEqual(['ok', 'error']);
  });

  it("warns when a digest's year is a guess from the file's modification time, and says how to fix it", async () => {
    const watcher = createDigestWatcher({ dir, store, clock: clock.now, logger, stableMs: 0 });
    // The sample says "Mar 11" and no year, and this file name gives none either.
    const guessed = join(dir, 'daily-papers.txt');
    writeFileSync(guessed, readFileSync(samplePath));
    utimesSync(guessed, new Date('2024-06-07T08:00:00Z'), new Date('2024-06-07T08:00:00Z'));
    await watcher.poll();
    clock.advance(10);
    expect((await watcher.poll()).map((r) => r.date)).toEqual(['2024-03-11']);
    expect(warnings).toEqual([
      {
        event: 'digest.date_guessed',
        file: expect.stringContaining('daily-papers.txt'),
        date: '2024-03-11',
        warning:
          'the file gives no year: 2024 is a guess from its modification time; put the date in the file name (2024-03-11-daily.txt) to be sure',
      },
    ]);
  });

  it('re-ingests a file that changed after it was ingested', async () => {
    const watcher = createDigestWatcher({ dir, store, clock: clock.now, logger, stableMs: 0 });
    const file = join(dir, '2025-03-11-daily.txt');
    const text = readFileSync(samplePath, 'utf8');
    writeFileSync(file, text.split('\n').slice(0, 20).join('\n'));
    await watcher.poll();
    clock.advance(10);
    expect((await watcher.poll())[0]).toMatchObject({ status: 'ok', papers: 3 });
    writeFileSync(file, text);
    await watcher.poll();
    clock.advance(10);
    expect((await watcher.poll())[0]).toMatchObject({ status: 'ok', papers: 63, newPapers: 60 });
    expect(await store.papers.listPapers({ digestDate: '2025-03-11' })).toHaveLength(63);
  });
});
