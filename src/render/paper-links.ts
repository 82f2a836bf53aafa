import type { Paper } from '../digest/paper.ts';

export interface PaperLink {
  label: string;
  url: string;
}

/**
 * Where a paper's title points (the arXiv abstract when the id is known, else an arXiv title search)
 * and the extra links shown under its card.
 */
export function buildPaperLinks(paper: Paper): { titleUrl: string; links: PaperLink[] } {
  const links: PaperLink[] = [];
  let titleUrl = `https://arxiv.org/search/?query=${encodeURIComponent(paper.title)}&searchtype=title`;
  if (paper.arxivId) {
    const id = encodeURIComponent(paper.arxivId).replace(/%2F/g, '/');
    titleUrl = `https://arxiv.org/abs/${id}`;
    links.push({ label: 'Abstract', url: titleUrl }, { label: 'PDF', url: `https://arxiv.org/pdf/${id}` });
  }
  const source = paper.url && /^https?:\/\//i.test(paper.url) ? paper.url : undefined;
  if (source && source !== titleUrl) links.push({ label: 'Paper page', url: source });
  if (!paper.arxivId) links.push({ label: 'Find on arXiv', url: titleUrl });
  return { titleUrl, links };
}
