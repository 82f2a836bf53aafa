import { html } from 'hono/html';
import type { SpellingSuggestion } from '../../match/index.ts';
import { formatEditionDate } from '../../render/index.ts';
import type { SamplePaper } from '../sample-issue.ts';
import { describeInvalid, type Html, renderFieldError, renderLayout } from './layout.ts';
import { type FormValues, renderScheduleFields } from './schedule-fields.ts';
import { renderSpellingHint } from './spelling-hint.ts';

export interface HomePageProps {
  newsletterName: string;
  csrfToken: string;
  values: FormValues;
  errors: Readonly<Record<string, string>>;
  /** Hand-picked popular topics, named in the hint. */
  exampleTopics: readonly string[];
  /** Every curated topic, as suggestions that work without JavaScript. */
  suggestions: readonly string[];
  /** What an issue for the example topics holds, shown before anything is typed. */
  sample?: HomeSample;
  /**
   * Words of the posted topics that look mistyped: the form comes back once, asking, and a second
   * press subscribes with the topics as typed.
   */
  didYouMean?: readonly SpellingSuggestion[];
}

export interface HomeSample {
  date: string;
  topics: readonly string[];
  papers: readonly SamplePaper[];
}

/** The landing page: what the newsletter is, and the sign-up form. */
export function renderHomePage(props: HomePageProps): Html {
  const { errors, values } = props;
  const hasErrors = Object.keys(errors).length > 0;
  const asked = (props.didYouMean ?? []).length > 0;
  return renderLayout({
    title: hasErrors
      ? 'Fix the sign-up form'
      : asked
        ? 'Check your topics'
        : 'Research papers on your topics',
    newsletterName: props.newsletterName,
    script: true,
    body: html`<section class="intro">
<h1>Research papers on your topics, in your inbox</h1>
<p>${props.newsletterName} reads each day's new research papers and emails you only the ones about the topics you choose, with a sentence on why each one was picked. Daily or weekly, at the hour you like. You can change your topics or leave with one click from every email.</p>
</section>
<section class="card">
<h2 id="subscribe-heading">Subscribe</h2>
${hasErrors ? html`<p class="form-error" role="alert">Please fix the marked fields below.</p>` : ''}
<form method="post" action="/subscribe" aria-labelledby="subscribe-heading" novalidate>
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<div class="field">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${values.email ?? ''}"${describeInvalid('email', errors)}>
${renderFieldError('email', errors)}
</div>
<div class="field">
<label for="topics">Topics</label>
<p class="hint" id="topics-hint">Separate topics with commas, for example: ${props.exampleTopics.join(', ')}.</p>
<input id="topics" name="topics" type="text" list="topic-suggestions" autocomplete="off" maxlength="2000" required value="${values.topics ?? ''}" aria-describedby="topics-hint${asked ? ' topics-spelling' : ''}${errors.topics ? ' topics-error' : ''}"${errors.topics ? html` aria-invalid="true"` : ''}>
<datalist id="topic-suggestions">${props.suggestions.map((t) => html`<option value="${t}"></option>`)}</datalist>
${renderSpellingHint(props.didYouMean ?? [], 'Correct it, or press Subscribe again to keep your topics as typed.')}
<input type="hidden" name="asTyped" value="${asked ? '1' : ''}">
${renderFieldError('topics', errors)}
</div>
${renderScheduleFields(values, errors)}
<p><button type="submit">Subscribe</button></p>
<p class="hint">We send one email to confirm your address. Nothing else arrives until you click its link.</p>
</form>
</section>
${renderSample(props.sample)}`,
  });
}

/**
 * The sample under the form: before anything is typed, an issue for the example topics (rendered
 * here, so it shows without JavaScript); the page's script replaces it with the typed topics' sample.
 */
function renderSample(sample: HomeSample | undefined): Html {
  const shown = sample && sample.papers.length > 0 ? sample : undefined;
  return html`<section class="card" id="sample" aria-live="polite"${shown ? '' : html` hidden`}>
<h2 id="sample-heading">${shown ? 'What an issue looks like' : "Today's issue for these topics"}</h2>
<p id="sample-status" class="hint">${shown ? `From the papers of ${formatEditionDate(shown.date).short}, for ${shown.topics.join(', ')}:` : ''}</p>
<ol id="sample-list" class="papers">${shown?.papers.map(renderSamplePaper)}</ol>
</section>`;
}

/** The same markup the page's script builds for a typed sample (src/web/assets/app.js). */
function renderSamplePaper(paper: SamplePaper): Html {
  return html`<li>${paper.url ? html`<a href="${paper.url}">${paper.title}</a>` : html`<span>${paper.title}</span>`}${
    paper.authors ? html`<div class="hint">${paper.authors}</div>` : ''
  }${paper.why ? html`<div class="why">Why: ${paper.why}</div>` : ''}</li>`;
}
