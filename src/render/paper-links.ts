import type { Paper } from '../digest/paper.ts';

export interface PaperLink {
  label: string;
  url: string;
}

/** An arXiv page of a paper (`abs` or `pdf`); old-style ids such as `hep-th/9901001` keep their slash. */
function arxivUrl(kind: 'abs' | 'pdf', arxivId: string): string {
  return `https://arxiv.org/${kind}/${encodeURIComponent(arxivId).replace(/%2F/g, '/')}`;
}

/**
 * The one check every link taken from a digest passes before it reaches a page, the live sample or an
 * email: an absolute http(s) URL with a host and no user name or password, as the WHATWG URL parser
 * reads it, returned in its serialized form. A `javascript:`, `data:` or `vbscript:` URL, one
 * disguised with leading blanks or control characters, or a relative or malformed one gives undefined.
 *
 * @example toSafeHttpUrl('javascript:alert(1)') // undefined
 */
export function toSafeHttpUrl(url: string | undefined): string | undefined {
  // The literal prefix first: the parser forgives leading blanks and `https:host` without slashes.
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const httpLike = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  return httpLike && parsed.hostname && !parsed.username && !parsed.password ? parsed.href : undefined;
}

/**
 * The one address that stands for a paper (its arXiv abstract when the id is known, else the
 * digest's own http(s) link), or undefined. The live sample on the sign-up page uses it.
 */
export function findPaperUrl(paper: Pick<Paper, 'arxivId' | 'url'>): string | undefined {
  return paper.arxivId ? arxivUrl('abs', paper.arxivId) : toSafeHttpUrl(paper.url);
}

/**
 * Where a paper's title points (the arXiv abstract when the id is known, else an arXiv title search)
 * and the extra links shown under its card.
 */
export function buildPaperLinks(paper: Paper): { titleUrl: string; links: PaperLink[] } {
  const links: PaperLink[] = [];
  let titleUrl = `https://arxiv.org/search/?query=${encodeURIComponent(paper.title)}&searchtype=title`;
  if (paper.arxivId) {
    titleUrl = arxivUrl('abs', paper.arxivId);
    links.push({ label: 'Abstract', url: titleUrl }, { label: 'PDF', url: arxivUrl('pdf', paper.arxivId) });
  }
  const source = toSafeHttpUrl(paper.url);
  if (source && source !== titleUrl) links.push({ label: 'Paper page', url: source });
  if (!paper.arxivId) links.push({ label: 'Find on arXiv', url: titleUrl });
  return { titleUrl, links };
}
