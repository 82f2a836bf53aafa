import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { insertSubscriberDueNow } from '../helpers/due-now.ts';
import {
  type FixtureServer,
  recordedSourcesEnv,
  routeRecordedSources,
  startFixtureServer,
} from '../helpers/fixture-server.ts';
import { createDaemonHome, type PaperboyProcess, spawnPaperboy } from '../helpers/paperboy-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe('paperboy start with SOURCES (real process, local fixture server)', () => {
  let server: FixtureServer;
  let dir: string;
  let store: Store;
  let env: Record<string, string>;
  let daemon: PaperboyProcess | undefined;

  beforeAll(async () => {
    server = await startFixtureServer();
    routeRecordedSources(server);

    const home = await createDaemonHome('paperboy-e2e-fetch-');
    dir = home.dir;
    env = {
      ...home.env,
      // /gone.xml is not routed: it answers 404, which is not retried.
      ...recordedSourcesEnv(server, [`gone=feed:${server.url}/gone.xml`]),
    };
    store = await openStore(env.DATABASE_URL as string);
    await insertSubscriberDueNow(store, 'reader@example.com', ['conformal prediction']);
  }, 300_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await store?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches at start and the subscriber receives papers that were fetched, not dropped', async () => {
    daemon = spawnPaperboy(['start'], env);
    await daemon.waitForLine(/"event":"paperboy\.started"/);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    // Every source was asked before the daemon said it was running; the broken one did not stop it.
    expect(daemon.output()).toMatch(/"event":"fetch\.completed".*"source":"hf-daily".*"status":"written"/);
    expect(daemon.output()).toMatch(/"event":"fetch\.completed".*"source":"jmlr".*"status":"written"/);
    expect(daemon.output()).toMatch(/"event":"fetch\.failed".*"source":"gone".*HTTP 404/);
    const hf = server.requestsTo('/api/daily_papers')[0];
    expect(hf?.query.get('date')).toBe(yesterday);
    expect(hf?.headers['user-agent']).toMatch(/^Paperboy\/.+ \(mailto:ops@example\.org\)$/);
    expect(existsSync(join(env.DIGESTS_DIR as string, `${yesterday}-hf-daily.json`))).toBe(true);

    await waitFor(async () => (await store.outbox.list({ to: 'reader@example.com' })).length > 0, 60_000);
    const [issue] = await store.outbox.list({ to: 'reader@example.com' });
    expect(issue?.subject).toMatch(/conformal prediction/);
    const message = await simpleParser((await store.outbox.get(issue?.id as number))?.raw ?? '');
    expect(message.text).toContain('A Tutorial on Conformal Prediction');

    expect(await daemon.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
