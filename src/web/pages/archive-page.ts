import { html } from 'hono/html';
import type { Paper } from '../../digest/index.ts';
import { buildPaperLinks, excerptAbstract, formatEditionDate } from '../../render/index.ts';
import { type Html, renderLayout } from './layout.ts';

/** Every edition date, newest first. */
export function renderArchiveIndexPage(props: {
  newsletterName: string;
  editions: readonly { date: string; paperCount: number }[];
}): Html {
  return renderLayout({
    title: 'Archive',
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>Archive</h1>
${
  props.editions.length === 0
    ? html`<p>No editions yet.</p>`
    : html`<ul class="editions">${props.editions.map(
        (e) =>
          html`<li><a href="/archive/${e.date}">${formatEditionDate(e.date).long}</a> <span class="hint">${e.paperCount} ${e.paperCount === 1 ? 'paper' : 'papers'}</span></li>`,
      )}</ul>`
}
</section>`,
  });
}

/** The web version of one edition: all papers of the day, the "View in browser" target. */
export function renderArchiveEditionPage(props: {
  newsletterName: string;
  date: string;
  papers: readonly Paper[];
}): Html {
  const label = formatEditionDate(props.date).long;
  return renderLayout({
    title: label,
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>${label}</h1>
<p class="hint">All ${props.papers.length} papers of this edition. Each subscriber's issue holds the ones on their topics.</p>
<ol class="papers">${props.papers.map(renderPaperItem)}</ol>
<p><a href="/archive">All editions</a></p>
</section>`,
  });
}

function renderPaperItem(paper: Paper): Html {
  const { titleUrl, links } = buildPaperLinks(paper);
  const authors = paper.authors.slice(0, 5).join(', ') + (paper.authors.length > 5 ? ' et al.' : '');
  return html`<li>
<h2 class="paper-title"><a href="${titleUrl}">${paper.title}</a></h2>
${authors ? html`<p class="hint">${authors}</p>` : ''}
${paper.abstract ? html`<p>${excerptAbstract(paper.abstract).excerpt}</p>` : ''}
<p class="links">${links.map((l) => html`<a href="${l.url}">${l.label}</a> `)}</p>
</li>`;
}
