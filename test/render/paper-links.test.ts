import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/index.ts';
import {
  buildPaperLinks,
  findArxivId,
  findPaperUrl,
  stripArxivMarker,
  toSafeHttpUrl,
} from '../../src/render/index.ts';

describe('findArxivId', () => {
  it('takes the digest’s id, else reads it from an arXiv or Hugging Face link, else from the title', () => {
    expect(findArxivId({ arxivId: '2403.01234v2', url: 'https://example.org' })).toBe('2403.01234v2');
    expect(findArxivId({ arxivId: 'arXiv:2403.01234' })).toBe('2403.01234');
    expect(findArxivId({ url: 'https://arxiv.org/pdf/2403.01234.pdf' })).toBe('2403.01234');
    expect(findArxivId({ url: 'https://huggingface.co/papers/2403.01234' })).toBe('2403.01234');
    expect(findArxivId({ url: 'http://arxiv.org/abs/hep-th/9901001v1' })).toBe('hep-th/9901001v1');
    expect(findArxivId({ title: '[2403.01234] A Paper' })).toBe('2403.01234');
    expect(findArxivId({ title: 'A Paper (arXiv:2501.00001)' })).toBe('2501.00001');
    expect(findArxivId({ title: 'A Paper, arXiv 2501.00001' })).toBe('2501.00001');
  });

  it('does not take any number in a title for an id', () => {
    expect(findArxivId({ title: 'Scaling to 2403.01234 tokens' })).toBeUndefined();
    expect(findArxivId({ url: 'https://example.org/2403.01234' })).toBeUndefined();
  });
});

describe('buildPaperLinks', () => {
  it('links the arXiv abstract and PDF, and the Hugging Face page, with the title on the abstract', () => {
    expect(
      buildPaperLinks({ title: 'X', arxivId: '2403.01234', url: 'https://huggingface.co/papers/2403.01234' }),
    ).toEqual({
      titleUrl: 'https://arxiv.org/abs/2403.01234',
      titleIsSearch: false,
      links: [
        { label: 'arXiv', url: 'https://arxiv.org/abs/2403.01234' },
        { label: 'PDF', url: 'https://arxiv.org/pdf/2403.01234' },
        { label: 'Hugging Face', url: 'https://huggingface.co/papers/2403.01234' },
      ],
    });
  });

  it('does not list an arXiv link twice', () => {
    const { links } = buildPaperLinks({ title: 'X', url: 'http://arxiv.org/abs/2403.01234/' });
    expect(links.map((l) => l.label)).toEqual(['arXiv', 'PDF']);
  });

  it('does not list an arXiv abstract again because the digest linked a version of it', () => {
    const { links } = buildPaperLinks({
      title: 'LoRA',
      arxivId: '2106.09685',
      url: 'http://arxiv.org/abs/2106.09685v2',
    });
    expect(links).toEqual([
      { label: 'arXiv', url: 'https://arxiv.org/abs/2106.09685' },
      { label: 'PDF', url: 'https://arxiv.org/pdf/2106.09685' },
    ]);
  });

  it('links the Hugging Face page of a paper with upvotes, though its url is the arXiv abstract', () => {
    // What the hf-daily source stores: the arXiv id, the upvotes, and the arXiv abstract as its url.
    const { links } = buildPaperLinks({
      title: 'The Era of 1-bit LLMs',
      arxivId: '2402.17764',
      url: 'https://arxiv.org/abs/2402.17764',
      upvotes: 97,
    });
    expect(links).toEqual([
      { label: 'arXiv', url: 'https://arxiv.org/abs/2402.17764' },
      { label: 'PDF', url: 'https://arxiv.org/pdf/2402.17764' },
      { label: 'Hugging Face', url: 'https://huggingface.co/papers/2402.17764' },
    ]);
    // Upvotes without an id name no page.
    expect(buildPaperLinks({ title: 'X', upvotes: 3 }).titleIsSearch).toBe(true);
  });

  it('links a DOI or the digest’s own page when there is no arXiv id', () => {
    expect(buildPaperLinks({ title: 'X', url: 'doi:10.1214/23-AOS2276' })).toMatchObject({
      titleUrl: 'https://doi.org/10.1214/23-AOS2276',
      links: [{ label: 'DOI', url: 'https://doi.org/10.1214/23-AOS2276' }],
    });
    expect(buildPaperLinks({ title: 'X', url: 'https://dx.doi.org/10.1000/a%20b' }).titleUrl).toBe(
      'https://doi.org/10.1000/a%2520b',
    );
    expect(buildPaperLinks({ title: 'X', url: 'https://jmlr.org/papers/v24/1.html' }).links).toEqual([
      { label: 'Paper page', url: 'https://jmlr.org/papers/v24/1.html' },
    ]);
  });

  it('falls back to an arXiv title search, labelled as a search, and never links javascript: URLs', () => {
    const links = buildPaperLinks({ title: 'Ünknown & odd', url: 'javascript:alert(1)' });
    expect(links).toEqual({
      titleUrl: 'https://arxiv.org/search/?query=%C3%9Cnknown%20%26%20odd&searchtype=title',
      titleIsSearch: true,
      links: [
        {
          label: 'Search arXiv for this title',
          url: 'https://arxiv.org/search/?query=%C3%9Cnknown%20%26%20odd&searchtype=title',
        },
      ],
    });
    expect(findPaperUrl({ title: 'Ünknown', url: 'javascript:alert(1)' })).toBeUndefined();
  });
});

describe('stripArxivMarker', () => {
  it('drops the id a title carries, and keeps a title that is only an id', () => {
    expect(stripArxivMarker('[2403.01234] Conformal Language Modeling')).toBe('Conformal Language Modeling');
    expect(stripArxivMarker('Conformal Language Modeling (arXiv:2403.01234)')).toBe(
      'Conformal Language Modeling',
    );
    expect(stripArxivMarker('[2403.01234]')).toBe('[2403.01234]');
    expect(stripArxivMarker('Scaling to 2403.01234 tokens')).toBe('Scaling to 2403.01234 tokens');
  });
});

/** URLs a hostile digest might carry; none may become a link anywhere. */
const hostileUrls = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\u0001javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/p',
  '/relative/path',
  'https:evil.example',
  ' https://evil.example',
  'https://user:pass@evil.example/',
  'http://',
  'https://exa mple.org/',
];

function paperAt(url: string | undefined): Paper {
  return {
    id: 'p1',
    title: 'A paper',
    abstract: 'About things.',
    authors: [],
    categories: [],
    ...(url === undefined ? {} : { url }),
  };
}

describe('paper links: only http(s), built in one place', () => {
  it.each(hostileUrls)('refuses %j', (url) => {
    expect(toSafeHttpUrl(url)).toBeUndefined();
    expect(findPaperUrl({ url })).toBeUndefined();
    const { titleUrl, links } = buildPaperLinks(paperAt(url));
    for (const href of [titleUrl, ...links.map((l) => l.url)])
      expect(href).toMatch(/^https:\/\/arxiv\.org\//);
  });

  it('keeps http(s) links in their serialized form', () => {
    expect(toSafeHttpUrl('https://example.org/p/3')).toBe('https://example.org/p/3');
    expect(toSafeHttpUrl('HTTP://Example.org/a b')).toBe('http://example.org/a%20b');
    expect(buildPaperLinks(paperAt('https://example.org/p/3')).links).toContainEqual({
      label: 'Paper page',
      url: 'https://example.org/p/3',
    });
  });
});
