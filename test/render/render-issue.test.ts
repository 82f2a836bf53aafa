import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/digest/index.ts';
import {
  type CompiledTemplates,
  type IssuePaper,
  loadTemplates,
  renderConfirm,
  renderIssue,
  renderWelcome,
} from '../../src/render/index.ts';
import { formatHtml } from './format-html.ts';
import { buildSampleIssue, samplePapers, sampleProfiles, selectSamplePapers } from './sample-issues.ts';

let templates: CompiledTemplates;

beforeAll(async () => {
  templates = await loadTemplates();
});

function paper(overrides: Partial<Paper> & { title: string }): Paper {
  return {
    id: `title:${overrides.title}`,
    abstract: 'An abstract.',
    authors: [],
    categories: [],
    ...overrides,
  };
}

function ranked(p: Paper, matchedTopics = ['conformal prediction']): IssuePaper {
  return { paper: p, reasons: [`title mentions “${matchedTopics[0]}”`], matchedTopics };
}

describe('renderIssue snapshots', () => {
  // Rendering takes no clock, but freezing it proves the bytes cannot depend on one.
  beforeAll(() => {
    vi.useFakeTimers({ now: new Date('2024-03-11T06:00:00Z') });
    return () => vi.useRealTimers();
  });

  for (const profile of sampleProfiles) {
    it(`renders the sample digest for ${profile.slug}`, async () => {
      const issue = renderIssue(templates, buildSampleIssue(profile));
      await expect(formatHtml(issue.html)).toMatchFileSnapshot(`__snapshots__/issue-${profile.slug}.html`);
      await expect(
        `Subject: ${issue.subject}\nPreheader: ${issue.preheader}\n\n${issue.text}`,
      ).toMatchFileSnapshot(`__snapshots__/issue-${profile.slug}.txt`);
    });
  }

  const confirmEmail = (email: string, topics: string[]) =>
    renderConfirm(templates, {
      newsletterName: 'Paperboy',
      email,
      confirmUrl: 'https://paperboy.example/confirm/tok-confirm',
      topics,
      expiresInDays: 7,
      postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
    });

  it('renders the confirmation email', async () => {
    const email = confirmEmail('ada@example.org', ['conformal prediction', 'RLHF']);
    expect(email.subject).toBe('Confirm your subscription to Paperboy');
    expect(email.text).toContain('https://paperboy.example/confirm/tok-confirm');
    expect(email.text).toContain('expires in 7 days');
    await expect(formatHtml(email.html)).toMatchFileSnapshot('__snapshots__/confirm.html');
    await expect(email.text).toMatchFileSnapshot('__snapshots__/confirm.txt');
  });

  it("never mails a visitor's free text: only topics the thesaurus knows, the rest counted", () => {
    const email = confirmEmail('victim@example.org', [
      'Conformal  Prediction',
      'WIN A PRIZE at https://spam.example/claim',
      'www.spam.example',
      'call +1 555 0100 now',
    ]);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('conformal prediction');
      expect(part).not.toMatch(/spam|prize|555|Conformal {2}Prediction/i);
    }
    expect(email.text).toContain('Your topics: conformal prediction and 3 more');
    expect(email.html).toContain('</span> and 3 more</div>');
    // Links in the email: ours only.
    const hrefs = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(hrefs)).toEqual(new Set(['https://paperboy.example/confirm/tok-confirm']));

    const unknownOnly = confirmEmail('victim@example.org', ['buy now https://spam.example', 'gardening']);
    expect(unknownOnly.text).toContain('Your topics: 2 topics');
    expect(unknownOnly.text).not.toMatch(/spam|gardening/);
  });

  it('renders the welcome email', async () => {
    const email = renderWelcome(templates, {
      newsletterName: 'Paperboy',
      email: 'ada@example.org',
      topics: ['conformal prediction', 'RLHF'],
      preferencesUrl: 'https://paperboy.example/preferences/tok-welcome',
      unsubscribeUrl: 'https://paperboy.example/unsubscribe/tok-welcome',
      postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
    });
    expect(email.subject).toBe('Welcome to Paperboy');
    expect(email.text).toContain('https://paperboy.example/unsubscribe/tok-welcome');
    await expect(formatHtml(email.html)).toMatchFileSnapshot('__snapshots__/welcome.html');
    await expect(email.text).toMatchFileSnapshot('__snapshots__/welcome.txt');
  });
});

