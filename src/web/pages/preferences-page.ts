import { html } from 'hono/html';
import { defaultMaxPapers, type SpellingSuggestion } from '../../match/index.ts';
import type { SubscriberStatus } from '../../store/index.ts';
import { describeInvalid, type Html, renderFieldError, renderLayout } from './layout.ts';
import { type ExamplePapersProps, renderExamplePapers } from './rated-papers-section.ts';
import { type FormValues, renderScheduleFields } from './schedule-fields.ts';
import { renderSpellingHint } from './spelling-hint.ts';

export interface PreferencesPageProps {
  newsletterName: string;
  csrfToken: string;
  email: string;
  status: SubscriberStatus;
  /** This page's own URL path (it carries the manage token). */
  action: string;
  unsubscribeUrl: string;
  values: FormValues;
  errors: Readonly<Record<string, string>>;
  /** A one-line confirmation of what just happened ("Saved." / "Subscription confirmed."). */
  notice?: string;
  /** The notice already tells the status ("confirmed", "paused"): the status line is left out. */
  noticeSaysStatus?: boolean;
  /** Words of the saved topics that look mistyped, each with the word it nearly is. */
  didYouMean?: readonly SpellingSuggestion[];
  /** "Papers you rated" and "Example papers". */
  examples: Omit<ExamplePapersProps, 'action' | 'csrfToken'>;
}

const statusText: Record<SubscriberStatus, string> = {
  pending: 'Your subscription is waiting for you to confirm your address.',
  confirmed: 'Your subscription is active.',
  paused: 'Your subscription is paused: no issues are sent until you resume it.',
  unsubscribed: 'You are unsubscribed and receive no issues.',
  suppressed: 'Emails to this address bounced or were reported, so we no longer send to it.',
};

const breadths = [
  ['focused', 'Focused: only papers squarely on a topic'],
  ['balanced', 'Balanced'],
  ['broad', 'Broad: also papers that touch a topic'],
] as const;

/** Topics, schedule, pause/resume and the way out, for one subscriber. */
export function renderPreferencesPage(props: PreferencesPageProps): Html {
  const { errors, values } = props;
  const hasErrors = Object.keys(errors).length > 0;
  // A reader with liked papers may leave topics empty: the liked papers are the profile.
  const topicsOptional = props.examples.rated.some((paper) => paper.vote === 'up');
  return renderLayout({
    title: hasErrors ? 'Fix your preferences' : 'Your preferences',
    newsletterName: props.newsletterName,
    script: true,
    body: html`<section class="card">
<h1>Your preferences</h1>
${props.notice ? html`<p class="notice" role="status">${props.notice}</p>` : ''}
<p>For <strong>${props.email}</strong>.${props.noticeSaysStatus ? '' : ` ${statusText[props.status]}`}</p>
${renderStatusAction(props)}
</section>
<section class="card">
<h2 id="preferences-heading">Topics and schedule</h2>
${hasErrors ? html`<p class="form-error" role="alert">Please fix the marked fields below.</p>` : ''}
<form method="post" action="${props.action}" aria-labelledby="preferences-heading" novalidate>
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<input type="hidden" name="action" value="save">
<div class="field">
<label for="topics">Topics</label>
<p class="hint" id="topics-hint">Separate topics with commas.${topicsOptional ? ' Optional while you have liked papers below.' : ''}</p>
<input id="topics" name="topics" type="text" list="topic-suggestions" autocomplete="off" maxlength="2000"${topicsOptional ? '' : html` required`} value="${values.topics ?? ''}" aria-describedby="topics-hint${errors.topics ? ' topics-error' : ''}"${errors.topics ? html` aria-invalid="true"` : ''}>
<datalist id="topic-suggestions"></datalist>
${renderFieldError('topics', errors)}
${renderSpellingHint(props.didYouMean ?? [], 'Topics are matched as typed.')}
</div>
<div class="field">
<label for="exclude">Leave out papers mainly about</label>
<input id="exclude" name="exclude" type="text" autocomplete="off" maxlength="2000" value="${values.exclude ?? ''}"${describeInvalid('exclude', errors)}>
${renderFieldError('exclude', errors)}
</div>
<div class="row">
<div class="field">
<label for="breadth">Selection</label>
<select id="breadth" name="breadth"${describeInvalid('breadth', errors)}>
${breadths.map(([value, label]) => html`<option value="${value}"${value === (values.breadth ?? 'balanced') ? html` selected` : ''}>${label}</option>`)}
</select>
${renderFieldError('breadth', errors)}
</div>
<div class="field">
<label for="maxPapers">At most this many papers per issue</label>
<input id="maxPapers" name="maxPapers" type="number" inputmode="numeric" min="1" max="30" required value="${values.maxPapers ?? String(defaultMaxPapers)}"${describeInvalid('maxPapers', errors)}>
${renderFieldError('maxPapers', errors)}
</div>
</div>
${renderScheduleFields(values, errors)}
<p><button type="submit">Save preferences</button></p>
</form>
</section>
${renderExamplePapers({ ...props.examples, action: props.action, csrfToken: props.csrfToken })}
<section class="card">
<h2>Leave</h2>
<p><a href="${props.unsubscribeUrl}">Unsubscribe from ${props.newsletterName}</a></p>
</section>
<section class="card" id="sample" aria-live="polite" hidden>
<h2>Today's issue for these topics</h2>
<p id="sample-status" class="hint"></p>
<ol id="sample-list" class="papers"></ol>
</section>`,
  });
}

function renderStatusAction(props: PreferencesPageProps): Html | '' {
  const button = (action: string, label: string) =>
    html`<form method="post" action="${props.action}" class="inline">
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<input type="hidden" name="action" value="${action}">
<button type="submit" class="secondary">${label}</button>
</form>`;
  if (props.status === 'confirmed') return button('pause', 'Pause issues');
  if (props.status === 'paused') return button('resume', 'Resume issues');
  if (props.status === 'unsubscribed') return button('resume', 'Subscribe again');
  return '';
}
