import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import type { Store } from '../../src/store/index.ts';
import { samplePath } from '../helpers/fixtures.ts';
import { runCaptured, subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const now = new Date('2025-03-11T08:00:00Z');
const dpoTitle = 'Unintentional Unalignment: Likelihood Displacement in Direct Preference Optimization';

describe.each(testBackends)('reader ratings from the CLI on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  let ids: Map<string, string>;
  const run = (argv: string[]) => runCaptured(argv, env, now);

  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
    const parsed = parseDigest({ bytes: readFileSync(samplePath), fileName: '2025-03-11-daily.txt', now });
    await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'h1', parsed, now });
    ids = new Map(parsed.papers.map((p) => [p.title, p.id]));
    await store.subscribers.insert(subscriberFields({ email: 'ada@example.org', topics: ['AI safety'] }), {
      now,
      source: 'cli',
    });
    env = {
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      PUBLIC_URL: 'http://paperboy.test',
      SECRET: 'x'.repeat(32),
    };
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('rates, replaces a vote, clears it, and exports and imports the ratings', async () => {
    const dpo = ids.get(dpoTitle) as string;
    expect(await run(['subscribers', 'rate', 'ada@example.org', dpo, 'up'])).toMatchObject({ code: 0 });
    expect(await store.ratings.listForSubscriber(1)).toMatchObject([
      { paperId: dpo, vote: 'up', source: 'cli' },
    ]);
    await run(['subscribers', 'rate', 'Ada@Example.org', dpo, 'down']);
    expect(await store.ratings.listForSubscriber(1)).toMatchObject([{ paperId: dpo, vote: 'down' }]);

    const exported = await run(['subscribers', 'export']);
    expect(exported.out.split('\r\n')[0]).toBe(
      'email,topics,frequency,weekday,hour,timezone,status,likes,dislikes',
    );
    expect(exported.out).toContain(`,,${dpo}\r\n`);

    expect((await run(['subscribers', 'rate', 'ada@example.org', dpo, 'clear'])).out).toMatch(/^cleared/);
    expect(await store.ratings.listForSubscriber(1)).toEqual([]);

    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-ratings-')), 'subscribers.csv');
    writeFileSync(file, exported.out);
    const imported = await run(['subscribers', 'import', file]);
    expect(imported).toMatchObject({ code: 0 });
    expect(await store.ratings.listForSubscriber(1)).toMatchObject([{ paperId: dpo, vote: 'down' }]);
  });

  it('exports and imports a reader of example papers alone (no topics), and refuses a row with neither', async () => {
    const dpo = ids.get(dpoTitle) as string;
    await store.subscribers.insert(subscriberFields({ email: 'bea@example.org', topics: [] }), {
      now,
      source: 'cli',
    });
    await run(['subscribers', 'rate', 'bea@example.org', dpo, 'up']);
    const exported = await run(['subscribers', 'export']);
    const bea = exported.out.split('\r\n').find((line) => line.startsWith('bea@'));
    expect(bea).toMatch(new RegExp(`^bea@example\\.org,,.*,${dpo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},$`));

    const dir = mkdtempSync(join(tmpdir(), 'paperboy-examples-'));
    const file = join(dir, 'subscribers.csv');
    writeFileSync(file, `email,topics,likes\ncy@example.org,,${dpo}\nnone@example.org,,\n`);
    const imported = await run(['subscribers', 'import', file]);
    expect(imported.code).toBe(1);
    expect(imported.out + imported.err).toContain(
      'subscribers.csv:3  topics: enter at least one topic, or liked paper ids in the likes column',
    );
    const cy = await store.subscribers.findByEmail('cy@example.org');
    expect(cy?.topics).toEqual([]);
    expect(await store.ratings.listForSubscriber(cy?.id ?? 0)).toMatchObject([{ paperId: dpo, vote: 'up' }]);
    expect(await store.subscribers.findByEmail('none@example.org')).toBeUndefined();
  });

  it('refuses unknown papers, readers and votes with exit code 2', async () => {
    const dpo = ids.get(dpoTitle) as string;
    expect(await run(['subscribers', 'rate', 'ada@example.org', 'arxiv:0000.00000', 'up'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('no stored paper "arxiv:0000.00000"'),
    });
    expect((await run(['subscribers', 'rate', 'nobody@example.org', dpo, 'up'])).code).toBe(2);
    expect((await run(['subscribers', 'rate', 'ada@example.org', dpo, 'sideways'])).code).toBe(2);
    expect(await run(['match', '--topics', 'RLHF', '--like', 'title:not-a-paper'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('no stored paper "title:not-a-paper"'),
    });
  });

  it('matches from liked papers alone, and says which liked paper a pick resembles', async () => {
    const dpo = ids.get(dpoTitle) as string;
    const out = await run(['match', '--like', dpo, '--digest', '2025-03-11', '--json']);
    expect(out.code).toBe(0);
    const picks = JSON.parse(out.out) as { id: string; reasons: string[] }[];
    expect(picks.length).toBeGreaterThan(0);
    expect(picks[0]?.reasons.join(' ')).toContain('that you liked');
    // Without ratings a profile is what it was.
    const plain = await run(['match', '--topics', 'RLHF', '--json']);
    const liked = await run(['match', '--topics', 'RLHF', '--dislike', dpo, '--json']);
    expect(JSON.parse(liked.out).length).toBeGreaterThan(0);
    expect(JSON.parse(plain.out).length).toBeGreaterThan(0);
  });
});