describe('renderIssue content', () => {
  const profile = sampleProfiles[0];
  if (!profile) throw new Error('no sample profile');

  it('is pure: the same data gives the same bytes', () => {
    const data = buildSampleIssue(profile);
    expect(renderIssue(templates, data)).toEqual(renderIssue(templates, data));
  });

  it('has lang, the color-scheme meta, the preheader and every footer link', () => {
    const data = buildSampleIssue(profile);
    const issue = renderIssue(templates, data);
    expect(issue.html).toMatch(/<html[^>]* lang="en"/);
    expect(issue.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(issue.preheader).toMatch(/^Top pick: COLEP/);
    expect(issue.html).toContain(issue.preheader.replace(/"/g, '&quot;'));
    for (const url of Object.values(data.links)) {
      expect(issue.html).toContain(`href="${url}"`);
      expect(issue.text).toContain(url);
    }
    expect(issue.html).toContain('Manage your topics');
    expect(issue.html).toContain(data.postalAddress);
    expect(issue.text).toContain(data.postalAddress);
    expect(issue.html).not.toContain('{{');
  });

  it('puts every title, excerpt and link into the plain text', () => {
    const issue = renderIssue(templates, buildSampleIssue(profile));
    for (const { paper: p } of selectSamplePapers(profile)) {
      expect(issue.text).toContain(p.title);
      expect(issue.text).toContain(
        `https://arxiv.org/search/?query=${encodeURIComponent(p.title)}&searchtype=title`,
      );
    }
    expect(issue.text).toContain('Conformal prediction has shown spurring performance');
    expect(issue.text).not.toMatch(/&(amp|lt|gt|quot|#x27);/);
  });

  it('shows the header count and the matched topics', () => {
    const issue = renderIssue(templates, buildSampleIssue(profile));
    expect(issue.subject).toBe('8 new papers on RLHF, conformal prediction · Mar 11');
    expect(issue.html).toContain('<strong>8 papers for you</strong> on RLHF and conformal prediction.');
    expect(issue.html).toContain('Why you’re seeing this');
  });

  it('links the arXiv abstract and PDF when the id is known, else an arXiv title search', () => {
    const known = paper({
      title: 'Known',
      arxivId: '2403.01234',
      url: 'https://huggingface.co/papers/2403.01234',
    });
    const unknown = paper({ title: 'Ünknown & odd' });
    const issue = renderIssue(templates, {
      ...buildSampleIssue(profile),
      papers: [ranked(known), ranked(unknown)],
    });
    expect(issue.html).toContain('href="https://arxiv.org/abs/2403.01234"');
    expect(issue.html).toContain('href="https://arxiv.org/pdf/2403.01234"');
    expect(issue.html).toContain('href="https://huggingface.co/papers/2403.01234"');
    expect(issue.html).toContain(
      'href="https://arxiv.org/search/?query&#x3D;%C3%9Cnknown%20%26%20odd&amp;searchtype&#x3D;title"',
    );
    expect(issue.text).toContain('PDF: https://arxiv.org/pdf/2403.01234');
  });

  it('leaves out papers the matcher did not select', () => {
    const papers = [
      ranked(paper({ title: 'Kept' })),
      { ...ranked(paper({ title: 'Dropped' })), selected: false },
    ];
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), papers });
    expect(issue.html).toContain('Kept');
    expect(issue.html).not.toContain('Dropped');
    expect(issue.subject).toBe('1 new paper on conformal prediction · Mar 11');
  });

  it('renders an empty issue with a helpful message', () => {
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), papers: [] });
    expect(issue.subject).toBe('No new papers on conformal prediction, RLHF · Mar 11');
    expect(issue.html).toContain('No new papers for you today.');
    expect(issue.text).toContain("Nothing in today's digest matched conformal prediction and RLHF.");
  });

  it('rejects an edition date that is not YYYY-MM-DD', () => {
    expect(() => renderIssue(templates, { ...buildSampleIssue(profile), date: '2024-02-30' })).toThrow(
      expect.objectContaining({ code: 'RENDER_FAILED' }),
    );
  });
});

