import { html } from 'hono/html';
import type { SpellingSuggestion } from '../../match/index.ts';
import type { Html } from './layout.ts';

/**
 * "Did you mean “diffusion” for “difusion”?" under a topics field, rendered on the server so that it
 * works without JavaScript. `then` says what happens to the topics as typed.
 */
export function renderSpellingHint(suggestions: readonly SpellingSuggestion[], then: string): Html | '' {
  if (suggestions.length === 0) return '';
  const asked = suggestions.map(({ typed, suggestion }) => html`“${suggestion}” for “${typed}”`);
  return html`<p class="hint" id="topics-spelling">Did you mean ${asked.map((part, i) => html`${i > 0 ? ', ' : ''}${part}`)}? ${then}</p>`;
}
