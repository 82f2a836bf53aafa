import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/digest/index.ts';
import {
  type CompiledTemplates,
  type IssuePaper,
  loadTemplates,
  maxIssueHtmlBytes,
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
  return {
    paper: p,
    reasons: matchedTopics.map((topic) => `matched "${topic}" in title`),
    matchedTopics,
  };
}

function profileNamed(slug: string) {
  const profile = sampleProfiles.find((p) => p.slug === slug);
  if (!profile) throw new Error(`no sample profile ${slug}`);
  return profile;
}

/** Papers as the Hugging Face and arXiv sources deliver them: ids, authors, categories and upvotes. */
const sourcedPapers: IssuePaper[] = [
  {
    paper: paper({
      title: 'Direct Preference Optimization with Noisy Reward Models',
      abstract:
        'We study preference learning when the reward models disagree. A simple correction recovers DPO. Experiments on three benchmarks confirm it.',
      arxivId: '2403.01234',
      url: 'https://huggingface.co/papers/2403.01234',
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
      categories: ['cs.LG', 'cs.CL', 'stat.ML'],
      upvotes: 42,
    }),
    reasons: [
      'matched "RLHF" via "reward models" in abstract (words nearby)',
      'matched "RLHF" via "preference learning" in abstract',
    ],
    matchedTopics: ['RLHF'],
  },
  {
    paper: paper({
      title: 'Reward Hacking in the Wild',
      abstract: 'A short abstract about reward hacking.',
      authors: ['Solo Author'],
      upvotes: 1,
    }),
    reasons: ['matched "RLHF" via "reward hacking" in title', 'listed in arXiv cs.AI, a category of "RLHF"'],
    matchedTopics: ['RLHF'],
  },
];

/** Papers without an arXiv id: a DOI, a journal page, an id only in the title, and nothing at all. */
const unidentifiedPapers: IssuePaper[] = [
  ranked(paper({ title: 'Conformal Risk Control in Journals', url: 'doi:10.1214/23-AOS2276' })),
  ranked(
    paper({
      title: 'Conformal Prediction Under Covariate Shift',
      url: 'https://jmlr.org/papers/v24/22-1234.html',
    }),
  ),
  ranked(paper({ title: '[2401.00001] Conformal Language Modeling' })),
  ranked(paper({ title: 'Ünknown & odd conformal paper' })),
];

describe('renderIssue snapshots', () => {
  // Rendering takes no clock (the send date is data), but freezing it proves the bytes cannot depend on one.
  beforeAll(() => {
    vi.useFakeTimers({ now: new Date('2024-03-12T06:00:00Z') });
    return () => vi.useRealTimers();
  });

  const cases: [string, () => Parameters<typeof renderIssue>[1]][] = [
    ['one-topic', () => buildSampleIssue(profileNamed('one-topic'))],
    ['conformal-rlhf', () => buildSampleIssue(profileNamed('conformal-rlhf'))],
    ['three-topics', () => buildSampleIssue(profileNamed('llm-reasoning'))],
    ['fairness-astro', () => buildSampleIssue(profileNamed('fairness-astro'))],
    [
      'authors-upvotes',
      () => ({
        ...buildSampleIssue(profileNamed('conformal-rlhf')),
        topics: ['RLHF'],
        papers: sourcedPapers,
      }),
    ],
    [
      'without-arxiv-id',
      () => ({
        ...buildSampleIssue(profileNamed('one-topic')),
        papers: unidentifiedPapers,
        brand: { color: '#0f4c81' },
      }),
    ],
  ];
  for (const [slug, data] of cases) {
    it(`renders the ${slug} issue`, async () => {
      const issue = renderIssue(templates, data());
      await expect(formatHtml(issue.html)).toMatchFileSnapshot(`__snapshots__/issue-${slug}.html`);
      await expect(
        `Subject: ${issue.subject}\nPreheader: ${issue.preheader}\n\n${issue.text}`,
      ).toMatchFileSnapshot(`__snapshots__/issue-${slug}.txt`);
    });
  }

  const confirmEmail = (email: string, topics: string[]) =>
    renderConfirm(templates, {
      newsletterName: 'Paperboy',
      email,
      confirmUrl: 'https://paperboy.example/confirm/tok-confirm',
      topics,
      expiresInDays: 7,
      schedule: { frequency: 'weekly', weekday: 1, hour: 7, timezone: 'Europe/Berlin' },
      postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
    });

  it('renders the confirmation email', async () => {
    const email = confirmEmail('ada@example.org', ['conformal prediction', 'RLHF']);
    expect(email.subject).toBe('Confirm your subscription to Paperboy');
    expect(email.text).toContain('https://paperboy.example/confirm/tok-confirm');
    expect(email.text).toContain('expires in 7 days');
    expect(email.text).toContain('every Monday at 07:00 (Europe/Berlin)');
    expect(email.text).not.toContain('daily');
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
      schedule: { frequency: 'daily', weekday: null, hour: 7, timezone: 'UTC' },
      postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
    });
    expect(email.subject).toBe('Welcome to Paperboy');
    expect(email.text).toContain('https://paperboy.example/unsubscribe/tok-welcome');
    expect(email.text).toContain('Your issues come every day at 07:00 (UTC)');
    await expect(formatHtml(email.html)).toMatchFileSnapshot('__snapshots__/welcome.html');
    await expect(email.text).toMatchFileSnapshot('__snapshots__/welcome.txt');
  });
});

