import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/index.ts';
import { buildPaperLinks, findPaperUrl, toSafeHttpUrl } from '../../src/render/index.ts';

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

function paper(url: string | undefined): Paper {
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
    const { titleUrl, links } = buildPaperLinks(paper(url));
    for (const href of [titleUrl, ...links.map((l) => l.url)])
      expect(href).toMatch(/^https:\/\/arxiv\.org\//);
  });

  it('keeps http(s) links in their serialized form', () => {
    expect(toSafeHttpUrl('https://example.org/p/3')).toBe('https://example.org/p/3');
    expect(toSafeHttpUrl('HTTP://Example.org/a b')).toBe('http://example.org/a%20b');
    expect(buildPaperLinks(paper('https://example.org/p/3')).links).toContainEqual({
      label: 'Paper page',
      url: 'https://example.org/p/3',
    });
  });
});
