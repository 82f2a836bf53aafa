import { html } from 'hono/html';
import type { Vote as RateVote } from '../../store/index.ts';
import { type Html, renderLayout } from './layout.ts';

export interface RatePageProps {
  newsletterName: string;
  csrfToken: string;
  /** The form's target: the link's own path and paper (the same token checks as the GET). */
  action: string;
  paper: { title: string; url: string | null; authors: string | null };
  /** The reader's vote on the paper now. */
  current: RateVote | undefined;
  /**
   * `ask`: the page an email's link opens, with one button for the vote the link asked for
   * (`requested`), or both when the link named none. `done`: what is recorded, with "Undo".
   */
  mode: 'ask' | 'done';
  requested?: RateVote | undefined;
  preferencesUrl: string;
  /** A vote that could not be recorded, in a sentence. */
  problem?: string;
}

const labels: Record<RateVote, { button: string; state: string; effect: string }> = {
  up: {
    button: 'More like this',
    state: 'You asked for more papers like this one.',
    effect: 'Papers similar to it rank higher in your next issues.',
  },
  down: {
    button: 'Less like this',
    state: 'You asked for fewer papers like this one.',
    effect: 'Papers similar to it rank lower in your next issues; one vote never hides a whole topic.',
  },
};

/**
 * The page behind an issue's "More like this" / "Less like this" links. Opening it records nothing
 * (mail scanners open every link): the button's POST does. After a vote it shows what is recorded,
 * with "Undo" and the way to the preferences page.
 */
export function renderRatePage(props: RatePageProps): Html {
  const voteButton = (
    vote: RateVote,
    secondary = false,
  ) => html`<form method="post" action="${props.action}" class="inline">
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<input type="hidden" name="vote" value="${vote}">
<button type="submit"${secondary ? html` class="secondary"` : ''}>${labels[vote].button}</button>
</form>`;
  const asking = props.mode === 'ask';
  const title = asking
    ? props.requested
      ? `${labels[props.requested].button}?`
      : 'Rate this paper'
    : props.current
      ? 'Vote recorded'
      : 'No vote on this paper';
  const paperTitle = props.paper.url
    ? html`<a href="${props.paper.url}">${props.paper.title}</a>`
    : html`${props.paper.title}`;
  return renderLayout({
    title,
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>${title}</h1>
${props.problem ? html`<p class="form-error" role="alert">${props.problem}</p>` : ''}
<p class="rated-paper"><strong>${paperTitle}</strong>${props.paper.authors ? html`<br><span class="hint">${props.paper.authors}</span>` : ''}</p>
${asking ? renderAsk(props, voteButton) : renderDone(props, voteButton)}
<p><a href="${props.preferencesUrl}">Your preferences</a>: your topics, every paper you rated, and example papers.</p>
</section>`,
  });
}

function renderAsk(props: RatePageProps, voteButton: (vote: RateVote, secondary?: boolean) => Html): Html {
  const before =
    props.current && props.current !== props.requested
      ? html`<p>You rated it “${labels[props.current].button}” before; pressing the button replaces that.</p>`
      : props.current
        ? html`<p>${labels[props.current].state} Pressing the button again changes nothing.</p>`
        : '';
  return html`${props.requested ? html`<p>${labels[props.requested].effect}</p>` : ''}
${before}
<p class="actions">${props.requested ? voteButton(props.requested) : html`${voteButton('up')} ${voteButton('down')}`}</p>
<p class="hint">Nothing is recorded until you press the button.</p>`;
}

function renderDone(props: RatePageProps, voteButton: (vote: RateVote, secondary?: boolean) => Html): Html {
  if (!props.current) {
    return html`<p>Your next issues pick papers without this one’s help.</p>
<p class="actions">${voteButton('up', true)} ${voteButton('down', true)}</p>`;
  }
  return html`<p class="notice" role="status">${labels[props.current].state}</p>
<p>${labels[props.current].effect}</p>
<form method="post" action="${props.action}" class="inline">
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<input type="hidden" name="vote" value="clear">
<button type="submit" class="secondary">Undo</button>
</form>`;
}
