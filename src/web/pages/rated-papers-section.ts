import { html } from 'hono/html';
import type { Vote } from '../../store/index.ts';
import type { Html } from './layout.ts';

/** A paper as the preferences page lists it. */
export interface ListedPaper {
  id: string;
  title: string;
  /** The paper's own page, or null (never a javascript: or other non-http link). */
  url: string | null;
  authors: string | null;
}

export interface RatedPaper extends ListedPaper {
  vote: Vote;
}

export interface ExamplePapersProps {
  /** This page's own path: the forms post here. */
  action: string;
  csrfToken: string;
  rated: readonly RatedPaper[];
  /** What was typed into "Example papers", kept after a search. */
  query: string;
  /** The papers a title search found, to pick from; undefined before a search. */
  results?: readonly ListedPaper[] | undefined;
  /** More papers matched than are listed. */
  more?: boolean;
  /** Why the search gave nothing to add, next to the field. */
  problem?: string | undefined;
  /** Why an Undo was refused, above the list. */
  ratedProblem?: string | undefined;
}

const voteLabels: Record<Vote, string> = { up: 'More like this', down: 'Less like this' };

function postButton(props: ExamplePapersProps, fields: Record<string, string>, label: string, name: string) {
  return html`<form method="post" action="${props.action}#examples" class="inline">
<input type="hidden" name="_csrf" value="${props.csrfToken}">
${Object.entries(fields).map(([key, value]) => html`<input type="hidden" name="${key}" value="${value}">`)}
<button type="submit" class="secondary" aria-label="${name}">${label}</button>
</form>`;
}

function paperTitle(paper: ListedPaper): Html {
  return paper.url ? html`<a href="${paper.url}">${paper.title}</a>` : html`${paper.title}`;
}

/**
 * "Papers you rated" (every vote, with Undo) and "Example papers" (find a stored paper by words of
 * its title, or paste its arXiv id or link, and add it as liked) on the preferences page.
 */
export function renderExamplePapers(props: ExamplePapersProps): Html {
  const liked = new Set(props.rated.filter((p) => p.vote === 'up').map((p) => p.id));
  return html`<section class="card" id="rated">
<h2>Papers you rated</h2>
${props.ratedProblem ? html`<p class="form-error" role="alert">${props.ratedProblem}</p>` : ''}
${
  props.rated.length === 0
    ? html`<p class="hint">None yet. Every paper in an issue has “More like this” and “Less like this” links, and papers you add under “Example papers” appear here too.</p>`
    : html`<p class="hint">Your next issues rank papers like the ones you liked higher, and like the others lower.</p>
<ul class="papers rated-papers">
${props.rated.map(
  (paper) => html`<li><span class="vote-${paper.vote}">${voteLabels[paper.vote]}:</span> ${paperTitle(paper)}
${postButton(props, { action: 'unrate', paper: paper.id }, 'Undo', `Undo: ${voteLabels[paper.vote]}, ${paper.title}`)}</li>`,
)}
</ul>`
}
</section>
<section class="card" id="examples">
<h2>Example papers</h2>
<p>Papers you like teach your issues what you want, with topics or without them. Find a paper Paperboy has stored by words of its title, or paste its arXiv id or link.</p>
<form method="post" action="${props.action}#examples" novalidate>
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<input type="hidden" name="action" value="example">
<div class="field">
<label for="example">Title words, arXiv id or link</label>
<div class="search-row">
<input id="example" name="example" type="search" maxlength="300" autocomplete="off" value="${props.query}"${props.problem ? html` aria-invalid="true" aria-describedby="example-error"` : ''}>
<button type="submit">Find</button>
</div>
${props.problem ? html`<p class="field-error" id="example-error">${props.problem}</p>` : ''}
</div>
</form>
${
  props.results
    ? html`<ul class="papers example-results">
${props.results.map(
  (paper) => html`<li><p class="paper-title">${paperTitle(paper)}</p>
${paper.authors ? html`<p class="hint">${paper.authors}</p>` : ''}
${liked.has(paper.id) ? html`<p class="notice">Liked</p>` : postButton(props, { action: 'like', paper: paper.id }, 'Add as liked', `Add as liked: ${paper.title}`)}</li>`,
)}
</ul>
${props.more ? html`<p class="hint">More papers match: add words to narrow the search.</p>` : ''}`
    : ''
}
</section>`;
}
