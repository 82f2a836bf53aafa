import type { Paper } from '../digest/paper.ts';

export interface PaperLink {
  label: string;
  url: string;
}

/** An arXiv page of a paper (`abs` or `pdf`); old-style ids such as `hep-th/9901001` keep their slash. */
function arxivUrl(kind: 'abs' | 'pdf', arxivId: string): string {
  return `https://arxiv.org/${kind}/${encodeURIComponent(arxivId).replace(/%2F/g, '/')}`;
}

/** A digest's own link, only when it is http(s): a `javascript:` or `data:` URL from a file never becomes a link. */
function linkableUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * The one address that stands for a paper (its arXiv abstract when the id is known, else the
 * digest's own http(s) link), or undefined. The live sample on the sign-up page uses it.
 */
export function findPaperUrl(paper: Pick<Paper, 'arxivId' | 'url'>): string | undefined {
  return paper.arxivId ? arxivUrl('abs', paper.arxivId) : linkableUrl(paper.url);
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
  const source = linkableUrl(paper.url);
  if (source && source !== titleUrl) links.push({ label: 'Paper page', url: source });
  if (!paper.arxivId) links.push({ label: 'Find on arXiv', url: titleUrl });
  return { titleUrl, links };
}
