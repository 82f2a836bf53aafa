import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../src/mail/index.ts';
import { createSignupQueue } from '../../src/subscribers/index.ts';
import { testBackends } from '../helpers/test-store.ts';
import { dayMs, submitSubscription, subscribeAndConfirm, validForm } from './subscription-flow.ts';
import { createWebHarness, findLink, loadTestTemplates, type WebHarness } from './web-harness.ts';

describe.each(testBackends)('subscribe routes on %s', (backend) => {
  let h: WebHarness;

  beforeEach(async () => {
    h = await createWebHarness({ backend });
  });
  afterEach(async () => {
    await h.close();
  });

  const subscribe = (fields?: Record<string, string>, remoteAddress?: string) =>
    submitSubscription(h, fields, remoteAddress);
  const confirmSubscriber = () => subscribeAndConfirm(h);

  describe('GET /', () => {
    it('serves the sign-up form with a CSRF field, cookie and security headers', async () => {
      const response = await h.get('/');
      expect(response.status).toBe(200);
      const html = await response.text();
      for (const field of ['email', 'topics', 'frequency', 'weekday', 'hour', 'timezone']) {
        expect(html).toContain(`name="${field}"`);
      }
      expect(html).toMatch(/name="_csrf" value="[\w-]{43}"/);
      expect(response.headers.get('set-cookie')).toMatch(
        /paperboy_csrf=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax/,
      );
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    });

    it('names hand-picked examples and shows a sample issue for them before anything is typed', async () => {
      const html = await (await h.get('/')).text();
      expect(html).toContain(
        'Separate topics with commas, for example: large language models, diffusion models, AI safety.',
      );
      const sample = html.slice(html.indexOf('<section class="card" id="sample"'));
      expect(sample).toMatch(/^<section class="card" id="sample" aria-live="polite">/);
      expect(sample).toContain('What an issue looks like');
      expect(sample).toContain(
        'From the papers of Mar 11, for large language models, diffusion models, AI safety:',
      );
      const items = sample.match(/<li>.*?<\/li>/g) ?? [];
      expect(items).toHaveLength(3);
      for (const item of items) expect(item).toMatch(/<div class="why">Why: [A-Z]/);
      // Every curated topic still completes without JavaScript.
      expect(html).toContain('<option value="conformal prediction"></option>');
      // The weekday is part of "weekly" only; the stylesheet hides it while "daily" is checked.
      expect(html).toMatch(/<fieldset class="frequency">/);
      expect(html).toMatch(/<span class="weekday-choice">on <label[^>]*for="weekday"/);
    });

    it('hides the sample until something is typed when no papers are stored yet', async () => {
      const empty = await createWebHarness({ backend, ingest: false });
      try {
        const html = await (await empty.get('/')).text();
        expect(html).toMatch(/<section class="card" id="sample" aria-live="polite" hidden>/);
        expect(html).not.toContain('What an issue looks like');
      } finally {
        await empty.close();
      }
    });
  });

  describe('POST /subscribe', () => {
    it('stores a pending subscriber and mails only a confirmation link', async () => {
      const response = await subscribe();
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/subscribe/check-inbox');
      const [mail] = await h.inbox.waitForMessages(1);
      expect(mail?.to).toMatchObject({ text: 'ada@example.org' });
      expect(mail?.subject).toContain('Confirm');
      expect(mail?.headers.has('list-unsubscribe')).toBe(false);
      expect(findLink(mail?.text ?? '', '/confirm/')).toMatch(/^\/confirm\/confirm\./);
      // The schedule the person chose, not "daily".
      expect(mail?.text).toContain('every Wednesday at 08:00 (Europe/Berlin)');
      expect(mail?.text).not.toContain('daily');

      const subscriber = await h.store.subscribers.findByEmail('ada@example.org');
      expect(subscriber).toMatchObject({
        status: 'pending',
        topics: ['conformal prediction', 'diffusion models'],
        frequency: 'weekly',
        weekday: 3,
        hour: 8,
        timezone: 'Europe/Berlin',
        // The sign-up form does not ask: the product's default cap.
        maxPapers: 20,
      });
      const events = await h.store.subscribers.listEvents(subscriber?.id ?? 0);
      expect(events.map((e) => [e.event, e.source])).toEqual([
        ['subscribed', 'web'],
        ['confirmation_sent', 'web'],
      ]);
      expect(events.every((e) => e.created_at === h.clock.now.toISOString())).toBe(true);
    });

    it("mails none of the form's free text: known topics as the thesaurus spells them, the rest counted", async () => {
      await subscribe({
        ...validForm,
        topics: 'Conformal Prediction; free money at https://spam.example; +1 555 0100',
      });
      const [mail] = await h.inbox.waitForMessages(1);
      expect(mail?.text).toContain('Your topics: conformal prediction and 2 more');
      for (const part of [mail?.text ?? '', String(mail?.html)]) expect(part).not.toMatch(/spam|money|555/);
      // The profile keeps what was typed: the subscriber sees it on the preferences page after confirming.
      expect((await h.store.subscribers.findByEmail(validForm.email))?.topics).toHaveLength(3);
    });

    it('asks once about a topic word that looks mistyped, without JavaScript, then keeps the topics as typed', async () => {
      const asked = await subscribe({ ...validForm, topics: 'difusion models, conformal prediction' });
      expect(asked.status).toBe(200);
      const html = await asked.text();
      expect(html).toContain(
        'Did you mean “diffusion” for “difusion”? Correct it, or press Subscribe again to keep your topics as typed.',
      );
      expect(html).toContain('value="difusion models, conformal prediction"');
      expect(html).toContain('name="asTyped" value="1"');
      // Nothing is stored or mailed until the reader decides.
      expect(await h.store.subscribers.list()).toEqual([]);
      expect(h.inbox.messages).toEqual([]);

      const kept = await subscribe({
        ...validForm,
        topics: 'difusion models, conformal prediction',
        asTyped: '1',
      });
      expect(kept.status).toBe(303);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.topics).toEqual([
        'difusion models',
        'conformal prediction',
      ]);
      await h.inbox.waitForMessages(1);
    });

    it('does not ask about topics without a likely slip', async () => {
      const response = await subscribe();
      expect(response.status).toBe(303);
      expect(await (await h.get('/')).text()).toContain('name="asTyped" value=""');
    });

    it('stores no weekday for a daily subscription', async () => {
      await subscribe({ ...validForm, frequency: 'daily' });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.weekday).toBeNull();
    });

    it('answers "check your inbox" on the follow-up page', async () => {
      const response = await h.get('/subscribe/check-inbox');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Check your inbox');
      expect(html).toContain('Look in the spam folder');
      expect(html).not.toContain('/outbox');
    });

    it('links the outbox when emails go to the built-in mail catcher (no SMTP_URL)', async () => {
      const catcher = await createWebHarness({ backend, env: { SMTP_URL: '' } });
      try {
        const html = await (await catcher.get('/subscribe/check-inbox')).text();
        expect(html).toContain('every message lands in its outbox');
        expect(html).toContain('<a class="button secondary" href="/outbox">Open the outbox</a>');
      } finally {
        await catcher.close();
      }
    });

    it('answers the same for a confirmed address and leaves its profile alone', async () => {
      const { subscriber } = await confirmSubscriber();
      const response = await subscribe({ ...validForm, topics: 'attacker topics' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/subscribe/check-inbox');
      const after = await h.store.subscribers.findByEmail(validForm.email);
      expect(after?.status).toBe('confirmed');
      expect(after?.topics).toEqual(subscriber.topics);
    });

    it('updates the profile of a still-pending request', async () => {
      await subscribe();
      await subscribe({ ...validForm, topics: 'graph neural networks' });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.topics).toEqual([
        'graph neural networks',
      ]);
      expect((await h.store.subscribers.list()).length).toBe(1);
    });

    it('sends at most 3 confirmation emails per address per day, whatever the IP', async () => {
      for (let i = 0; i < 5; i++) {
        const response = await subscribe(validForm, `198.51.100.${i}`);
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe('/subscribe/check-inbox');
      }
      await h.inbox.waitForMessages(3);
      // A sixth request would have been sent by now if the limit did not hold; one more round trip proves it.
      await subscribe({ ...validForm, email: 'other@example.org' });
      await h.inbox.waitForMessages(4);
      expect(
        h.inbox.messages.filter(
          (m) => m.subject?.includes('Confirm') && m.to && 'text' in m.to && m.to.text === 'ada@example.org',
        ),
      ).toHaveLength(3);

      h.clock.advance(dayMs + 1000);
      await subscribe();
      await h.inbox.waitForMessages(5);
    });

    it('never mails a suppressed address but answers the same', async () => {
      await h.store.subscribers.suppress('ada@example.org', 'hard bounce', 'bounce', h.clock.now);
      const response = await subscribe();
      expect(response.status).toBe(303);
      await subscribe({ ...validForm, email: 'canary@example.org' });
      const [only] = await h.inbox.waitForMessages(1);
      expect(h.inbox.messages).toHaveLength(1);
      expect(only?.to).toMatchObject({ text: 'canary@example.org' });
    });

    it.each([
      ['an invalid address', { email: 'not-an-address' }, 'email', 'Enter a valid email address'],
      ['a header-injection attempt', { email: 'a@b.c\r\nBcc: x@y.z' }, 'email', 'line breaks'],
      ['an over-long address', { email: `${'a'.repeat(250)}@example.org` }, 'email', 'at most 254'],
      ['an empty address', { email: '' }, 'email', 'Enter your email address'],
      ['no topics', { topics: ' , ; ' }, 'topics', 'at least one topic'],
      // A topic of stop words and punctuation would select nothing, every day.
      [
        'a topic with no word to match',
        { topics: 'robotics, of the' },
        'topics',
        '“of the” has no word to match papers on',
      ],
      ['HTML in topics', { topics: '<script>alert(1)</script>' }, 'topics', 'cannot contain &lt; or &gt;'],
      ['over-long topics', { topics: 'x'.repeat(2001) }, 'topics', 'at most 2000'],
      ['a topic over 100 characters', { topics: 'y'.repeat(101) }, 'topics', 'at most 100'],
      [
        'too many topics',
        { topics: Array.from({ length: 21 }, (_, i) => `topic ${i}`).join(',') },
        'topics',
        'at most 20',
      ],
      ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone', 'Choose a time zone'],
      ['an hour out of range', { hour: '24' }, 'hour', 'between 0 and 23'],
      ['a non-numeric hour', { hour: 'seven' }, 'hour', 'between 0 and 23'],
      // An empty field is not midnight: coercion alone would have read '' as 0.
      ['an empty hour', { hour: '' }, 'hour', 'between 0 and 23'],
      ['a blank hour', { hour: '  ' }, 'hour', 'between 0 and 23'],
      ['an empty weekday', { weekday: '' }, 'weekday', 'Choose a weekday'],
      ['an unknown frequency', { frequency: 'hourly' }, 'frequency', 'daily or weekly'],
      ['a weekday out of range', { weekday: '7' }, 'weekday', 'Choose a weekday'],
    ])(
      'shows the form again for %s, with the problem next to the field',
      async (_label, change, field, message) => {
        const response = await subscribe({ ...validForm, ...change });
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(html).toContain(`id="${field}-error"`);
        expect(html).toContain(message);
        expect(html).toMatch(new RegExp(`(id|name)="${field}"[^>]*aria-invalid="true"`));
        expect(await h.store.subscribers.list()).toEqual([]);
        expect(h.inbox.messages).toEqual([]);
      },
    );

    it('keeps the input, escaped, when the form is shown again', async () => {
      const response = await subscribe({
        ...validForm,
        email: 'bad"><b>x',
        topics: '<img src=x onerror=alert(1)>',
      });
      const html = await response.text();
      expect(html).toContain('value="bad&quot;&gt;&lt;b&gt;x"');
      expect(html).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('value="Europe/Berlin"');
      expect(html).toMatch(/value="weekly" checked/);
    });

    it('rejects a post without the CSRF field or cookie (403)', async () => {
      const form = await h.openForm('/');
      expect((await h.post('/subscribe', validForm, { cookie: form.cookie })).status).toBe(403);
      expect((await h.post('/subscribe', { ...validForm, _csrf: form.csrf })).status).toBe(403);
      expect(
        (await h.post('/subscribe', { ...validForm, _csrf: 'x'.repeat(43) }, { cookie: form.cookie })).status,
      ).toBe(403);
      const other = await h.openForm('/');
      expect(
        (await h.post('/subscribe', { ...validForm, _csrf: other.csrf }, { cookie: form.cookie })).status,
      ).toBe(403);
      expect(await h.store.subscribers.list()).toEqual([]);
    });

    it('rejects a form posted from another origin even with a valid token (403)', async () => {
      const form = await h.openForm('/');
      const fields = { ...validForm, _csrf: form.csrf };
      const foreign = await h.post('/subscribe', fields, {
        cookie: form.cookie,
        headers: { origin: 'https://evil.example' },
      });
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).toContain('send the form again');
      const crossSite = await h.post('/subscribe', fields, {
        cookie: form.cookie,
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(crossSite.status).toBe(403);
      const sibling = await h.post('/subscribe', fields, {
        cookie: form.cookie,
        headers: { 'sec-fetch-site': 'same-site' },
      });
      expect(sibling.status).toBe(403);
      // What Chromium sends for a same-origin post from a page with Referrer-Policy: no-referrer.
      const nullOrigin = await h.post('/subscribe', fields, {
        cookie: form.cookie,
        headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
      });
      expect(nullOrigin.status).toBe(303);
      const own = await h.post('/subscribe', fields, {
        cookie: form.cookie,
        headers: { origin: 'http://paperboy.test' },
      });
      expect(own.status).toBe(303);
    });

    it('rejects a body over 32 KB (413)', async () => {
      const form = await h.openForm('/');
      const response = await h.post(
        '/subscribe',
        { ...validForm, _csrf: form.csrf, topics: 'z'.repeat(40_000) },
        { cookie: form.cookie },
      );
      expect(response.status).toBe(413);
    });
  });
});

