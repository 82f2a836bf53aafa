import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.ts';
import { createDaemonHome, type PaperboyProcess, spawnCommand } from '../helpers/paperboy-process.ts';
import { startTestInbox, type TestInbox } from '../web/test-inbox.ts';

const reportHook = join(repoRoot, 'test', 'fixtures', 'loader', 'report-mail-catcher-packages.mjs');

/** `paperboy start` in a fresh home, with the hook that names the mail catcher's packages as they load. */
async function startWatched(
  extraEnv: Record<string, string>,
): Promise<{ run: PaperboyProcess; env: Record<string, string>; dir: string }> {
  const { dir, env } = await createDaemonHome('paperboy-relay-');
  const run = spawnCommand(
    process.execPath,
    ['--import', reportHook, join(repoRoot, 'bin', 'paperboy.js'), 'start'],
    {
      ...env,
      ...extraEnv,
    },
  );
  await run.waitForLine(/"event":"paperboy\.started"/);
  return { run, env, dir };
}

describe('paperboy start with a relay (SMTP_URL)', () => {
  const dirs: string[] = [];
  const runs: PaperboyProcess[] = [];
  let relay: TestInbox | undefined;

  afterAll(async () => {
    for (const run of runs) await run.stop('SIGKILL');
    await relay?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('never loads the built-in mail catcher and serves no outbox; without SMTP_URL it does both', async () => {
    relay = await startTestInbox();
    const withRelay = await startWatched({ SMTP_URL: relay.url });
    runs.push(withRelay.run);
    dirs.push(withRelay.dir);
    expect((await fetch(`${withRelay.env.PUBLIC_URL}/healthz`)).status).toBe(200);
    expect((await fetch(`${withRelay.env.PUBLIC_URL}/outbox`)).status).toBe(404);
    expect(withRelay.run.output()).not.toMatch(/mail-catcher package loaded/);

    // The same hook does see the catcher's packages when the catcher runs: the check above can fail.
    const withCatcher = await startWatched({});
    runs.push(withCatcher.run);
    dirs.push(withCatcher.dir);
    expect((await fetch(`${withCatcher.env.PUBLIC_URL}/outbox`)).status).toBe(200);
    expect(withCatcher.run.output()).toMatch(/mail-catcher package loaded: smtp-server/);
    expect(withCatcher.run.output()).toMatch(/mail-catcher package loaded: mailparser/);
  }, 120_000);
});
