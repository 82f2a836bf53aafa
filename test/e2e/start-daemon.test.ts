import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { insertSubscriberDueNow } from '../helpers/due-now.ts';
import { samplePath } from '../helpers/fixtures.ts';
import { createDaemonHome, type PaperboyProcess, spawnPaperboy } from '../helpers/paperboy-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('paperboy start (real process)', () => {
  let dir: string;
  let store: Store;
  let env: Record<string, string>;
  const processes: PaperboyProcess[] = [];

  beforeAll(async () => {
    ({ dir, env } = await createDaemonHome('paperboy-e2e-'));
    store = await openStore(env.DATABASE_URL as string);
    await insertSubscriberDueNow(store, 'reader@example.com', ['conformal prediction']);
  }, 300_000);

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const issuesFor = (email: string) => store.outbox.list({ to: email });

  it('ingests a dropped digest and sends the subscriber whose hour is now exactly one issue, also after a restart, which sends at once', async () => {
    const first = spawnPaperboy(['start'], env);
    processes.push(first);
    await first.waitForLine(/"event":"paperboy\.started"/);
    const home = await fetch(env.PUBLIC_URL as string);
    expect(home.status).toBe(200);
    expect(await issuesFor('reader@example.com')).toHaveLength(0);

    writeFileSync(join(env.DIGESTS_DIR as string, '2025-03-11-daily.txt'), readFileSync(samplePath));
    await first.waitForLine(/"event":"digest\.ingested"/, 30_000);
    await waitFor(async () => (await issuesFor('reader@example.com')).length > 0, 60_000);
    const issues = await issuesFor('reader@example.com');
    expect(issues).toHaveLength(1);
    // The subject carries the day it is sent (the daemon's real clock), not the digest's date.
    expect(issues[0]?.subject).toMatch(/new papers? on conformal prediction · [A-Z][a-z]{2} \d{1,2}$/);
    const outbox = await fetch(`${env.PUBLIC_URL}/outbox`);
    expect(outbox.status).toBe(200);
    expect(await outbox.text()).toContain('conformal prediction');

    expect(await first.stop('SIGTERM')).toBe(0);
    // A reader who became due while paperboy was down: a clean stop hands the scheduler lease back,
    // so the restarted process sends at once instead of waiting for the old lease to expire.
    await insertSubscriberDueNow(store, 'late@example.com', ['conformal prediction']);

    const second = spawnPaperboy(['start'], env);
    processes.push(second);
    await second.waitForLine(/"event":"paperboy\.started"/);
    // The start-up tick and one regular tick (every 15 s) both run before we look again.
    await sleep(17_000);
    expect(await issuesFor('reader@example.com')).toHaveLength(1);
    expect(await issuesFor('late@example.com')).toHaveLength(1);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
