import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../src/mail/index.ts';
import type { SignupTables } from '../../src/store/index.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { validForm } from './subscription-flow.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

/**
 * The audit measured POST /subscribe answering about twice as fast for suppressed and rate-limited
 * addresses (no SMTP round trip) as for others: a timing oracle on who is known. Tests never assert
 * wall-clock times, so these assert the cause instead: the request does the same work for every
 * outcome (one queued row, nothing else), and its answer does not wait for the mail server.
 */
describe('POST /subscribe takes the same time for every outcome', () => {
  let h: WebHarness;
  afterEach(async () => {
    await h.close();
  });

  async function post(email: string) {
    const form = await h.openForm('/');
    const response = await h.post(
      '/subscribe',
      { ...validForm, email, _csrf: form.csrf },
      { cookie: form.cookie },
    );
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
    };
  }

  async function snapshot() {
    const subscribers = await h.store.subscribers.list();
    const events = await Promise.all(subscribers.map((s) => h.store.subscribers.listEvents(s.id)));
    return { subscribers, events };
  }

  it('does one insert and nothing else, whether the address is new, known, suppressed or over its limit', async () => {
    h = await createWebHarness({ ingest: false, drainOnEnqueue: false });
    const meta = { now: h.clock.now, source: 'cli' as const };
    await h.store.subscribers.insert(subscriberFields({ email: 'known@example.org' }), meta);
    const limited = await h.store.subscribers.insert(
      subscriberFields({ email: 'limited@example.org', status: 'pending' }),
      meta,
    );
    for (let i = 0; i < h.config.CONFIRM_EMAILS_PER_DAY; i++)
      await h.store.subscribers.recordEvent(limited, 'confirmation_sent', 'web', h.clock.now);
    await h.store.subscribers.suppress('suppressed@example.org', 'hard bounce', 'bounce', h.clock.now);
    const before = await snapshot();

    const answers = [];
    for (const email of [
      'new@example.org',
      'known@example.org',
      'suppressed@example.org',
      'limited@example.org',
    ])
      answers.push(await post(email));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ status: 303, location: '/subscribe/check-inbox', body: '' });
    // The request touched no subscriber, no consent record and no mail server.
    expect(await snapshot()).toEqual(before);
    expect(h.inbox.messages).toHaveLength(0);
    expect(await h.store.signups.countByStatus()).toMatchObject({ queued: 4 });

    // The queue decides afterwards, off the request.
    expect(await h.signups.drain()).toBe(4);
    const rows = await h.store.db
      .withTables<SignupTables>()
      .selectFrom('signup_requests')
      .select(['email', 'status', 'outcome'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { email: 'new@example.org', status: 'done', outcome: 'confirmation_sent' },
      { email: 'known@example.org', status: 'done', outcome: 'confirmation_sent' },
      { email: 'suppressed@example.org', status: 'done', outcome: 'suppressed' },
      { email: 'limited@example.org', status: 'done', outcome: 'address_limited' },
    ]);
    const mails = await h.inbox.waitForMessages(2);
    expect(mails.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'known@example.org',
      'new@example.org',
    ]);
  });

  it('answers before the mail server does, while the confirmation is still being sent', async () => {
    // A relay that accepts connections and never says a word: the SMTP greeting never comes.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    h = await createWebHarness({
      ingest: false,
      extra: { mailer: new SmtpMailer({ url: `smtp://127.0.0.1:${port}` }) },
    });
    try {
      expect(await post('new@example.org')).toMatchObject({
        status: 303,
        location: '/subscribe/check-inbox',
      });
      await expect.poll(() => sockets.size).toBe(1);
      expect(await h.store.signups.countByStatus()).toMatchObject({ sending: 1, done: 0 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await h.signups.idle();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    // The dropped connection is a failed attempt: the request waits for its retry, nothing is lost.
    expect(await h.store.signups.countByStatus()).toMatchObject({ queued: 1, sending: 0 });
  });
});
