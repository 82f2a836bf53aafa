import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/store/index.ts';
import { buildSubscriberLinks } from '../../src/subscribers/index.ts';
import { ingestJsonPapers } from '../helpers/fixtures.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { testBackends } from '../helpers/test-store.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

const dpo = {
  title: 'Direct Preference Optimization with Noisy Reward Models',
  abstract: 'We study preference learning when the reward models disagree.',
  arxivId: '2403.01234',
  authors: ['Ada Lovelace'],
};

describe.each(testBackends)('"Papers you rated" and "Example papers" on %s', (backend) => {
  let h: WebHarness;
  let ada: Subscriber;
  let path: string;

  beforeAll(async () => {
    h = await createWebHarness({ backend });
    await ingestJsonPapers(h.store, '2025-03-10', [dpo], h.clock.now);
    ada = await h.store.subscribers.insert(
      subscriberFields({ email: 'ada@example.org', topics: ['conformal prediction'] }),
      { now: h.clock.now, source: 'cli' },
    );
    path = new URL(buildSubscriberLinks(h.config.PUBLIC_URL, h.config.SECRET, ada.publicId).preferencesUrl)
      .pathname;
  });
  afterAll(async () => {
    await h.close();
  });

  const ratingsOf = async (subscriber: Subscriber) =>
    (await h.store.ratings.listForSubscriber(subscriber.id)).map((r) => [r.paperId, r.vote, r.source]);

  /** Posts one of the preferences page's forms with its CSRF token, as a browser does. */
  const send = async (fields: Record<string, string>, at = path) => {
    const form = await h.openForm(at);
    return h.post(at, { ...fields, _csrf: form.csrf }, { cookie: form.cookie });
  };

  const pageOf = async (at = path) => (await h.get(at)).text();

  it('says how to rate when nothing is rated yet', async () => {
    const page = await pageOf();
    expect(page).toContain('<h2>Papers you rated</h2>');
    expect(page).toContain('None yet.');
    expect(page).toContain('<h2>Example papers</h2>');
  });

  it('finds stored papers by title words and lists them to pick from, adding nothing', async () => {
    const response = await send({ action: 'example', example: 'conformal prediction robust' });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('COLEP: Certifiably Robust Learning-Reasoning Conformal Prediction');
    expect(page).toContain('Add as liked</button>');
    expect(page).toContain('value="conformal prediction robust"');
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('adds a paper picked from the results as liked, and lists it with Undo', async () => {
    const [colep] = (await h.store.papers.listPapers({ digestDate: '2025-03-11' })).filter((p) =>
      p.title.startsWith('COLEP'),
    );
    if (!colep) throw new Error('no COLEP paper');
    const response = await send({ action: 'like', paper: colep.id });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${path}?liked=1#rated`);
    expect(await ratingsOf(ada)).toEqual([[colep.id, 'up', 'example']]);
    const page = await pageOf(`${path}?liked=1`);
    expect(page).toContain('Added to the papers you liked.');
    expect(page).toMatch(/More like this:<\/span> (<a href="[^"]*">)?COLEP/);
    expect(page).toContain('Undo</button>');
    // The search marks a paper already liked instead of offering it again.
    const again = await (await send({ action: 'example', example: 'COLEP certifiably' })).text();
    expect(again).toContain('<p class="notice">Liked</p>');
    await send({ action: 'unrate', paper: colep.id });
  });

  it('adds a pasted arXiv id or link of a stored paper at once', async () => {
    for (const pasted of [
      'https://arxiv.org/abs/2403.01234v2',
      'arXiv:2403.01234',
      'https://huggingface.co/papers/2403.01234',
    ]) {
      const response = await send({ action: 'example', example: pasted });
      expect(response.status, pasted).toBe(303);
      expect(await ratingsOf(ada)).toEqual([['arxiv:2403.01234', 'up', 'example']]);
      expect((await send({ action: 'unrate', paper: 'arxiv:2403.01234' })).status).toBe(303);
      expect(await ratingsOf(ada)).toEqual([]);
    }
  });

  it('explains an id that is not stored, or a search that finds nothing, next to the field', async () => {
    const unknown = await send({ action: 'example', example: 'https://arxiv.org/abs/2501.99999' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('No stored paper has the arXiv id 2501.99999.');
    const nothing = await send({ action: 'example', example: 'zzzqqq xxyyzz' });
    expect(nothing.status).toBe(422);
    expect(await nothing.text()).toContain('No stored paper has all these words.');
    const empty = await send({ action: 'example', example: '  ' });
    expect(empty.status).toBe(422);
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('lists votes from issues too, with Undo that clears one paper only', async () => {
    const [first, second] = await h.store.papers.listPapers({ digestDate: '2025-03-11' });
    if (!first || !second) throw new Error('no papers');
    await h.store.ratings.rate(ada.id, first.id, 'down', 'web', h.clock.now);
    await h.store.ratings.rate(ada.id, second.id, 'up', 'web', h.clock.now);
    const page = await pageOf();
    expect(page).toContain('Less like this:</span>');
    expect(page).toContain('More like this:</span>');
    expect((await send({ action: 'unrate', paper: first.id })).headers.get('location')).toBe(
      `${path}?unrated=1#rated`,
    );
    expect(await ratingsOf(ada)).toEqual([[second.id, 'up', 'web']]);
    await send({ action: 'unrate', paper: second.id });
  });

  it('lists a rated paper that is no longer stored, and lets it be undone', async () => {
    await h.store.ratings.rate(ada.id, 'arxiv:0000.00001', 'down', 'cli', h.clock.now);
    expect(await pageOf()).toContain('arxiv:0000.00001 (no longer stored)');
    expect((await send({ action: 'unrate', paper: 'arxiv:0000.00001' })).status).toBe(303);
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('needs the CSRF token to change anything', async () => {
    const response = await h.post(path, { action: 'example', example: 'arXiv:2403.01234' });
    expect(response.status).toBe(403);
    expect(await ratingsOf(ada)).toEqual([]);
  });

  it('lets a reader with liked papers save no topics, and keeps one with neither invalid', async () => {
    const schedule = {
      exclude: '',
      breadth: 'balanced',
      maxPapers: '10',
      frequency: 'daily',
      hour: '7',
      timezone: 'UTC',
    };
    const refused = await send({ action: 'save', topics: ' ', ...schedule });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Enter at least one topic, or add a paper you like under');
    expect((await h.store.subscribers.findByEmail('ada@example.org'))?.topics).toEqual([
      'conformal prediction',
    ]);

    await send({ action: 'example', example: '2403.01234' });
    expect((await pageOf()).match(/id="topics"[^>]*>/)?.[0]).not.toContain('required');
    const saved = await send({ action: 'save', topics: '', ...schedule });
    expect(saved.status).toBe(303);
    expect((await h.store.subscribers.findByEmail('ada@example.org'))?.topics).toEqual([]);

    // Now the liked paper is the whole profile: undoing it is refused, with the reason.
    const undo = await send({ action: 'unrate', paper: 'arxiv:2403.01234' });
    expect(undo.status).toBe(422);
    const refusedPage = await undo.text();
    // Said above the list of rated papers, where the Undo was pressed.
    const rated = refusedPage.slice(refusedPage.indexOf('id="rated"'), refusedPage.indexOf('id="examples"'));
    expect(rated).toContain(
      '<p class="form-error" role="alert">This is your only liked paper and you have no topics',
    );
    expect(await ratingsOf(ada)).toEqual([['arxiv:2403.01234', 'up', 'example']]);
  });
});