describe('paper text is data, never markup', () => {
  const profile = sampleProfiles[0];
  if (!profile) throw new Error('no sample profile');
  const tricky = [
    paper({
      title:
        'Constraints on the variation of the fine-structure constant at 3<z<10 with JWST emission-line galaxies',
    }),
    paper({ title: 'The Reversal Curse: LLMs trained on "A is B" fail to learn "B is A"' }),
    paper({
      title: 'Templates {{constructor}} and <script>alert(1)</script> & {{#each x}}',
      abstract:
        'We write {{{raw}}} and </div><img src=x onerror=alert(1)> and Tom &amp; Jerry. Second sentence.',
      authors: ["O'Brien <ob@example.org>"],
    }),
  ];
  const data = () => ({
    ...buildSampleIssue(profile),
    papers: tricky.map((p) => ranked(p, ['<b>topic</b>'])),
  });

  it('escapes HTML exactly once', () => {
    const { html } = renderIssue(templates, data());
    expect(html).toContain('at 3&lt;z&lt;10 with JWST');
    expect(html).toContain('trained on &quot;A is B&quot; fail to learn &quot;B is A&quot;');
    expect(html).toContain('{{constructor}} and &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{#each x}}');
    expect(html).toContain(
      'We write {{{raw}}} and &lt;/div&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; and Tom &amp;amp; Jerry.',
    );
    expect(html).toContain('O&#x27;Brien &lt;ob@example.org&gt;');
    expect(html).toContain('&lt;b&gt;topic&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<img|&amp;lt;|&amp;quot;/);
  });

  it('keeps the text part literal', () => {
    const { text, subject, preheader } = renderIssue(templates, data());
    expect(text).toContain(
      '1. Constraints on the variation of the fine-structure constant at 3<z<10 with JWST',
    );
    expect(text).toContain('The Reversal Curse: LLMs trained on "A is B" fail to learn "B is A"');
    expect(text).toContain('Templates {{constructor}} and <script>alert(1)</script> & {{#each x}}');
    expect(text.replace(/\s+/g, ' ')).toContain('Tom &amp; Jerry');
    expect(subject).toBe('3 new papers on <b>topic</b> · Mar 11');
    expect(preheader).toContain('3<z<10');
  });
});

describe('size', () => {
  it('keeps the largest 10-paper issue under 100 KB of HTML', () => {
    const longest = [...samplePapers]
      .sort((a, b) => b.title.length + b.abstract.length - (a.title.length + a.abstract.length))
      .slice(0, 10)
      .map((p, index) =>
        ranked(
          {
            ...p,
            arxivId: `2403.${String(10000 + index)}`,
            url: `https://huggingface.co/papers/2403.${String(10000 + index)}`,
            authors: [
              'Alexandra Example-Longname',
              'Bartholomew Sample',
              'Chidinma Placeholder',
              'Dmitri Fixture',
            ],
            categories: ['cs.LG', 'stat.ML', 'cs.AI'],
            upvotes: 120,
          },
          ['conformal prediction', 'reinforcement learning from human feedback', 'large language models'],
        ),
      );
    const { html } = renderIssue(templates, {
      ...buildSampleIssue(sampleProfiles[1] ?? { slug: 'x', topics: {} }),
      papers: longest,
    });
    expect(longest).toHaveLength(10);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(100 * 1024);
  });
});
