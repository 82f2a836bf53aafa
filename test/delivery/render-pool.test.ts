import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIssueRaw,
  createRenderPool,
  enqueueEdition,
  type IssueJob,
  runDeliveries,
} from '../../src/delivery/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { type CompiledTemplates, loadTemplates } from '../../src/render/index.ts';
import {
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  startSmtpSink,
} from './delivery-harness.ts';

let templates: CompiledTemplates;
beforeAll(async () => {
  templates = await loadTemplates();
});

const config = createTestConfig();
const pool = createRenderPool({ config, threads: 2 });
afterAll(() => pool.close());

function issueJob(i: number): IssueJob {
  return {
    recipient: {
      publicId: `reader-${i}`,
      email: `reader${i}@example.org`,
      topics: ['reasoning'],
      timezone: 'Europe/Berlin',
    },
    date: editionDate,
    papers: [
      {
        paper: {
          id: `arxiv:2403.0000${i}`,
          title: `Paper ${i} on reasoning`,
          abstract: 'We study reasoning in large language models. '.repeat(20),
          authors: ['A. Author', 'B. Author'],
          url: `https://arxiv.org/abs/2403.0000${i}`,
          arxivId: `2403.0000${i}`,
          categories: ['cs.CL'],
        },
        reasons: ['matches "reasoning"'],
        matchedTopics: ['reasoning'],
      },
    ],
    messageId: `<issue-${i}@paperboy.example.org>`,
    now: new Date('2024-03-11T07:00:00Z'),
  };
}

describe('render threads', () => {
  it('build the same bytes as this thread, for many issues at once', async () => {
    const jobs = Array.from({ length: 12 }, (_, i) => issueJob(i));
    const offThread = await Promise.all(jobs.map((job) => pool.build(job)));
    for (const [i, job] of jobs.entries()) {
      const here = await buildIssueRaw({ config, templates, ...job });
      const there = offThread[i];
      expect(there?.envelope).toEqual({
        from: 'paperboy@paperboy.example.org',
        to: [`reader${i}@example.org`],
      });
      expect(there?.messageId).toBe(job.messageId);
      expect(there?.raw.equals(here.raw)).toBe(true);
    }
    // Different readers get different messages: the comparison above is not between empty buffers.
    expect(offThread[0]?.raw.equals(offThread[1]?.raw ?? Buffer.alloc(0))).toBe(false);
    expect(offThread[0]?.raw.toString('utf8')).toMatch(/^List-Unsubscribe: <https:/m);
  }, 60_000);

  it('report a render failure as an error, and keep serving', async () => {
    const bad = { ...issueJob(1), date: 'not-a-date' };
    await expect(pool.build(bad)).rejects.toThrow(/YYYY-MM-DD/);
    expect((await pool.build(issueJob(2))).raw.length).toBeGreaterThan(1000);
  }, 60_000);

  it('defer, not fail, the issues of a thread that was lost, and send them on the retry', async () => {
    const db = await openTestDatabase('sqlite');
    const sink = await startSmtpSink();
    const mailer = new SmtpMailer({ url: sink.url, poolSize: 5 });
    try {
      const emails = await seedSubscribers(db.store, 520);
      // The real pool, with a thread "lost" under the first 7 issues it is handed.
      let losses = 7;
      const renderer = {
        build: (job: IssueJob) =>
          losses-- > 0
            ? Promise.reject(new AppError('RENDER_THREAD_LOST', 'render thread stopped: exit code 1'))
            : pool.build(job),
        close: async () => {},
      };
      const deps = { store: db.store, mailer, config, clock: () => new Date(), templates, renderer };
      await enqueueEdition(deps, { date: editionDate, now: new Date() });
      const summary = await runDeliveries(deps);
      expect(summary).toMatchObject({ sent: 520, failed: 0, deferred: 0 });
      const counts = sink.countByRecipient();
      expect(emails.every((email) => counts.get(email) === 1)).toBe(true);
    } finally {
      await mailer.close();
      await sink.close();
      await db.cleanup();
    }
  }, 120_000);

  it('carry a whole send run, each subscriber once, every outcome in the ledger', async () => {
    const db = await openTestDatabase('sqlite');
    const sink = await startSmtpSink();
    const mailer = new SmtpMailer({ url: sink.url, poolSize: 5 });
    try {
      const emails = await seedSubscribers(db.store, 600);
      const deps = { store: db.store, mailer, config, clock: () => new Date(), templates, renderer: pool };
      const { editionId } = await enqueueEdition(deps, { date: editionDate, now: new Date() });
      const summary = await runDeliveries(deps);
      expect(summary).toMatchObject({ sent: 600, failed: 0, deferred: 0 });
      const counts = sink.countByRecipient();
      expect(emails.every((email) => counts.get(email) === 1)).toBe(true);
      const ledger = await db.store.editions.listDeliveries(editionId);
      expect(ledger.every((d) => d.status === 'sent' && /^250/.test(d.last_response ?? ''))).toBe(true);
    } finally {
      await mailer.close();
      await sink.close();
      await db.cleanup();
    }
  }, 120_000);
});
