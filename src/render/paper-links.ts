import type { Paper } from '../digest/paper.ts';

export interface PaperLink {
  label: string;
  url: string;
}

export interface PaperLinks {
  /** Where the title points: the paper's own page, or the arXiv title search when none is known. */
  titleUrl: string;
  /** True when `titleUrl` is only a search, so a reader is not told it is the paper. */
  titleIsSearch: boolean;
  /** The links under a card, the paper's own pages first; the search only when nothing else is known. */
  links: PaperLink[];
}

/** The part of a paper that says where it lives. */
export type PaperAddress = Pick<Paper, 'arxivId' | 'url'> & { title?: string; upvotes?: number | undefined };

// New-style ids (2403.01234, with an optional version) and old-style ones (hep-th/9901001, math.GT/0309136).
const arxivIdPattern = String.raw`(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?`;
const arxivUrlId = new RegExp(
  String.raw`^https?://(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/(${arxivIdPattern})(?:\.pdf)?/?(?:[?#].*)?$`,
  'i',
);
// A title carries an id only when it says so ("arXiv:2403.01234") or brackets it ("[2403.01234] Title").
const titleId = new RegExp(
  String.raw`(?:\barXiv:?\s*(${arxivIdPattern})\b|[[(](${arxivIdPattern})[\])])`,
  'i',
);
const doiPattern = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;

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
 * The paper's arXiv id: the digest's own, else one read from an arXiv or Hugging Face paper link,
 * else one the title states ("arXiv:2403.01234", "[2403.01234] …").
 *
 * @example findArxivId({ title: '[2403.01234] A paper' }) // '2403.01234'
 */
export function findArxivId(paper: PaperAddress): string | undefined {
  const given = paper.arxivId?.trim().replace(/^arxiv:\s*/i, '');
  if (given) return given;
  const fromUrl = paper.url ? arxivUrlId.exec(paper.url.trim())?.[1] : undefined;
  if (fromUrl) return fromUrl;
  const fromTitle = paper.title ? titleId.exec(paper.title) : null;
  return fromTitle?.[1] ?? fromTitle?.[2];
}

/** The title without the arXiv id marker it carried ("[2403.01234] Title" → "Title"). */
export function stripArxivMarker(title: string): string {
  const stripped = title
    .replace(new RegExp(String.raw`^\s*\[(${arxivIdPattern})\]\s*`, 'i'), '')
    .replace(new RegExp(String.raw`\s*[[(]?\barXiv:?\s*${arxivIdPattern}[\])]?\s*$`, 'i'), '');
  return stripped.trim() || title.trim();
}

/** `https://doi.org/…` for a DOI written as a URL, `doi:10.…` or bare `10.…/…`. */
function doiUrl(url: string | undefined): string | undefined {
  const doi = url ? doiPattern.exec(url.trim())?.[1] : undefined;
  return doi ? `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}` : undefined;
}

/** What a paper's own link is called, by where it points. */
function labelFor(url: string): string {
  if (/^https:\/\/doi\.org\//.test(url)) return 'DOI';
  if (/^https?:\/\/huggingface\.co\/papers\//i.test(url)) return 'Hugging Face';
  return 'Paper page';
}

/**
 * The one address that stands for a paper (its arXiv abstract when the id is known, else its DOI or
 * the digest's own http(s) link), or undefined.
 *
 * @example findPaperUrl({ arxivId: '2403.01234' }) // 'https://arxiv.org/abs/2403.01234'
 */
export function findPaperUrl(paper: PaperAddress): string | undefined {
  const arxivId = findArxivId(paper);
  return arxivId ? arxivUrl('abs', arxivId) : (doiUrl(paper.url) ?? toSafeHttpUrl(paper.url));
}

/**
 * Where a paper's title points and the links under its card: the arXiv abstract and PDF when the
 * arXiv id is known, the Hugging Face page, DOI or digest link, and an arXiv title search, labelled
 * as a search, only when nothing else is known. Every paper URL of the product is built here.
 *
 * @example
 * buildPaperLinks({ title: 'X', arxivId: '2403.01234', … }).links
 * // [{ label: 'arXiv', url: 'https://arxiv.org/abs/2403.01234' }, { label: 'PDF', url: '…/pdf/2403.01234' }]
 */
export function buildPaperLinks(paper: PaperAddress & { title: string }): PaperLinks {
  const links: PaperLink[] = [];
  const arxivId = findArxivId(paper);
  if (arxivId) {
    links.push(
      { label: 'arXiv', url: arxivUrl('abs', arxivId) },
      { label: 'PDF', url: arxivUrl('pdf', arxivId) },
    );
  }
  // Upvotes come from Hugging Face Daily Papers, whose page of the paper has its discussion; a paper
  // fetched from there (and one merged with arXiv's copy) keeps only an arXiv link in its url.
  if (arxivId && paper.upvotes !== undefined)
    links.push({
      label: 'Hugging Face',
      url: `https://huggingface.co/papers/${encodeURIComponent(arxivId)}`,
    });
  const own = doiUrl(paper.url) ?? toSafeHttpUrl(paper.url);
  if (own && !links.some((link) => sameAddress(link.url, own)) && !isArxivPage(own, arxivId))
    links.push({ label: labelFor(own), url: own });
  const first = links[0];
  if (first) return { titleUrl: first.url, titleIsSearch: false, links };
  const search = `https://arxiv.org/search/?query=${encodeURIComponent(stripArxivMarker(paper.title))}&searchtype=title`;
  return {
    titleUrl: search,
    titleIsSearch: true,
    links: [{ label: 'Search arXiv for this title', url: search }],
  };
}

/** An arXiv abstract or PDF of this paper, any version (`…/abs/2106.09685v2`): the arXiv links say it. */
function isArxivPage(url: string, arxivId: string | undefined): boolean {
  const id = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\//i.test(url) ? arxivUrlId.exec(url)?.[1] : undefined;
  return id !== undefined && arxivId !== undefined && withoutVersion(id) === withoutVersion(arxivId);
}

function withoutVersion(arxivId: string): string {
  return arxivId.replace(/v\d+$/, '').toLowerCase();
}

function sameAddress(a: string, b: string): boolean {
  const normalize = (url: string) =>
    url
      .replace(/^http:/i, 'https:')
      .replace(/\/+$/, '')
      .toLowerCase();
  return normalize(a) === normalize(b);
}