describe('renderIssue content', () => {
  const profile = profileNamed('conformal-rlhf');

  it('is pure: the same data gives the same bytes', () => {
    const data = buildSampleIssue(profile);
    expect(renderIssue(templates, data)).toEqual(renderIssue(templates, data));
  });

  it('has lang, the color-scheme meta, the preheader and every footer link', () => {
    const data = buildSampleIssue(profile);
    const issue = renderIssue(templates, data);
    expect(issue.html).toMatch(/<html[^>]* lang="en"/);
    expect(issue.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(issue.html).toContain(issue.preheader.replace(/"/g, '&quot;'));
    for (const url of Object.values(data.links)) {
      expect(issue.html).toContain(`href="${url}"`);
      expect(issue.text).toContain(url);
    }
    expect(issue.html).toContain('Manage your topics');
    expect(issue.html).toContain('View in browser');
    expect(issue.html).toContain(data.postalAddress);
    expect(issue.text).toContain(data.postalAddress);
    expect(issue.html).not.toContain('{{');
  });

  it('puts every title, excerpt and link into the plain text', () => {
    const issue = renderIssue(templates, buildSampleIssue(profile));
    for (const { paper: p } of selectSamplePapers(profile)) {
      expect(issue.text).toContain(p.title);
      expect(issue.text).toContain(
        `Search arXiv for this title: https://arxiv.org/search/?query=${encodeURIComponent(p.title)}&searchtype=title`,
      );
    }
    expect(issue.text).toContain('Conformal prediction has shown spurring performance');
    expect(issue.text).not.toMatch(/&(amp|lt|gt|quot|#x27);/);
  });

  it('names every topic with its count in the subject and the preheader, and they add up', () => {
    const issue = renderIssue(templates, buildSampleIssue(profile));
    expect(issue.subject).toBe('8 new papers: RLHF (6) and conformal prediction (2) · Mar 12');
    expect(issue.preheader).toMatch(/^Top pick: .+ — and 5 more on RLHF and 2 on conformal prediction\.$/);
    expect(issue.html).toContain(
      '<strong>8 papers for you</strong> on RLHF and conformal prediction, from the Mar 11 digest.',
    );
  });

  it('gives each topic a section when papers match two or more, and one list otherwise', () => {
    const sections = renderIssue(templates, buildSampleIssue(profileNamed('llm-reasoning')));
    expect(sections.html.match(/class="pb-heading"/g)).toHaveLength(3);
    expect(sections.text).toMatch(/^large language models · \d+ papers$/m);
    const single = renderIssue(templates, buildSampleIssue(profileNamed('one-topic')));
    expect(single.html).not.toContain('class="pb-heading"');
    expect(single.subject).toMatch(/^\d+ new papers on conformal prediction · Mar 12$/);
  });

  it('says why in one line, without the matcher’s jargon', () => {
    const issue = renderIssue(templates, {
      ...buildSampleIssue(profile),
      topics: ['RLHF'],
      papers: sourcedPapers,
    });
    expect(issue.html).toContain(
      '<strong>Why:</strong> Mentions reward models and preference learning</div>',
    );
    expect(issue.text).toContain('Why: The title mentions reward hacking; listed in arXiv cs.AI');
    expect(issue.html + issue.text).not.toMatch(/words nearby|matched "|via "/);
  });

  it('shows the send date in the header and the digest date without a year', () => {
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), sentOn: '2025-12-05' });
    expect(issue.html).toContain('Friday, December 5, 2025');
    expect(issue.text).toMatch(/^Paperboy · Friday, December 5, 2025$/m);
    expect(issue.text).toContain('from the Mar 11 digest');
    // Links carry the edition date; the words a reader sees must not name a (possibly guessed) year.
    const words = (issue.html + issue.text).replace(/https?:\/\/[^\s"]+/g, '');
    expect(words).not.toContain('2024');
    const sameDay = renderIssue(templates, { ...buildSampleIssue(profile), sentOn: '2024-03-11' });
    expect(sameDay.text).not.toContain('digest.');
  });

  it('links the paper’s own pages and labels the arXiv search as a search', () => {
    const issue = renderIssue(templates, {
      ...buildSampleIssue(profile),
      papers: [...sourcedPapers.slice(0, 1), ...unidentifiedPapers],
    });
    expect(issue.html).toContain('href="https://arxiv.org/abs/2403.01234"');
    expect(issue.html).toContain('href="https://arxiv.org/pdf/2403.01234"');
    expect(issue.html).toContain('href="https://huggingface.co/papers/2403.01234"');
    expect(issue.text).toContain('DOI: https://doi.org/10.1214/23-AOS2276');
    expect(issue.text).toContain('Paper page: https://jmlr.org/papers/v24/22-1234.html');
    expect(issue.text).toContain('arXiv: https://arxiv.org/abs/2401.00001');
    expect(issue.text).toMatch(/^\d+\. Conformal Language Modeling$/m);
    expect(issue.html).toContain(
      'href="https://arxiv.org/search/?query&#x3D;%C3%9Cnknown%20%26%20odd%20conformal%20paper&amp;searchtype&#x3D;title"',
    );
    expect(issue.text.match(/Search arXiv for this title:/g)).toHaveLength(1);
  });

  it('shows the first three authors, then et al., and the upvotes', () => {
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), papers: sourcedPapers });
    expect(issue.html).toContain('Ada Lovelace, Alan Turing, Grace Hopper et al.');
    expect(issue.html).not.toContain('Edsger');
    expect(issue.html).toContain('01 · cs.LG · cs.CL · ▲ 42');
    expect(issue.text).toContain('cs.LG · cs.CL · 42 upvotes on Hugging Face');
    expect(issue.text).toContain('1 upvote on Hugging Face');
  });

  it('puts a header band in the brand colour, with readable text, when BRAND_COLOR or LOGO_URL is set', () => {
    const plain = renderIssue(templates, buildSampleIssue(profile));
    expect(plain.html).not.toContain('pb-band');
    const dark = renderIssue(templates, { ...buildSampleIssue(profile), brand: { color: '#0f4c81' } });
    expect(dark.html).toContain('bgcolor="#0f4c81"');
    expect(dark.html).toMatch(/color:#ffffff;">Paperboy<\/div>/);
    const light = renderIssue(templates, { ...buildSampleIssue(profile), brand: { color: '#FD0' } });
    expect(light.html).toMatch(/color:#111111;">Paperboy<\/div>/);
    const logo = renderIssue(templates, {
      ...buildSampleIssue(profile),
      brand: { logoUrl: 'https://paperboy.example/logo.png' },
    });
    expect(logo.html).toContain('<img src="https://paperboy.example/logo.png" alt="Paperboy"');
  });

  it('leaves out papers the matcher did not select', () => {
    const papers = [
      ranked(paper({ title: 'Kept' })),
      { ...ranked(paper({ title: 'Dropped' })), selected: false },
    ];
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), papers });
    expect(issue.html).toContain('Kept');
    expect(issue.html).not.toContain('Dropped');
    expect(issue.subject).toBe('1 new paper on conformal prediction · Mar 12');
  });

  it('renders an empty issue with a helpful message', () => {
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), papers: [] });
    expect(issue.subject).toBe('No new papers on conformal prediction and RLHF · Mar 12');
    expect(issue.html).toContain('No new papers for you this time.');
    expect(issue.text).toContain('Nothing new matched conformal prediction and RLHF since your last issue.');
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => renderIssue(templates, { ...buildSampleIssue(profile), date: '2024-02-30' })).toThrow(
      expect.objectContaining({ code: 'RENDER_FAILED' }),
    );
  });
});

