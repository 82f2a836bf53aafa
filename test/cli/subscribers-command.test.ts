import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { runCaptured } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';
import { startTestInbox } from '../web/test-inbox.ts';
import { rawHeader } from '../web/web-harness.ts';

const now = new Date('2025-03-11T08:00:00Z');
/** A weekly schedule in a zone other than UTC, confirmed at once. */
const fridayEvening = [
  '--frequency',
  'weekly',
  '--weekday',
  'fri',
  '--hour',
  '18',
  '--tz',
  'Europe/Berlin',
  '--confirmed',
];

describe.each(testBackends)('paperboy subscribers on %s', (backend) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  const run = (argv: string[], extraEnv: Record<string, string> = {}) =>
    runCaptured(['subscribers', ...argv], { ...env, ...extraEnv }, now);

  async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
    const store = await openStore(database.url);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  beforeEach(() => {
    database = createTestDatabase(backend);
    dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
    env = {
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      PUBLIC_URL: 'http://paperboy.test',
      SECRET: 'x'.repeat(32),
    };
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a confirmed subscriber and lists it as JSON', async () => {
    const added = await run([
      'add',
      'Ada@Example.org',
      '--topics',
      'RLHF; conformal prediction',
      ...fridayEvening,
    ]);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toContain('added ada@example.org (confirmed)');
    const listed = await run(['list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([
      {
        email: 'ada@example.org',
        status: 'confirmed',
        topics: ['RLHF', 'conformal prediction'],
        frequency: 'weekly',
        hour: 18,
        timezone: 'Europe/Berlin',
        createdAt: now.toISOString(),
      },
    ]);
    const subscriber = await withStore((store) => store.subscribers.findByEmail('ada@example.org'));
    expect(subscriber?.weekday).toBe(5);
    const events = await withStore((store) => store.subscribers.listEvents(subscriber?.id ?? 0));
    expect(events.map((e) => [e.event, e.source])).toEqual([
      ['subscribed', 'cli'],
      ['confirmed', 'cli'],
    ]);
    expect(added.out).toContain('SMTP_URL is not set, so no welcome email was sent');
  });

  it('treats --confirmed like a clicked confirmation: a welcome email with the schedule, and due at once', async () => {
    const inbox = await startTestInbox();
    try {
      const added = await run(['add', 'di@example.org', '--topics', 'RLHF', ...fridayEvening], {
        SMTP_URL: inbox.url,
      });
      expect(added.code).toBe(0);
      expect(added.out).toContain('welcome email sent to di@example.org');
      expect(added.out).toContain(
        'first issue: the latest edition, at the next scheduler tick of `paperboy start`',
      );
      const [mail] = await inbox.waitForMessages(1);
      expect(mail?.subject).toBe('Welcome to Paperboy');
      expect(mail?.text).toContain('Your issues come every Friday at 18:00 (Europe/Berlin)');
      expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // Due now, exactly as after a web confirmation: the scheduler's next tick enqueues the latest edition.
      const due = await withStore((store) => store.schedule.listDueSubscribers(now));
      expect(due.map((s) => [s.email, s.nextDueAt])).toEqual([['di@example.org', now.toISOString()]]);
    } finally {
      await inbox.close();
    }
  });

  it('adds a pending subscriber and mails the confirmation through SMTP_URL', async () => {
    const inbox = await startTestInbox();
    try {
      const added = await run(['add', 'bo@example.org', '--topics', 'graph neural networks'], {
        SMTP_URL: inbox.url,
      });
      expect(added.code).toBe(0);
      expect(added.out).toContain('confirmation email sent to bo@example.org');
      const [mail] = await inbox.waitForMessages(1);
      expect(mail?.text).toMatch(/http:\/\/paperboy\.test\/confirm\/confirm\./);
      const subscriber = await withStore((store) => store.subscribers.findByEmail('bo@example.org'));
      expect(subscriber?.status).toBe('pending');
    } finally {
      await inbox.close();
    }
  });

  it('prints the confirmation link when no SMTP server is configured', async () => {
    const added = await run(['add', 'cy@example.org', '--topics', 'robotics']);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/SMTP_URL is not set.*\nhttp:\/\/paperboy\.test\/confirm\/confirm\.\S+\n/);
  });

  it.each([
    [['add'], 'EMAIL is required'],
    [['add', 'not-an-email', '--topics', 'x'], 'EMAIL: Enter a valid email address'],
    [['add', 'a@b.c\r\nBcc: x@y.z', '--topics', 'x'], 'line breaks'],
    [['add', 'a@example.org'], '--topics: Enter at least one topic'],
    [['add', 'a@example.org', '--topics', 'robotics; ???'], '--topics: “???” has no word to match papers on'],
    [['add', 'a@example.org', '--topics', 'x', '--hour', '25'], '--hour: Choose an hour between 0 and 23'],
    [['add', 'a@example.org', '--topics', 'x', '--tz', 'Nowhere/City'], '--tz: Choose a time zone'],
    [
      ['add', 'a@example.org', '--topics', 'x', '--frequency', 'monthly'],
      '--frequency: Choose daily or weekly',
    ],
    [['add', 'a@example.org', '--topics', 'x', '--weekday', 'someday'], '--weekday must be 0–6'],
  ])('rejects bad input %j with exit code 2', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(await withStore((store) => store.subscribers.list())).toEqual([]);
  });

  it('refuses to add an address twice', async () => {
    await run(['add', 'ada@example.org', '--topics', 'RLHF', '--confirmed']);
    const again = await run(['add', 'ADA@example.org', '--topics', 'robotics', '--confirmed']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already a subscriber');
  });

  it('removes a subscriber and keeps the consent record', async () => {
    await run(['add', 'ada@example.org', '--topics', 'RLHF', '--confirmed']);
    const id = (await withStore((store) => store.subscribers.findByEmail('ada@example.org')))?.id ?? 0;
    const removed = await run(['remove', 'Ada@example.org']);
    expect(removed).toMatchObject({ code: 0, out: 'removed ada@example.org\n' });
    expect(await withStore((store) => store.subscribers.list())).toEqual([]);
    const events = await withStore((store) => store.subscribers.listEvents(id));
    expect(events.map((e) => e.event)).toEqual(['subscribed', 'confirmed', 'removed']);
    const missing = await run(['remove', 'ada@example.org']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no subscriber ada@example.org');
  });

  it('imports good rows, reports each bad row with its line, and updates existing addresses', async () => {
    await run(['add', 'old@example.org', '--topics', 'old topic', '--confirmed']);
    const file = join(dir, 'list.csv');
    writeFileSync(
      file,
      [
        '\uFEFFemail,topics,frequency,hour,timezone,status',
        'new@example.org,"diffusion models; RLHF",weekly,9,Europe/Paris,',
        'OLD@example.org,new topic,,,,',
        'broken-address,topics,,,,',
        'nohtml@example.org,<b>bold</b>,,,,',
        'paused@example.org,robotics,daily,25,UTC,paused',
        '"multi@example.org","a topic,',
        'with a line break",daily,6,UTC,paused',
        'short@example.org,x',
        'pend@example.org,x,,,,pending',
        'stray"quote@example.org,x,,,,',
        '"closed"early@example.org,x,,,,',
        'after@example.org,after the broken rows,,,,',
        '',
      ].join('\r\n'),
    );
    const result = await run(['import', file]);
    expect(result.code).toBe(1);
    expect(result.err.trim().split('\n')).toEqual([
      `error ${file}:4  email: Enter a valid email address, like name@example.org.`,
      `error ${file}:5  topics: Topics cannot contain < or >.`,
      `error ${file}:6  hour: must be a whole hour 0–23`,
      `error ${file}:9  expected 6 cells, found 2`,
      `error ${file}:11  a quote (") inside a cell that does not start with one; quote the whole cell and double the quote, as in "a ""b"" c"`,
      `error ${file}:12  text after the closing quote of a cell; quote the whole cell and double any quote inside it`,
    ]);
    expect(result.out).toContain('imported 5 (4 added, 1 updated), 6 bad rows');

    const subscribers = await withStore((store) => store.subscribers.list());
    expect(subscribers.map((s) => [s.email, s.status, s.topics])).toEqual([
      ['old@example.org', 'confirmed', ['new topic']],
      ['new@example.org', 'confirmed', ['diffusion models', 'RLHF']],
      ['multi@example.org', 'paused', ['a topic', 'with a line break']],
      ['pend@example.org', 'pending', ['x']],
      ['after@example.org', 'confirmed', ['after the broken rows']],
    ]);
    expect(subscribers[1]).toMatchObject({
      frequency: 'weekly',
      weekday: 1,
      hour: 9,
      timezone: 'Europe/Paris',
    });
    const events = await withStore((store) => store.subscribers.listEvents(subscribers[0]?.id ?? 0));
    expect(events.at(-1)).toMatchObject({ event: 'imported', source: 'import' });
  });

  it('never re-activates an unsubscribed or suppressed address unless told to', async () => {
    await run(['add', 'gone@example.org', '--topics', 'x', '--confirmed']);
    await run(['add', 'bounced@example.org', '--topics', 'x', '--confirmed']);
    await withStore(async (store) => {
      const gone = await store.subscribers.findByEmail('gone@example.org');
      await store.subscribers.update(
        gone?.id ?? 0,
        { status: 'unsubscribed' },
        { now, source: 'email', event: 'unsubscribed' },
      );
      await store.subscribers.suppress('bounced@example.org', 'hard bounce', 'bounce', now);
    });
    const file = join(dir, 'again.csv');
    writeFileSync(file, 'email,topics,status\ngone@example.org,x,\nbounced@example.org,x,confirmed\n');
    const result = await run(['import', file]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${file}:2  the subscriber had unsubscribed; kept unsubscribed`);
    expect(result.out).toContain(`${file}:3  the address is suppressed`);
    const statuses = await withStore(async (store) => (await store.subscribers.list()).map((s) => s.status));
    expect(statuses).toEqual(['unsubscribed', 'suppressed']);

    writeFileSync(file, 'email,topics,status\ngone@example.org,x,confirmed\n');
    expect((await run(['import', file])).code).toBe(0);
    expect((await withStore((store) => store.subscribers.findByEmail('gone@example.org')))?.status).toBe(
      'confirmed',
    );
  });

  it('rejects a file without the required header or an unreadable file', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'mail,interests\na@example.org,x\n');
    const result = await run(['import', file]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(':1  the header must name the columns');
    const missing = await run(['import', join(dir, 'missing.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
  });

  it('exports CSV that imports back unchanged', async () => {
    await run([
      'add',
      'ada@example.org',
      '--topics',
      'RLHF, "quoted" topic',
      '--confirmed',
      '--frequency',
      'weekly',
      '--weekday',
      '3',
    ]);
    await run(['add', 'bo@example.org', '--topics', 'robotics', '--hour', '6', '--tz', 'Asia/Tokyo']);
    // What a spreadsheet would run as a formula is exported with a leading ' and imported back without it.
    await run([
      'add',
      'cy@example.org',
      '--topics',
      '=HYPERLINK("http://evil.example"); @risk',
      '--confirmed',
    ]);
    const file = join(dir, 'out.csv');
    const exported = await run(['export', '--out', file]);
    expect(exported).toMatchObject({ code: 0, out: `exported 3 subscribers to ${file}\n` });
    const csv = readFileSync(file, 'utf8');
    expect(csv).toBe(
      'email,topics,frequency,weekday,hour,timezone,status,likes,dislikes\r\n' +
        'ada@example.org,"RLHF; ""quoted"" topic",weekly,3,7,UTC,confirmed,,\r\n' +
        'bo@example.org,robotics,daily,,6,Asia/Tokyo,pending,,\r\n' +
        `cy@example.org,"'=HYPERLINK(""http://evil.example""); @risk",daily,,7,UTC,confirmed,,\r\n`,
    );
    expect((await run(['export'])).out).toBe(csv);

    const before = await withStore((store) => store.subscribers.list());
    const reimported = await run(['import', file]);
    expect(reimported.out).toContain('imported 3 (0 added, 3 updated), 0 bad rows');
    const after = await withStore((store) => store.subscribers.list());
    const profile = (s: (typeof after)[number]) => [
      s.email,
      s.status,
      s.topics,
      s.frequency,
      s.weekday,
      s.hour,
      s.timezone,
    ];
    expect(after.map(profile)).toEqual(before.map(profile));
  });

  it('lists subscribers as text with a total', async () => {
    await run(['add', 'ada@example.org', '--topics', 'RLHF', '--confirmed']);
    await run(['add', 'bo@example.org', '--topics', 'robotics']);
    const listed = await run(['list']);
    expect(listed.out).toMatch(/^ada@example\.org +confirmed +daily 07:00 UTC +RLHF$/m);
    expect(listed.out).toContain('2 subscribers (1 confirmed, 1 pending)');
  });
});
