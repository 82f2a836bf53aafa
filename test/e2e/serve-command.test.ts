import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { ingestSampleDigest } from '../helpers/fixtures.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { type PaperboyProcess, spawnPaperboy } from '../helpers/paperboy-process.ts';
import { runCaptured, subscriberFields } from '../helpers/run-captured.ts';

describe('paperboy serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
  const processes: PaperboyProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a port that is not a number (exit 2)', async () => {
    const { code, err } = await runCaptured(['serve', '--port', 'http'], { DATABASE_URL: join(dir, 'x.db') });
    expect(code).toBe(2);
    expect(err).toContain('serve: --port must be a number 0–65535, got "http"');
  });

  it('runs only the web app on --port: sign-up works, confirmations land in /outbox, nothing is scheduled', async () => {
    const port = await findFreePort();
    const databaseUrl = join(dir, 'paperboy.db');
    // A confirmed subscriber who is due and an edition to send: `start` would enqueue an issue at once.
    const seeded = await openStore(databaseUrl);
    await ingestSampleDigest(seeded, '2025-03-11', new Date());
    await seeded.subscribers.insert(subscriberFields({ email: 'due@example.org' }), {
      now: new Date(),
      source: 'cli',
    });
    await seeded.close();
    const server = spawnPaperboy(['serve', '--port', String(port)], {
      DATABASE_URL: databaseUrl,
      DIGESTS_DIR: join(dir, 'no-digests'),
      DEVMAIL_PORT: '0',
      LOG_LEVEL: 'info',
    });
    processes.push(server);
    const started = JSON.parse(await server.waitForLine(/"event":"paperboy\.started"/));
    // Without PUBLIC_URL, links point at the port actually served.
    expect(started).toMatchObject({ web: `http://localhost:${port}`, scheduling: false, sending: false });
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });

    const home = await fetch(`${base}/`);
    const html = await home.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const cookie = (home.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const subscribed = await fetch(`${base}/subscribe`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        origin: `http://localhost:${port}`,
      },
      body: new URLSearchParams({
        email: 'ada@example.org',
        topics: 'conformal prediction',
        frequency: 'daily',
        hour: '7',
        timezone: 'UTC',
        _csrf: csrf,
      }).toString(),
    });
    expect(subscribed.status).toBe(303);
    await server.waitForLine(/"event":"outbox\.received"/, 30_000);
    const outbox = await fetch(`${base}/outbox`);
    expect(outbox.status).toBe(200);
    expect(await outbox.text()).toContain('Confirm your subscription');

    // Development with the built-in mail catcher: the example values are fine there.
    expect(server.output()).not.toContain('config.example_value');
    expect(await server.stop('SIGTERM')).toBe(0);
    const store = await openStore(databaseUrl);
    try {
      expect((await store.subscribers.findByEmail('ada@example.org'))?.status).toBe('pending');
      expect(await store.editions.listDeliveries()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('warns at start about the example postal address and an @localhost sender on a real relay', async () => {
    const port = await findFreePort();
    const server = spawnPaperboy(['serve', '--port', String(port)], {
      NODE_ENV: 'production',
      SECRET: 'serve-test-secret-0123456789',
      DATABASE_URL: join(dir, 'production.db'),
      DIGESTS_DIR: join(dir, 'no-digests'),
      // Nothing is sent in this test: the relay is only named.
      SMTP_URL: 'smtp://smtp.example.org:587',
      LOG_LEVEL: 'info',
    });
    processes.push(server);
    await server.waitForLine(/"event":"paperboy\.started"/);
    const warnings = server.lines
      .filter((line) => line.includes('"event":"config.example_value"'))
      .map((line) => JSON.parse(line) as { level: number; variable: string; msg: string });
    expect(warnings.map((w) => [w.level, w.variable])).toEqual([
      [40, 'POSTAL_ADDRESS'],
      [40, 'MAIL_FROM'],
    ]);
    expect(warnings[1]?.msg).toContain('SMTP_URL is a real relay (smtp.example.org)');
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
