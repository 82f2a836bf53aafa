import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { buildIssuePreview } from '../../src/delivery/build-issue-preview.ts';
import { enqueueEdition } from '../../src/delivery/index.ts';
import { loadTemplates } from '../../src/render/index.ts';
import { samplePath } from '../helpers/fixtures.ts';
import { runCaptured, subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const now = new Date('2025-03-11T08:00:00Z');

const run = (argv: string[], env: Record<string, string>) => runCaptured(argv, env, now);

describe('paperboy preview usage', () => {
  it.each([
    [['preview'], 'exactly one of --email'],
    [['preview', '--email', 'a@b.example', '--topics', 'RLHF'], 'exactly one of --email'],
    [['preview', '--topics', 'RLHF', '--format', 'pdf'], '--format must be html, text or eml'],
    [['preview', '--topics', 'RLHF', '--digest', 'today'], '--digest must be a date'],
    [['preview', '--topics', 'RLHF, of the'], '--topics: "of the" has no word to match papers on'],
    // Checked like `match` checks it: the flag is named, and nothing reaches the store.
    [['preview', '--topics', 'x'.repeat(101)], 'preview: --topics: must be at most 100 characters'],
    [
      ['preview', '--topics', Array.from({ length: 21 }, (_, i) => `topic ${i}`).join(', ')],
      'preview: --topics: at most 20 topics',
    ],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const { code, err } = await run(argv, {});
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe.each(testBackends)('paperboy preview on %s', (backend) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    database = createTestDatabase(backend);
    dir = mkdtempSync(join(tmpdir(), 'paperboy-preview-'));
    env = {
      DATABASE_URL: database.url,
      PUBLIC_URL: 'https://paperboy.example',
      SECRET: 'test-secret-0123456789',
      MAIL_FROM: 'Paperboy <news@paperboy.example>',
      UNSUBSCRIBE_MAILTO: 'unsubscribe@paperboy.example',
      LIST_ID: 'daily.paperboy.example',
    };
    // A dated file name pins the edition date; the sample's own header has no year.
    copyFileSync(samplePath, join(dir, '2025-03-11-daily.txt'));
    const ingest = await run(['ingest', '--quiet', join(dir, '2025-03-11-daily.txt')], env);
    expect(ingest.code).toBe(0);
    const store = await database.open();
    try {
      await store.subscribers.insert(
        subscriberFields({ email: 'ada@example.org', topics: ['conformal prediction', 'RLHF'] }),
        { now, source: 'cli' },
      );
    } finally {
      await store.close();
    }
  });

  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the HTML issue for topics to stdout', async () => {
    const { code, out } = await run(['preview', '--topics', 'conformal prediction, RLHF'], env);
    expect(code).toBe(0);
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).toContain('COLEP: Certifiably Robust Learning-Reasoning Conformal Prediction');
    // "View in browser" opens the reader's own issue through a signed link; a topic preview's is inert.
    expect(out).toMatch(
      /href="https:\/\/paperboy\.example\/issue\/issue\.preview~2025-03-11\.0\.[\w-]+\.[\w-]+"/,
    );
  });

  it('writes the text part for a stored subscriber', async () => {
    const { code, out } = await run(['preview', '--email', 'ADA@example.org', '--format', 'text'], env);
    expect(code).toBe(0);
    expect(out).toContain('Unsubscribe: https://paperboy.example/unsubscribe/unsubscribe.');
    expect(out).toContain('conformal prediction');
  });

  it('writes the full message with every header to --out', async () => {
    const file = join(dir, 'issue.eml');
    const { code, err } = await run(
      ['preview', '--email', 'ada@example.org', '--format', 'eml', '--out', file],
      env,
    );
    expect(code).toBe(0);
    expect(err).toMatch(/^wrote eml preview of the 2025-03-11 issue for ada@example\.org \(\d+ papers\) to /);
    const raw = readFileSync(file);
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ name: 'Paperboy', address: 'news@paperboy.example' }]);
    expect(mail.subject).toMatch(/^\d+ new papers?(: | on ).+ · Mar 11$/);
    expect(mail.date?.toISOString()).toBe(now.toISOString());
    expect(mail.messageId).toMatch(/^<2025-03-11\.[^@]+@paperboy\.example>$/);
    const lines = new Map(mail.headerLines.map((h) => [h.key, h.line]));
    expect(lines.get('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/paperboy\.example\/unsubscribe\/[^>]+>, <mailto:unsubscribe@paperboy\.example\?subject=unsubscribe>$/,
    );
    expect(lines.get('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(lines.get('list-id')).toBe('List-ID: "Paperboy" <daily.paperboy.example>');
    expect(mail.text).toContain('Manage your topics: https://paperboy.example/preferences/');
    expect(mail.html).toContain('lang="en"');
  });

  it('shows an enqueued issue exactly as frozen in the ledger: same papers, same Message-ID', async () => {
    const store = await database.open();
    try {
      const config = loadConfig(env);
      await enqueueEdition({ store, config }, { date: '2025-03-11', now });
      const edition = await store.editions.findEdition('2025-03-11');
      const [delivery] = await store.editions.listDeliveries(edition?.id);
      const frozen = JSON.parse(delivery?.papers ?? '[]') as { id: string }[];
      const preview = await buildIssuePreview(
        { store, templates: await loadTemplates(), config, clock: () => now },
        { email: 'ada@example.org', date: '2025-03-11' },
      );
      expect(preview.status).toBe('pending');
      expect(preview.paperCount).toBe(frozen.length);
      expect(preview.headers).toContainEqual(['Message-ID', delivery?.message_id]);
    } finally {
      await store.close();
    }
    const noted = await run(['preview', '--email', 'ada@example.org', '--format', 'text'], env);
    expect(noted.err).toContain('already in the ledger for ada@example.org (status pending)');
  });

  it('says when nothing would be sent to a subscriber', async () => {
    const store = await database.open();
    try {
      await store.subscribers.insert(
        subscriberFields({ email: 'marine@example.org', topics: ['sea cucumber husbandry'] }),
        {
          now,
          source: 'cli',
        },
      );
    } finally {
      await store.close();
    }
    const result = await run(['preview', '--email', 'marine@example.org', '--format', 'text'], env);
    expect(result.code).toBe(0);
    expect(result.err).toContain('nothing would be sent to marine@example.org for 2025-03-11');
  });

  it('explains an unknown subscriber or digest', async () => {
    const missing = await run(['preview', '--email', 'nobody@example.org'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('no subscriber with the email nobody@example.org');
    const noDigest = await run(['preview', '--topics', 'RLHF', '--digest', '2020-01-01'], env);
    expect(noDigest.code).not.toBe(0);
    expect(noDigest.err).toContain('no digest for 2020-01-01');
  });
});
