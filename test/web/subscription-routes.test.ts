import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../src/delivery/mailer.ts';
import { buildSubscriberLinks, signToken } from '../../src/subscribers/index.ts';
import { testBackends } from '../helpers/test-store.ts';
import { createWebHarness, findLink, rawHeader, testSecret, type WebHarness } from './web-harness.ts';

const dayMs = 86_400_000;

const validForm = {
  email: 'Ada@Example.org',
  topics: 'conformal prediction, diffusion models',
  frequency: 'weekly',
  weekday: '3',
  hour: '8',
  timezone: 'Europe/Berlin',
};

function pathOf(url: string): string {
  return new URL(url).pathname;
}

describe.each(testBackends)('subscription routes on %s', (backend) => {
  let h: WebHarness;

  beforeEach(async () => {
    h = await createWebHarness({ backend });
  });
  afterEach(async () => {
    await h.close();
  });

  async function subscribe(fields: Record<string, string> = validForm, remoteAddress?: string) {
    const form = await h.openForm('/');
    return h.post(
      '/subscribe',
      { ...fields, _csrf: form.csrf },
      { cookie: form.cookie, ...(remoteAddress ? { remoteAddress } : {}) },
    );
  }

  async function subscribeAndConfirm() {
    expect((await subscribe()).status).toBe(303);
    const [mail] = await h.inbox.waitForMessages(1);
    const response = await h.get(findLink(mail?.text ?? '', '/confirm/'));
    expect(response.status).toBe(303);
    const subscriber = await h.store.subscribers.findByEmail(validForm.email);
    if (!subscriber) throw new Error('subscriber missing');
    return { subscriber, links: buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber.publicId) };
  }

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
      });
      const events = await h.store.subscribers.listEvents(subscriber?.id ?? 0);
      expect(events.map((e) => [e.event, e.source])).toEqual([
        ['subscribed', 'web'],
        ['confirmation_sent', 'web'],
      ]);
      expect(events.every((e) => e.created_at === h.clock.now.toISOString())).toBe(true);
    });

    it('stores no weekday for a daily subscription', async () => {
      await subscribe({ ...validForm, frequency: 'daily' });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.weekday).toBeNull();
    });

    it('answers "check your inbox" on the follow-up page', async () => {
      const response = await h.get('/subscribe/check-inbox');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Check your inbox');
    });

    it('answers the same for a confirmed address and leaves its profile alone', async () => {
      const { subscriber } = await subscribeAndConfirm();
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

  describe('GET /confirm/:token', () => {
    it('activates the subscription, sends a welcome email and shows the preferences', async () => {
      await subscribe();
      const [confirmMail] = await h.inbox.waitForMessages(1);
      const confirmPath = findLink(confirmMail?.text ?? '', '/confirm/');
      h.clock.advance(60_000);
      const response = await h.get(confirmPath);
      expect(response.status).toBe(303);
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      expect(subscriber?.status).toBe('confirmed');
      expect(subscriber?.confirmedAt).toBe(h.clock.now.toISOString());
      const links = buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber?.publicId ?? '');
      expect(response.headers.get('location')).toBe(`${pathOf(links.preferencesUrl)}?confirmed=1`);

      const page = await h.get(response.headers.get('location') ?? '');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Your subscription is confirmed');

      const [, welcome] = await h.inbox.waitForMessages(2);
      expect(welcome?.subject).toContain('Welcome');
      expect(welcome?.text).toContain('Your issues come every Wednesday at 08:00 (Europe/Berlin)');
      expect(rawHeader(welcome, 'list-unsubscribe')).toBe(`<${links.unsubscribeUrl}>`);
      expect(rawHeader(welcome, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

      const events = await h.store.subscribers.listEvents(subscriber?.id ?? 0);
      expect(events.at(-1)).toMatchObject({
        event: 'confirmed',
        source: 'email',
        created_at: h.clock.now.toISOString(),
      });
    });

    it('is harmless when clicked twice', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      const path = findLink(mail?.text ?? '', '/confirm/');
      await h.get(path);
      await h.inbox.waitForMessages(2);
      const again = await h.get(path);
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toMatch(/\?already=1$/);
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      const events = await h.store.subscribers.listEvents(subscriber?.id ?? 0);
      expect(events.filter((e) => e.event === 'confirmed')).toHaveLength(1);
      // One round trip more: a second welcome email would have arrived before this one.
      await subscribe({ ...validForm, email: 'canary@example.org' });
      await h.inbox.waitForMessages(3);
      expect(h.inbox.messages.filter((m) => m.subject?.includes('Welcome'))).toHaveLength(1);
    });

    it('refuses an expired link (410) and keeps the subscription pending', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      h.clock.advance(7 * dayMs + 1000);
      const response = await h.get(findLink(mail?.text ?? '', '/confirm/'));
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('expired');
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('pending');
    });

    it('refuses a tampered link (400)', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      const path = findLink(mail?.text ?? '', '/confirm/');
      const tampered = `${path.slice(0, -2)}${path.endsWith('AA') ? 'BB' : 'AA'}`;
      expect((await h.get(tampered)).status).toBe(400);
      expect((await h.get('/confirm/garbage')).status).toBe(400);
    });

    it('refuses a token made for another purpose (400)', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      const token = pathOf(links.unsubscribeUrl).split('/').at(-1);
      expect((await h.get(`/confirm/${token}`)).status).toBe(400);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe(subscriber.status);
    });

    it('answers 404 for a validly signed link whose subscriber was removed', async () => {
      const token = signToken(testSecret, {
        purpose: 'confirm',
        subject: 'gone',
        expiresAt: h.clock.now.getTime() + dayMs,
      });
      expect((await h.get(`/confirm/${token}`)).status).toBe(404);
    });

    it('refuses to confirm a suppressed address (410)', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      await h.store.subscribers.suppress(validForm.email, 'complaint', 'bounce', h.clock.now);
      expect((await h.get(findLink(mail?.text ?? '', '/confirm/'))).status).toBe(410);
    });

    it('does not let an old confirmation link undo a later unsubscribe (410)', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      const confirmPath = findLink(mail?.text ?? '', '/confirm/');
      await h.get(confirmPath);
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      const links = buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber?.publicId ?? '');
      h.clock.advance(60_000);
      await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
      h.clock.advance(60_000);
      expect((await h.get(confirmPath)).status).toBe(410);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('unsubscribed');
    });
  });

  describe('/preferences/:token', () => {
    it('shows the current preferences (200)', async () => {
      const { links } = await subscribeAndConfirm();
      const response = await h.get(pathOf(links.preferencesUrl));
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('value="conformal prediction, diffusion models"');
      expect(html).toContain('value="Europe/Berlin"');
      expect(html).toContain('Your subscription is active');
      expect(html).toContain(pathOf(links.unsubscribeUrl));
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses an unsubscribe or confirm token (400)', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      const unsubscribeToken = pathOf(links.unsubscribeUrl).split('/').at(-1);
      expect((await h.get(`/preferences/${unsubscribeToken}`)).status).toBe(400);
      const confirmToken = signToken(testSecret, {
        purpose: 'confirm',
        subject: subscriber.publicId,
        expiresAt: h.clock.now.getTime() + dayMs,
      });
      expect((await h.get(`/preferences/${confirmToken}`)).status).toBe(400);
    });

    it('saves new topics and schedule and records the change', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      h.clock.advance(3_600_000);
      const response = await h.post(
        path,
        {
          _csrf: form.csrf,
          action: 'save',
          topics: 'reinforcement learning from human feedback; reward models',
          exclude: 'robotics',
          breadth: 'focused',
          maxPapers: '5',
          frequency: 'daily',
          weekday: '3',
          hour: '18',
          timezone: 'America/New_York',
        },
        { cookie: form.cookie },
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`${path}?saved=1`);
      const after = await h.store.subscribers.findByEmail(validForm.email);
      expect(after).toMatchObject({
        topics: ['reinforcement learning from human feedback', 'reward models'],
        exclude: ['robotics'],
        breadth: 'focused',
        maxPapers: 5,
        frequency: 'daily',
        weekday: null,
        hour: 18,
        timezone: 'America/New_York',
        status: 'confirmed',
      });
      const events = await h.store.subscribers.listEvents(subscriber.id);
      expect(events.at(-1)).toMatchObject({
        event: 'updated',
        source: 'web',
        created_at: h.clock.now.toISOString(),
      });
      expect(await (await h.get(`${path}?saved=1`)).text()).toContain('Your preferences are saved');
    });

    it('keeps the scheduled slot when only topics change, and clears it for a new schedule', async () => {
      const { links } = await subscribeAndConfirm();
      const path = pathOf(links.preferencesUrl);
      const slot = (await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt;
      expect(slot).not.toBeNull();
      const form = await h.openForm(path);
      const fields = {
        _csrf: form.csrf,
        action: 'save',
        topics: 'robotics',
        exclude: '',
        breadth: 'balanced',
        maxPapers: '10',
        frequency: validForm.frequency,
        weekday: validForm.weekday,
        hour: validForm.hour,
        timezone: validForm.timezone,
      };
      h.clock.advance(60_000);
      await h.post(path, fields, { cookie: form.cookie });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt).toBe(slot);
      await h.post(path, { ...fields, hour: '9' }, { cookie: form.cookie });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt).toBeNull();
    });

    it('shows the form again with the error and the input for bad preferences (422)', async () => {
      const { links } = await subscribeAndConfirm();
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      const response = await h.post(
        path,
        {
          _csrf: form.csrf,
          action: 'save',
          topics: '',
          exclude: 'kept exclusion',
          breadth: 'balanced',
          maxPapers: '99',
          frequency: 'daily',
          hour: '7',
          timezone: 'UTC',
        },
        { cookie: form.cookie },
      );
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('Enter at least one topic');
      expect(html).toContain('Choose between 1 and 30 papers');
      expect(html).toContain('value="kept exclusion"');
      expect((await h.store.subscribers.findByEmail(validForm.email))?.topics).toEqual([
        'conformal prediction',
        'diffusion models',
      ]);
    });

    it('pauses and resumes issues', async () => {
      const { links } = await subscribeAndConfirm();
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      const paused = await h.post(path, { _csrf: form.csrf, action: 'pause' }, { cookie: form.cookie });
      expect(paused.status).toBe(303);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('paused');
      expect(await (await h.get(path)).text()).toContain('Resume issues');
      const resumed = await h.post(path, { _csrf: form.csrf, action: 'resume' }, { cookie: form.cookie });
      expect(resumed.status).toBe(303);
      const after = await h.store.subscribers.findByEmail(validForm.email);
      expect(after?.status).toBe('confirmed');
      const events = await h.store.subscribers.listEvents(after?.id ?? 0);
      expect(events.slice(-2).map((e) => e.event)).toEqual(['paused', 'resumed']);
    });

    it('needs the CSRF field (403) and a known action (400)', async () => {
      const { links } = await subscribeAndConfirm();
      const path = pathOf(links.preferencesUrl);
      expect((await h.post(path, { action: 'pause' })).status).toBe(403);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('confirmed');
      const form = await h.openForm(path);
      expect(
        (await h.post(path, { _csrf: form.csrf, action: 'explode' }, { cookie: form.cookie })).status,
      ).toBe(400);
    });
  });

  describe('/unsubscribe/:token', () => {
    it('shows a confirmation page with one button (200)', async () => {
      const { links } = await subscribeAndConfirm();
      const path = pathOf(links.unsubscribeUrl);
      const response = await h.get(path);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<form method="post" action="${path}">`);
      expect(html.match(/<button/g)).toHaveLength(1);
    });

    it('unsubscribes at once on an RFC 8058 one-click POST without cookie or CSRF field', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      const response = await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
      expect(response.status).toBe(200);
      const after = await h.store.subscribers.findByEmail(validForm.email);
      expect(after?.status).toBe('unsubscribed');
      expect(after?.unsubscribedAt).toBe(h.clock.now.toISOString());
      const events = await h.store.subscribers.listEvents(subscriber.id);
      expect(events.at(-1)).toMatchObject({ event: 'unsubscribed', source: 'email' });

      const again = await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
      expect(again.status).toBe(200);
      expect(
        (await h.store.subscribers.listEvents(subscriber.id)).filter((e) => e.event === 'unsubscribed'),
      ).toHaveLength(1);
      expect(await (await h.get(pathOf(links.unsubscribeUrl))).text()).toContain('already unsubscribed');
    });

    it('records the page button as a web change', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click', from: 'page' });
      expect((await h.store.subscribers.listEvents(subscriber.id)).at(-1)).toMatchObject({
        event: 'unsubscribed',
        source: 'web',
      });
    });

    it('refuses a manage token (400) and a removed subscriber (404)', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      const manageToken = pathOf(links.preferencesUrl).split('/').at(-1);
      expect((await h.post(`/unsubscribe/${manageToken}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(
        400,
      );
      expect((await h.get(`/unsubscribe/${manageToken}`)).status).toBe(400);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('confirmed');
      await h.store.subscribers.remove(subscriber.id);
      expect((await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' })).status).toBe(
        404,
      );
    });

    it('lets an unsubscribed reader come back from the preferences page', async () => {
      const { subscriber, links } = await subscribeAndConfirm();
      await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      expect(form.html).toContain('Subscribe again');
      await h.post(path, { _csrf: form.csrf, action: 'resume' }, { cookie: form.cookie });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('confirmed');
      expect((await h.store.subscribers.listEvents(subscriber.id)).at(-1)).toMatchObject({
        event: 'resubscribed',
        source: 'web',
      });
    });
  });

  describe('archive, health and API', () => {
    it('lists editions and shows all papers of one', async () => {
      const index = await h.get('/archive');
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('href="/archive/2025-03-11"');
      const edition = await h.get('/archive/2025-03-11');
      expect(edition.status).toBe(200);
      const html = await edition.text();
      const papers = await h.store.papers.listPapers({ digestDate: '2025-03-11' });
      expect(papers.length).toBeGreaterThan(5);
      expect(html.match(/class="paper-title"/g)).toHaveLength(papers.length);
    });

    it('answers 404 for an unknown or malformed edition date', async () => {
      expect((await h.get('/archive/2024-01-01')).status).toBe(404);
      expect((await h.get('/archive/2025-13-45')).status).toBe(404);
      expect((await h.get('/archive/..%2F..%2Fetc')).status).toBe(404);
    });

    it('reports health (200)', async () => {
      const response = await h.get('/healthz');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('suggests topics and samples the latest edition', async () => {
      const topics = await (await h.get('/api/topics?q=conf')).json();
      expect(topics.suggestions).toContain('conformal prediction');
      const sample = await h.get(
        `/api/sample?topics=${encodeURIComponent('diffusion models, video generation')}`,
      );
      expect(sample.status).toBe(200);
      const body = await sample.json();
      expect(body.date).toBe('2025-03-11');
      expect(body.papers.length).toBeGreaterThan(0);
      expect(body.papers[0]).toHaveProperty('title');
      const bad = await h.get(`/api/sample?topics=${encodeURIComponent('<b>')}`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toContain('< or >');
    });

    it('answers 404 with a page for unknown paths', async () => {
      const response = await h.get('/no/such/page');
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Not found');
    });
  });
});

describe('rate limit and failures', () => {
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

  it('answers 503 when the mail server is down, without claiming the email went out', async () => {
    h = await createWebHarness({ extra: { mailer: new SmtpMailer({ url: 'smtp://127.0.0.1:9' }) } });
    const response = await postFrom('192.0.2.9', 'a@example.org');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('could not send email');
    expect(
      await h.store.subscribers.countEventsSince('a@example.org', 'confirmation_sent', new Date(0)),
    ).toBe(0);
  });

  it('reports an unavailable database on /healthz (503)', async () => {
    h = await createWebHarness({ ingest: false });
    await h.store.db.destroy();
    const response = await h.get('/healthz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', error: 'database unavailable' });
  });
});
