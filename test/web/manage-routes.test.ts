import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSubscriberLinks, signToken } from '../../src/subscribers/index.ts';
import { testBackends } from '../helpers/test-store.ts';
import {
  dayMs,
  pathOf,
  preferencesForm,
  pressConfirm,
  submitSubscription,
  subscribeAndConfirm,
  validForm,
} from './subscription-flow.ts';
import { createWebHarness, findLink, rawHeader, testSecret, type WebHarness } from './web-harness.ts';

describe.each(testBackends)('manage routes on %s', (backend) => {
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

  describe('/confirm/:token', () => {
    it('shows a page with a Confirm button on GET or HEAD, and confirms nothing', async () => {
      await subscribe();
      const [confirmMail] = await h.inbox.waitForMessages(1);
      const confirmPath = findLink(confirmMail?.text ?? '', '/confirm/');
      // What a mail scanner does with every link: HEAD and GET, no cookies, no form.
      expect((await h.app.request(confirmPath, { method: 'HEAD' })).status).toBe(200);
      const page = await h.get(confirmPath);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="${confirmPath}">`);
      expect(html).toMatch(/name="_csrf" value="[\w-]{43}"/);
      expect(html.match(/<button/g)).toHaveLength(1);
      expect(html).toContain('ada@example.org');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      expect(subscriber?.status).toBe('pending');
      expect((await h.store.subscribers.listEvents(subscriber?.id ?? 0)).map((e) => e.event)).not.toContain(
        'confirmed',
      );
      expect(h.inbox.messages).toHaveLength(1);
    });

    it("confirms on the button's POST, sends a welcome email and shows the preferences", async () => {
      await subscribe();
      const [confirmMail] = await h.inbox.waitForMessages(1);
      const confirmPath = findLink(confirmMail?.text ?? '', '/confirm/');
      h.clock.advance(60_000);
      const response = await pressConfirm(h, confirmPath);
      expect(response.status).toBe(303);
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      expect(subscriber?.status).toBe('confirmed');
      expect(subscriber?.confirmedAt).toBe(h.clock.now.toISOString());
      const links = buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber?.publicId ?? '');
      expect(response.headers.get('location')).toBe(`${pathOf(links.preferencesUrl)}?confirmed=1`);

      const page = await h.get(response.headers.get('location') ?? '');
      expect(page.status).toBe(200);
      const html = await page.text();
      // Tuesday 10:01 in Berlin; the person chose Wednesdays at 08:00.
      expect(html).toContain(
        'Your subscription is confirmed. Your first issue, with the latest papers on your topics, is on its way. Next issue: tomorrow at 08:00 (Europe/Berlin).',
      );
      // Said once: no second "active" line under the notice.
      expect(html).not.toContain('Your subscription is active.');

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

    it("needs the form's CSRF token and our origin for the POST (403)", async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      const confirmPath = findLink(mail?.text ?? '', '/confirm/');
      expect((await h.post(confirmPath, {})).status).toBe(403);
      const page = await h.openForm(confirmPath);
      const foreign = await h.post(
        confirmPath,
        { _csrf: page.csrf },
        { cookie: page.cookie, headers: { origin: 'https://evil.example' } },
      );
      expect(foreign.status).toBe(403);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('pending');
    });

    it('is harmless when used twice', async () => {
      await subscribe();
      const [mail] = await h.inbox.waitForMessages(1);
      const path = findLink(mail?.text ?? '', '/confirm/');
      await pressConfirm(h, path);
      await h.inbox.waitForMessages(2);
      const again = await h.get(path);
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toMatch(/\?already=1$/);
      const page = await h.openForm('/');
      const posted = await h.post(path, { _csrf: page.csrf }, { cookie: page.cookie });
      expect(posted.headers.get('location')).toMatch(/\?already=1$/);
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
      const path = findLink(mail?.text ?? '', '/confirm/');
      const page = await h.openForm(path);
      h.clock.advance(7 * dayMs + 1000);
      const response = await h.get(path);
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('expired');
      // A page opened before the link expired cannot confirm after it.
      expect((await h.post(path, { _csrf: page.csrf }, { cookie: page.cookie })).status).toBe(410);
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
      const { subscriber, links } = await confirmSubscriber();
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
      await pressConfirm(h, confirmPath);
      const subscriber = await h.store.subscribers.findByEmail(validForm.email);
      const links = buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber?.publicId ?? '');
      h.clock.advance(60_000);
      await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click' });
      h.clock.advance(60_000);
      expect((await h.get(confirmPath)).status).toBe(410);
      const page = await h.openForm('/');
      expect((await h.post(confirmPath, { _csrf: page.csrf }, { cookie: page.cookie })).status).toBe(410);
      expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('unsubscribed');
    });
  });

  describe('/preferences/:token', () => {
    it('shows the current preferences (200)', async () => {
      const { links } = await confirmSubscriber();
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
      const { subscriber, links } = await confirmSubscriber();
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
      const { subscriber, links } = await confirmSubscriber();
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

    it('asks about a saved topic word that looks mistyped, without JavaScript, and keeps the topic as typed', async () => {
      const { links } = await confirmSubscriber();
      const path = pathOf(links.preferencesUrl);
      expect(await (await h.get(path)).text()).not.toContain('Did you mean');
      const form = await h.openForm(path);
      const fields = preferencesForm(form.csrf, { topics: 'difusion models' });
      const response = await h.post(path, fields, { cookie: form.cookie });
      expect(response.status).toBe(303);
      const html = await (await h.get(`${path}?saved=1`)).text();
      expect(html).toContain('Did you mean “diffusion” for “difusion”? Topics are matched as typed.');
      expect((await h.store.subscribers.findByEmail(validForm.email))?.topics).toEqual(['difusion models']);
    });

    it('still shows the preferences when the latest edition cannot be read for spelling hints', async () => {
      const { links } = await confirmSubscriber();
      h.store.papers.latestDigestDate = async () => {
        throw new Error('database unavailable');
      };
      // The pages keep the latest edition for a minute: past it, they look again, and fail.
      h.clock.advance(61_000);
      const page = await h.get(pathOf(links.preferencesUrl));
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('Did you mean');
    });

    it('keeps the scheduled slot when only topics change, and clears it for a new schedule', async () => {
      const { links } = await confirmSubscriber();
      const path = pathOf(links.preferencesUrl);
      const slot = (await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt;
      expect(slot).not.toBeNull();
      const form = await h.openForm(path);
      const fields = preferencesForm(form.csrf, { topics: 'robotics' });
      h.clock.advance(60_000);
      await h.post(path, fields, { cookie: form.cookie });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt).toBe(slot);
      await h.post(path, { ...fields, hour: '9' }, { cookie: form.cookie });
      expect((await h.store.subscribers.findByEmail(validForm.email))?.nextDueAt).toBeNull();
    });

    it('refuses a topic or an exclusion with no word to match, and keeps the saved ones', async () => {
      const { links } = await confirmSubscriber();
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      const fields = preferencesForm(form.csrf, { topics: 'robotics, of the', exclude: '???' });
      const response = await h.post(path, fields, { cookie: form.cookie });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('“of the” has no word to match papers on');
      expect(html).toContain('“???” has no word to match papers on');
      const saved = await h.store.subscribers.findByEmail(validForm.email);
      expect(saved?.topics).toEqual(['conformal prediction', 'diffusion models']);
      expect(saved?.exclude).toEqual([]);
    });

    it('shows the form again with the error and the input for bad preferences (422)', async () => {
      const { links } = await confirmSubscriber();
      const path = pathOf(links.preferencesUrl);
      const form = await h.openForm(path);
      const fields = preferencesForm(form.csrf, {
        topics: '',
        exclude: 'kept exclusion',
        maxPapers: '99',
        frequency: 'daily',
        hour: '7',
        timezone: 'UTC',
      });
      const response = await h.post(path, fields, { cookie: form.cookie });
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
      const { links } = await confirmSubscriber();
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
      const { links } = await confirmSubscriber();
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
      const { links } = await confirmSubscriber();
      const path = pathOf(links.unsubscribeUrl);
      const response = await h.get(path);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<form method="post" action="${path}">`);
      expect(html.match(/<button/g)).toHaveLength(1);
    });

    it('unsubscribes at once on an RFC 8058 one-click POST without cookie or CSRF field', async () => {
      const { subscriber, links } = await confirmSubscriber();
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
      const { subscriber, links } = await confirmSubscriber();
      await h.post(pathOf(links.unsubscribeUrl), { 'List-Unsubscribe': 'One-Click', from: 'page' });
      expect((await h.store.subscribers.listEvents(subscriber.id)).at(-1)).toMatchObject({
        event: 'unsubscribed',
        source: 'web',
      });
    });

    it('refuses a manage token (400) and a removed subscriber (404)', async () => {
      const { subscriber, links } = await confirmSubscriber();
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
      const { subscriber, links } = await confirmSubscriber();
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
});
