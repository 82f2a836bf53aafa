import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestJsonPapers } from '../helpers/fixtures.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

describe('/api routes', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness();
  });
  afterAll(async () => {
    await h.close();
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
    expect(body.dateLabel).toBe('Mar 11');
    // The one-line "why", not the matcher's sentences.
    expect(body.papers[0].why).toMatch(/^(The title mentions|Mentions|Uses words of) /);
    expect(body.papers[0].why).not.toContain('matched "');
    const bad = await h.get(`/api/sample?topics=${encodeURIComponent('<b>')}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('< or >');
  });

  it('asks about a word that looks mistyped, and matches the topic as typed', async () => {
    const typo = await (await h.get(`/api/sample?topics=${encodeURIComponent('difusion models')}`)).json();
    expect(typo.didYouMean).toEqual([{ typed: 'difusion', suggestion: 'diffusion' }]);
    const right = await (await h.get(`/api/sample?topics=${encodeURIComponent('diffusion models')}`)).json();
    expect(right.didYouMean).toEqual([]);
    expect(right.papers.length).toBeGreaterThan(0);
  });

  it('reports health (200)', async () => {
    const response = await h.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('waits for a topic still being typed ("on" of "on-device LLMs") instead of refusing it', async () => {
    const typing = await h.get(`/api/sample?topics=${encodeURIComponent('diffusion models, on')}`);
    expect(typing.status).toBe(200);
    const alone = await (await h.get(`/api/sample?topics=${encodeURIComponent('diffusion models')}`)).json();
    expect(await typing.json()).toEqual(alone);
    const only = await h.get(`/api/sample?topics=${encodeURIComponent('on')}`);
    expect(only.status).toBe(200);
    expect((await only.json()).papers).toEqual([]);
  });

  it('answers an empty sample for no topics', async () => {
    expect(await (await h.get('/api/sample?topics=')).json()).toEqual({
      date: null,
      dateLabel: null,
      papers: [],
      didYouMean: [],
    });
  });
});

describe('/api/sample links', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({ ingest: false });
    const papers = [
      {
        title: 'Tidal locking of exomoons',
        abstract: 'Exomoons and tidal locking.',
        url: 'javascript:alert(1)',
      },
      {
        title: 'Exomoon tides, disguised',
        abstract: 'Exomoons and their tides.',
        url: 'https://user:pass@evil.example/',
      },
      {
        title: 'Exomoon transit timing',
        abstract: 'Exomoons seen in transit timing.',
        arxivId: 'astro-ph/0101001',
      },
      {
        title: 'Exomoon atmospheres',
        abstract: 'Exomoons with thick atmospheres.',
        url: 'https://example.org/p/3',
      },
    ];
    await ingestJsonPapers(h.store, '2025-03-12', papers, h.clock.now);
  });
  afterAll(async () => {
    await h.close();
  });

  it('links papers the way the email does: arXiv, or an http(s) link, never a javascript: URL', async () => {
    const body = await (await h.get('/api/sample?topics=exomoons')).json();
    const urls = Object.fromEntries(
      (body.papers as { title: string; url: string | null }[]).map((p) => [p.title, p.url]),
    );
    expect(urls).toEqual({
      'Tidal locking of exomoons': null,
      'Exomoon tides, disguised': null,
      'Exomoon transit timing': 'https://arxiv.org/abs/astro-ph/0101001',
      'Exomoon atmospheres': 'https://example.org/p/3',
    });
  });
});

describe('/healthz without a database', () => {
  it('reports an unavailable database (503)', async () => {
    const h = await createWebHarness({ ingest: false });
    try {
      await h.store.db.destroy();
      const response = await h.get('/healthz');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'error', error: 'database unavailable' });
    } finally {
      await h.close().catch(() => {});
    }
  });
});