describe('paper text is data, never markup', () => {
  const profile = profileNamed('conformal-rlhf');
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
    papers: tricky.map((p) => ({ ...ranked(p, ['<b>topic</b>', 'other']) })),
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
    expect(html).toContain('The title mentions &lt;b&gt;topic&lt;/b&gt; and other');
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
    expect(subject).toBe('3 new papers on <b>topic</b> · Mar 12');
    expect(preheader).toContain('3<z<10');
  });
});

describe('size', () => {
  /** The worst case the product allows: 30 papers (the largest maxPapers) with the longest texts. */
  function largestIssue(count: number, topics: string[]) {
    const longest = [...samplePapers]
      .sort((a, b) => b.title.length + b.abstract.length - (a.title.length + a.abstract.length))
      .slice(0, count);
    return longest.map((p, index) => ({
      paper: {
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
      reasons: topics.flatMap((topic) => [
        `matched "${topic}" via "a rather long synonym of the topic" in title and abstract`,
        `related to "${topic}": "another related phrase" in abstract (words nearby)`,
      ]),
      matchedTopics: topics,
    }));
  }

  it('keeps an issue of 30 papers, the most maxPapers allows, under 100 KB with the footer intact', () => {
    const topics = [
      'conformal prediction',
      'reinforcement learning from human feedback',
      'large language models',
    ];
    const papers = largestIssue(30, topics);
    const data = {
      ...buildSampleIssue(profileNamed('llm-reasoning')),
      topics,
      papers,
      brand: { color: '#a8201a', logoUrl: 'https://paperboy.example/a/rather/long/path/to/the/logo.png' },
    };
    const issue = renderIssue(templates, data);
    expect(papers).toHaveLength(30);
    expect(Buffer.byteLength(issue.html, 'utf8')).toBeLessThanOrEqual(maxIssueHtmlBytes);
    expect(maxIssueHtmlBytes).toBeLessThan(100 * 1000);
    expect(issue.html).toContain(`href="${data.links.unsubscribeUrl}"`);
    expect(issue.html).toContain(data.postalAddress);
    // Every paper is either in the email or counted in the line that links to the web version.
    // Paper cards only: the line that links to the web version is a card of its own.
    const shown = (issue.html.match(/<table role="presentation" class="pb-card"/g) ?? []).length;
    expect(shown + issue.papersInWebOnly).toBe(30);
    if (issue.papersInWebOnly > 0) expect(issue.html).toContain('Read them in the web version');
  });

  it('moves papers to the web version only when shorter excerpts are not enough', () => {
    const topics = ['conformal prediction'];
    const padded = largestIssue(30, topics).map((r, i) => ({
      ...r,
      // Titles no digest has, so that even one-sentence excerpts cannot fit 30 cards.
      paper: { ...r.paper, title: `${r.paper.title} ${'with a very long subtitle '.repeat(40)}${i}` },
    }));
    const data = { ...buildSampleIssue(profileNamed('one-topic')), topics, papers: padded };
    const email = renderIssue(templates, data);
    expect(Buffer.byteLength(email.html, 'utf8')).toBeLessThanOrEqual(maxIssueHtmlBytes);
    expect(email.papersInWebOnly).toBeGreaterThan(0);
    expect(email.html).toContain(`${email.papersInWebOnly} more paper`);
    expect(email.text).toContain(`Read them in the web version: ${data.links.webUrl}`);
    const web = renderIssue(templates, data, { format: 'web' });
    expect(web.papersInWebOnly).toBe(0);
    expect(web.html.match(/class="pb-card"/g)).toHaveLength(30);
    expect(web.html).not.toContain('View in browser');
  });
});

describe('"More like this" and "Less like this"', () => {
  const profile = profileNamed('conformal-rlhf');

  it('gives every paper both links, in the HTML and the text', () => {
    const data = buildSampleIssue(profile);
    const issue = renderIssue(templates, data);
    expect(data.papers.length).toBeGreaterThan(1);
    for (const { paper } of data.papers) {
      const urls = data.rateUrls?.(paper.id);
      if (!urls) throw new Error('no rate links');
      // Escaped once in HTML attributes (`&`, `=`), and kept as is in the text part.
      expect(issue.html).toContain(`href="${Handlebars.escapeExpression(urls.moreUrl)}"`);
      expect(issue.html).toContain(`href="${Handlebars.escapeExpression(urls.lessUrl)}"`);
      expect(issue.text).toContain(`More like this: ${urls.moreUrl}\n`);
      expect(issue.text).toContain(`Less like this: ${urls.lessUrl}\n`);
    }
    expect(issue.html.match(/>More like this</g)).toHaveLength(data.papers.length);
  });

  it('leaves them out when the caller gives none', () => {
    const { rateUrls: _none, ...data } = buildSampleIssue(profile);
    const issue = renderIssue(templates, data);
    expect(issue.html).not.toContain('More like this');
    expect(issue.text).not.toContain('Less like this');
  });

  it('tells a reader of example papers alone why they get the issue', () => {
    const issue = renderIssue(templates, { ...buildSampleIssue(profile), topics: [] });
    expect(issue.text).toContain('your issues follow the papers you liked');
    expect(issue.text).not.toContain('with your topics');
  });
});

describe('a reader whose profile is example papers only', () => {
  it('says "papers you liked", not "your topics", when nothing new came', () => {
    const issue = renderIssue(templates, {
      ...buildSampleIssue(profileNamed('conformal-rlhf')),
      topics: [],
      papers: [],
    });
    expect(issue.subject).toBe('No new papers like the ones you liked · Mar 12');
    expect(issue.text).toContain('Nothing new matched the papers you liked since your last issue.');
    expect(issue.text).not.toContain('your topics');
    expect(issue.html).not.toContain('your topics');
  });
});
