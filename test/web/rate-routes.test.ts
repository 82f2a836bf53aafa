import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIssuePreview } from '../../src/delivery/build-issue-preview.ts';
import { enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import type { Subscriber } from '../../src/store/index.ts';
import { buildRateUrls, buildSubscriberLinks, previewPublicId } from '../../src/subscribers/index.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { testBackends } from '../helpers/test-store.ts';
import { createWebHarness, loadTestTemplates, type WebHarness } from './web-harness.ts';

/** The path and query of a link from an email: what a browser asks the app for. */
function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** The "More like this" / "Less like this" links of the n-th paper in a plain-text issue. */
function rateLinksIn(mail: ParsedMail | undefined, index = 0): { more: string; less: string } {
  const text = mail?.text ?? '';
  const more = [...text.matchAll(/More like this: (\S+)/g)].map((m) => m[1] ?? '');
  const less = [...text.matchAll(/Less like this: (\S+)/g)].map((m) => m[1] ?? '');
  if (!more[index] || !less[index]) throw new Error(`no rate links for paper ${index} in:\n${text}`);
  return { more: pathAndQuery(more[index]), less: pathAndQuery(less[index]) };
}

function paperOf(path: string): string {
  return new URL(path, 'http://x').searchParams.get('paper') ?? '';
}

describe.each(testBackends)('"More like this" / "Less like this" on %s', (backend) => {
  let h: WebHarness;
  let ada: Subscriber;
  let bob: Subscriber;
  let adaLinks: { more: string; less: string };
  let bobLinks: { more: string; less: string };
  let adaMail: ParsedMail | undefined;

  const ratingsOf = async (subscriber: Subscriber) =>
    (await h.store.ratings.listForSubscriber(subscriber.id)).map((r) => [r.paperId, r.vote]);

  /** Opens a rate page and presses one of its buttons, as a browser does. */
  const press = async (path: string, vote: 'up' | 'down' | 'clear') => {
    const page = await h.openForm(path);
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    if (!action) throw new Error(`no form in:\n${page.html}`);
    return h.post(action, { _csrf: page.csrf, vote }, { cookie: page.cookie });
  };

  beforeAll(async () => {
    h = await createWebHarness({ backend });
    const insert = (email: string, topics: string[]) =>
      h.store.subscribers.insert(subscriberFields({ email, topics }), { now: h.clock.now, source: 'cli' });
    ada = await insert('ada@example.org', ['conformal prediction']);
    bob = await insert('bob@example.org', ['JWST']);
    // The issues go out through the real send engine and a real SMTP server; the tests follow the
    // links each reader got.
    await enqueueEdition({ store: h.store, config: h.config }, { date: '2025-03-11', now: h.clock.now });
    const mailer = new SmtpMailer({ url: h.config.SMTP_URL ?? '', poolSize: 1 });
    try {
      const summary = await runDeliveries({
        store: h.store,
        mailer,
        config: h.config,
        clock: () => h.clock.now,
        templates: await loadTestTemplates(),
      });
      expect(summary.sent).toBe(2);
    } finally {
      await mailer.close();
    }
    const mails = await h.inbox.waitForMessages(2);
    const to = (email: string) => mails.find((m) => JSON.stringify(m.to).includes(email));
    adaMail = to('ada@example.org');
    adaLinks = rateLinksIn(adaMail);
    bobLinks = rateLinksIn(to('bob@example.org'));
    expect(paperOf(adaLinks.more)).not.toBe(paperOf(bobLinks.more));
    // Both links of a paper carry the same token and paper; only the vote differs.
    expect(adaLinks.less).toBe(adaLinks.more.replace('vote=up', 'vote=down'));
    expect(String(to('ada@example.org')?.html)).toContain('>More like this</a>');
  });
  afterAll(async () => {
    await h.close();
  });

  it('a GET or HEAD of the link (a mail scanner) shows the paper and one button, and records nothing', async () => {
    const head = await h.app.request(adaLinks.more, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const response = await h.get(adaLinks.more);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    const [paper] = await h.store.papers.listPapersByIds([paperOf(adaLinks.more)]);
    expect(page).toContain(paper?.title.replace(/&/g, '&amp;'));
    expect(page.match(/<button/g)).toHaveLength(1);
    expect(page).toContain('More like this</button>');
    expect(page).toContain('Nothing is recorded until you press the button.');
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('records the vote on POST, shows it with Undo and links the preferences page', async () => {
    const response = await press(adaLinks.more, 'up');
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toBe(adaLinks.more.replace('&vote=up', ''));
    expect(await ratingsOf(ada)).toEqual([[paperOf(adaLinks.more), 'up']]);
    const page = await (await h.get(location)).text();
    expect(page).toContain('Vote recorded');
    expect(page).toContain('You asked for more papers like this one.');
    expect(page).toContain('Undo</button>');
    const preferences = new URL(
      buildSubscriberLinks(h.config.PUBLIC_URL, h.config.SECRET, ada.publicId).preferencesUrl,
    ).pathname;
    expect(page).toContain(`href="${preferences}"`);
  });

  it('a second vote replaces the first, and the page says it will', async () => {
    const page = await (await h.get(adaLinks.less)).text();
    expect(page).toContain('You rated it “More like this” before; pressing the button replaces that.');
    expect((await press(adaLinks.less, 'down')).status).toBe(303);
    expect(await ratingsOf(ada)).toEqual([[paperOf(adaLinks.more), 'down']]);
  });

  it('Undo clears the vote', async () => {
    expect((await press(adaLinks.less, 'clear')).status).toBe(303);
    expect(await ratingsOf(ada)).toEqual([]);
    const page = await (await h.get(adaLinks.more.replace('&vote=up', ''))).text();
    expect(page).toContain('No vote on this paper');
  });

  it('needs the form’s CSRF token', async () => {
    const response = await h.post(adaLinks.more, { vote: 'up' });
    expect(response.status).toBe(403);
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('a tampered link shows a clear error and changes nothing, on GET and POST', async () => {
    const form = await h.openForm(adaLinks.more);
    const [path, query] = adaLinks.more.split('?') as [string, string];
    const last = path.at(-1) === 'A' ? 'B' : 'A';
    const tampered = [
      `${path.slice(0, -1)}${last}?${query}`,
      // Another paper with this reader's token: the token binds the paper.
      adaLinks.more.replace(
        encodeURIComponent(paperOf(adaLinks.more)),
        encodeURIComponent(paperOf(bobLinks.more)),
      ),
      // No paper at all.
      `${path}?vote=up`,
      // A token of another purpose (the reader's own preferences link).
      `/rate/${buildSubscriberLinks(h.config.PUBLIC_URL, h.config.SECRET, ada.publicId).preferencesUrl.split('/').at(-1)}?${query}`,
    ];
    for (const link of tampered) {
      const page = await h.get(link);
      expect(page.status, link).toBe(400);
      expect(await page.text()).toContain('This link does not work');
      const post = await h.post(link, { _csrf: form.csrf, vote: 'up' }, { cookie: form.cookie });
      expect(post.status, link).toBe(400);
    }
    expect(await ratingsOf(ada)).toEqual([]);
    expect(await ratingsOf(bob)).toEqual([]);
  });

  it('a foreign link votes only for the reader it was signed for', async () => {
    // Ada's token with Bob's paper is refused (above); Bob's own link, opened anywhere, votes for Bob.
    expect((await press(bobLinks.more, 'up')).status).toBe(303);
    expect(await ratingsOf(bob)).toEqual([[paperOf(bobLinks.more), 'up']]);
    expect(await ratingsOf(ada)).toEqual([]);
    expect((await press(bobLinks.more, 'clear')).status).toBe(303);
  });

  it('a paper no longer stored, a removed reader and a preview link get a clear page, not a 500', async () => {
    const missingPaper = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, ada.publicId, 'arxiv:9999.99999').moreUrl,
    );
    const gone = await h.get(missingPaper);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('This paper is no longer stored.');

    const preview = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, previewPublicId, paperOf(adaLinks.more)).moreUrl,
    );
    const previewPage = await h.get(preview);
    expect(previewPage.status).toBe(404);
    expect(await previewPage.text()).toContain('This link is from a preview');

    const carol = await h.store.subscribers.insert(subscriberFields({ email: 'carol@example.org' }), {
      now: h.clock.now,
      source: 'cli',
    });
    const carolLink = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, carol.publicId, paperOf(adaLinks.more)).moreUrl,
    );
    await h.store.subscribers.remove(carol.id);
    const removed = await h.get(carolLink);
    expect(removed.status).toBe(404);
    expect(await removed.text()).toContain('This subscription no longer exists.');
  });

  it('gives previews (a reader’s, and a topic preview) inert links, and the web version live ones', async () => {
    const deps = {
      store: h.store,
      templates: await loadTestTemplates(),
      config: h.config,
      clock: () => h.clock.now,
    };
    for (const request of [{ email: 'ada@example.org' }, { topics: ['conformal prediction'] }]) {
      const preview = await buildIssuePreview(deps, { ...request, date: '2025-03-11' });
      const link = /More like this: (\S+)/.exec(preview.text)?.[1];
      if (!link) throw new Error('no rate link in the preview');
      const page = await h.get(pathAndQuery(link));
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('This link is from a preview');
    }
    const webVersion = await (
      await h.get(pathAndQuery(/View in browser: (\S+)/.exec(adaMail?.text ?? '')?.[1] ?? ''))
    ).text();
    expect(webVersion).toContain(
      `href="${h.config.PUBLIC_URL}${adaLinks.more.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}"`,
    );
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('keeps the last liked paper of a reader without topics, saying why', async () => {
    const dora = await h.store.subscribers.insert(
      subscriberFields({ email: 'dora@example.org', topics: [] }),
      {
        now: h.clock.now,
        source: 'cli',
      },
    );
    const paperId = paperOf(adaLinks.more);
    await h.store.ratings.rate(dora.id, paperId, 'up', 'example', h.clock.now);
    const link = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, dora.publicId, paperId).lessUrl,
    );
    for (const vote of ['clear', 'down'] as const) {
      const response = await press(link, vote);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('This is your only liked paper and you have no topics');
    }
    expect(await ratingsOf(dora)).toEqual([[paperId, 'up']]);
  });

  it('refuses a new vote past 500 rated papers, and still lets a vote change or be undone', async () => {
    const eve = await h.store.subscribers.insert(subscriberFields({ email: 'eve@example.org' }), {
      now: h.clock.now,
      source: 'cli',
    });
    const paperId = paperOf(adaLinks.more);
    await h.store.ratings.rate(eve.id, paperId, 'up', 'web', h.clock.now);
    for (let i = 1; i < 500; i++)
      await h.store.ratings.rate(eve.id, `title:old-paper-${i}`, 'down', 'cli', h.clock.now);
    const rated = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, eve.publicId, paperId).lessUrl,
    );
    expect((await press(rated, 'down')).status).toBe(303);
    const other = pathAndQuery(
      buildRateUrls(h.config.PUBLIC_URL, h.config.SECRET, eve.publicId, paperOf(bobLinks.more)).moreUrl,
    );
    const refused = await press(other, 'up');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('You have rated 500 papers, the most one reader can.');
    expect(
      (await h.store.ratings.listForSubscriber(eve.id)).some((r) => r.paperId === paperOf(bobLinks.more)),
    ).toBe(false);
    expect((await press(rated, 'clear')).status).toBe(303);
    expect((await press(other, 'up')).status).toBe(303);
  });
});

describe('rate links across a SECRET rotation', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({
      env: { SECRET: 'the-new-secret-0123456789abcdef', SECRET_PREVIOUS: 'test-secret-0123456789abcdef' },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps links signed with the previous key working while SECRET_PREVIOUS is set', async () => {
    const ada = await h.store.subscribers.insert(subscriberFields({ email: 'ada@example.org' }), {
      now: h.clock.now,
      source: 'cli',
    });
    const [paper] = await h.store.papers.listPapers({ digestDate: '2025-03-11' });
    if (!paper) throw new Error('no paper');
    const old = buildRateUrls(h.config.PUBLIC_URL, 'test-secret-0123456789abcdef', ada.publicId, paper.id);
    expect((await h.get(pathAndQuery(old.moreUrl))).status).toBe(200);
    const forged = buildRateUrls(
      h.config.PUBLIC_URL,
      'some-other-secret-0123456789abc',
      ada.publicId,
      paper.id,
    );
    expect((await h.get(pathAndQuery(forged.moreUrl))).status).toBe(400);
  });
});
