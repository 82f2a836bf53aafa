import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const run = promisify(execFile);

/**
 * The audit ran every command against a database it could read but not write: each must exit 1 with
 * one clear line, never a stack trace or a half-done write. The file and its folder are made read-only;
 * as root (CI) permissions do not bind, so the commands then run as the unprivileged user `nobody`.
 */
describe('a read-only database (real process)', () => {
  let dir: string;
  let databaseUrl: string;
  const asNobody = process.getuid?.() === 0 ? { uid: 65_534, gid: 65_534 } : {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-readonly-'));
    databaseUrl = join(dir, 'paperboy.db');
    const store = await openStore(databaseUrl);
    await store.close();
    chmodSync(databaseUrl, 0o444);
    chmodSync(dir, 0o555);
  });

  afterAll(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['status'],
    ['papers'],
    ['ingest', join(repoRoot, 'seeds')],
    ['subscribers', 'list'],
    ['subscribers', 'add', 'ada@example.org', '--topics', 'RLHF', '--confirmed'],
    ['send', '--dry-run'],
    ['worker'],
    ['serve', '--port', '0'],
    ['start'],
  ])('paperboy %s … exits 1 with one line', async (...args) => {
    const result = await run(process.execPath, [join(repoRoot, 'bin', 'paperboy.js'), ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        DEVMAIL_PORT: '0',
      },
      timeout: 30_000,
      ...asNobody,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `paperboy: cannot open database ${databaseUrl}: attempt to write a readonly database`,
    ]);
  });
});
