import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enqueueEdition } from '../../src/delivery/index.ts';
import { openStore } from '../../src/store/index.ts';
import {
  createTestConfig,
  editionDate,
  seedSubscribers,
  startSmtpSink,
} from '../delivery/delivery-harness.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { spawnCommand } from '../helpers/paperboy-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('npm start and signals', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('SIGTERM to npm reaches paperboy: the port is freed and messages in flight finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-npm-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'digests'));
    const databaseUrl = join(dir, 'paperboy.db');
    const store = await openStore(databaseUrl);
    cleanups.push(() => store.close());
    await seedSubscribers(store, 60);
    const { pending } = await enqueueEdition(
      { store, config: createTestConfig() },
      { date: editionDate, now: new Date() },
    );
    expect(pending).toBe(60);
    // A relay that takes a while per message keeps messages in flight when the signal arrives.
    const sink = await startSmtpSink({ delayMs: 250 });
    cleanups.push(() => sink.close());

    const port = await findFreePort();
    const npm = spawnCommand('npm', ['start'], {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DIGESTS_DIR: join(dir, 'digests'),
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET: 'test-secret-with-enough-length',
      MAIL_FROM: 'Paperboy <paperboy@paperboy.example.org>',
      SMTP_URL: sink.url,
      SMTP_POOL_SIZE: '3',
      LOG_LEVEL: 'info',
    });
    cleanups.push(async () => {
      await npm.stop('SIGKILL');
    });
    await npm.waitForLine(/"event":"paperboy\.started"/);
    await waitFor(() => sink.messages.length >= 2, 60_000);

    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.output()).toMatch(/"event":"paperboy\.stopped"/);
    expect(await portIsFree(port)).toBe(true);

    // Nothing is left half-sent, and every message the relay accepted is recorded as sent, once.
    const edition = await store.editions.findEdition(editionDate);
    const counts = await store.editions.countByStatus(edition?.id ?? -1);
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(sink.messages.length);
    expect(counts.sent + counts.pending).toBe(60);
    expect(counts.pending).toBeGreaterThan(0);
    expect(Math.max(...sink.countByRecipient().values())).toBe(1);
  });
});
