import { html } from 'hono/html';
import type { Paper } from '../../digest/index.ts';
import { buildPaperLinks, excerptAbstract, formatAuthors, formatEditionDate } from '../../render/index.ts';
import type { DigestDate, PaperSearch } from '../../store/index.ts';
import { type Html, renderLayout } from './layout.ts';

/** A search of the stored papers: what was typed, and what it found. */
export interface ArchiveSearch {
  text: string;
  result: PaperSearch;
}

/** Every edition date, newest first, under a search of every stored paper's title and abstract. */
export function renderArchiveIndexPage(props: {
  newsletterName: string;
  editions: readonly DigestDate[];
  search?: ArchiveSearch;
}): Html {
  const guessed = new Set(props.editions.filter((e) => e.yearGuessed).map((e) => e.date));
  return renderLayout({
    title: props.search ? `Search: ${props.search.text}` : 'Archive',
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>Archive</h1>
<form method="get" action="/archive" role="search">
<label for="q">Search the titles and abstracts of every paper</label>
<div class="search-row"><input id="q" name="q" type="search" maxlength="${maxSearchLength}" value="${props.search?.text ?? ''}"> <button type="submit">Search</button></div>
</form>
${props.search ? renderSearchResult(props.search, guessed) : ''}
</section>
<section class="card">
<h2>Editions</h2>
${
  props.editions.length === 0
    ? html`<p>No editions yet.</p>`
    : html`<ul class="editions">${props.editions.map(
        (e) =>
          html`<li><a href="/archive/${e.date}">${formatEditionLabel(e.date, e.yearGuessed)}</a> <span class="hint">${e.paperCount} ${e.paperCount === 1 ? 'paper' : 'papers'}</span></li>`,
      )}</ul>`
}
</section>`,
  });
}

/** The longest search text read; the words of a search are capped well below it. */
export const maxSearchLength = 200;

/**
 * An edition's date as a reader sees it: in full, or only month and day when the year (and so the
 * weekday) came from a file's modification time.
 */
function formatEditionLabel(date: string, yearGuessed: boolean): string {
  const formatted = formatEditionDate(date);
  return yearGuessed ? formatted.short : formatted.long;
}

function renderSearchResult({ text, result }: ArchiveSearch, guessed: ReadonlySet<string>): Html {
  const { query, papers } = result;
  const asked = 'arxivId' in query ? `arXiv ${query.arxivId}` : `“${text}”`;
  const summary =
    'words' in query && query.words.length === 0
      ? 'Type at least one word of two or more letters or digits.'
      : papers.length === 0
        ? `No stored paper matches ${asked}.`
        : result.more
          ? `The first ${papers.length} papers that match ${asked}, titles first; add words to narrow the search.`
          : `${papers.length} ${papers.length === 1 ? 'paper matches' : 'papers match'} ${asked}, titles first.`;
  return html`<p class="hint" id="search-summary" role="status">${summary}</p>
${papers.length > 0 ? html`<ol class="papers">${papers.map((paper) => renderPaperItem(paper, paper.digestDate, guessed))}</ol>` : ''}`;
}

/** The web version of one edition: all papers of the day, the "View in browser" target. */
export function renderArchiveEditionPage(props: {
  newsletterName: string;
  date: string;
  yearGuessed: boolean;
  papers: readonly Paper[];
}): Html {
  const label = formatEditionLabel(props.date, props.yearGuessed);
  return renderLayout({
    title: label,
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>${label}</h1>
<p class="hint">All ${props.papers.length} papers of this edition. Each subscriber's issue holds the ones on their topics.</p>
<ol class="papers">${props.papers.map((paper) => renderPaperItem(paper))}</ol>
<p><a href="/archive">All editions</a></p>
</section>`,
  });
}

/** One paper: its title and links, authors, an excerpt, and (in a search) the edition it came with. */
function renderPaperItem(paper: Paper, edition?: string, guessed?: ReadonlySet<string>): Html {
  const { titleUrl, links } = buildPaperLinks(paper);
  const authors = formatAuthors(paper.authors, 5);
  return html`<li>
<h2 class="paper-title"><a href="${titleUrl}">${paper.title}</a></h2>
${authors ? html`<p class="hint">${authors}</p>` : ''}
${edition ? html`<p class="hint">In the edition of <a href="/archive/${edition}">${formatEditionLabel(edition, guessed?.has(edition) ?? false)}</a></p>` : ''}
${paper.abstract ? html`<p>${excerptAbstract(paper.abstract).excerpt}</p>` : ''}
<p class="links">${links.map((l) => html`<a href="${l.url}">${l.label}</a> `)}</p>
</li>`;
}