describe('sign-up limits and failures', () => {
  let h: WebHarness;
  afterEach(async () => {
    await h.close();
  });

  async function postFrom(remoteAddress: string, email: string, headers: Record<string, string> = {}) {
    const form = await h.openForm('/');
    return h.post(
      '/subscribe',
      { ...validForm, email, _csrf: form.csrf },
      { cookie: form.cookie, remoteAddress, headers },
    );
  }

  it('answers 429 with Retry-After beyond SUBSCRIBE_IP_LIMIT posts per IP and hour', async () => {
    h = await createWebHarness({ env: { SUBSCRIBE_IP_LIMIT: '2' } });
    expect((await postFrom('192.0.2.1', 'a@example.org')).status).toBe(303);
    expect((await postFrom('192.0.2.1', 'b@example.org')).status).toBe(303);
    h.clock.advance(600_000);
    const limited = await postFrom('192.0.2.1', 'c@example.org');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(3600 - 600));
    expect((await postFrom('192.0.2.2', 'd@example.org')).status).toBe(303);
    h.clock.advance(3_000_000 + 1000);
    expect((await postFrom('192.0.2.1', 'e@example.org')).status).toBe(303);
    expect(await h.store.subscribers.findByEmail('c@example.org')).toBeUndefined();
  });

  it('does not count the question about a likely typo against the limit', async () => {
    h = await createWebHarness({ env: { SUBSCRIBE_IP_LIMIT: '1' } });
    const typo = { ...validForm, topics: 'difusion models' };
    const ask = async (fields: Record<string, string>) => {
      const form = await h.openForm('/');
      return h.post('/subscribe', { ...fields, _csrf: form.csrf }, { cookie: form.cookie });
    };
    expect((await ask(typo)).status).toBe(200);
    expect((await ask({ ...typo, asTyped: '1' })).status).toBe(303);
    expect((await ask({ ...typo, email: 'other@example.org', asTyped: '1' })).status).toBe(429);
  });

  it('takes the client IP from X-Forwarded-For only with TRUST_PROXY', async () => {
    h = await createWebHarness({ env: { SUBSCRIBE_IP_LIMIT: '1', TRUST_PROXY: 'true' } });
    const proxy = '10.0.0.1';
    expect((await postFrom(proxy, 'a@example.org', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(303);
    expect((await postFrom(proxy, 'b@example.org', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(303);
    // A client cannot dodge the limit by prepending its own entry: the proxy's (last) entry counts.
    expect(
      (await postFrom(proxy, 'c@example.org', { 'x-forwarded-for': '1.2.3.4, 198.51.100.1' })).status,
    ).toBe(429);
  });

  it('answers the same when the mail server is down, and mails the confirmation once it is back', async () => {
    h = await createWebHarness({ extra: { mailer: new SmtpMailer({ url: 'smtp://127.0.0.1:9' }) } });
    const response = await postFrom('192.0.2.9', 'a@example.org');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/subscribe/check-inbox');
    await h.signups.idle();
    expect(await h.store.signups.countByStatus()).toMatchObject({ queued: 1, done: 0 });
    expect(
      await h.store.subscribers.countEventsSince('a@example.org', 'confirmation_sent', new Date(0)),
    ).toBe(0);

    // Another process (or this one after a restart) with a working relay picks the request up when its retry is due.
    const mailer = new SmtpMailer({ url: h.inbox.url, poolSize: 1 });
    try {
      const later = createSignupQueue({
        store: h.store,
        mailer,
        templates: await loadTestTemplates(),
        config: h.config,
        clock: () => h.clock.now,
      });
      expect(await later.drain()).toBe(0);
      h.clock.advance(60_000);
      expect(await later.drain()).toBe(1);
      const [mail] = await h.inbox.waitForMessages(1);
      expect(mail?.to).toMatchObject({ text: 'a@example.org' });
      expect(await h.store.signups.countByStatus()).toMatchObject({ queued: 0, done: 1 });
      // The retried request is one sign-up: the consent log says "subscribed" once.
      const subscriber = await h.store.subscribers.findByEmail('a@example.org');
      const events = await h.store.subscribers.listEvents(subscriber?.id ?? -1);
      expect(events.filter((e) => e.event === 'subscribed')).toHaveLength(1);
    } finally {
      await mailer.close();
    }
  });
});
