/**
 * How the phrases of a topic being compiled become weighted clauses: the builder `compileTopic`
 * threads through, and the clauses every concept gets the same way (the digest's acronyms, other
 * spellings of the reader's words).
 */
import type { PaperIndex } from './build-paper-index.ts';
import type { ClauseSet } from './clause-set.ts';
import type { ClauseRelation, MatchOptions, TopicUnit } from './compiled-topic.ts';
import { measureSpecificity } from './measure-specificity.ts';
import { isAmbiguousForm, relationWeight } from './relation-weight.ts';
import type { KnownToken } from './spelling-variants.ts';
import { type Token, tokenizeText } from './tokenize-text.ts';

/** The key a topic's word is looked up by: its acronym key, or (without acronym handling) its plain key. */
export function queryKey(token: Token, options: MatchOptions): string {
  const key = token.acronym ?? token.key;
  return options.acronyms ? key : key.replace(/^\^/, '');
}

export function queryTokens(text: string, index: PaperIndex, options: MatchOptions): string[] {
  return tokenizeText(text, index.tokenizeOptions).map((token) => queryKey(token, options));
}

export interface Builder {
  index: PaperIndex;
  options: MatchOptions;
  clauses: ClauseSet;
  units: TopicUnit[];
  known: KnownToken;
}

/**
 * Whether a clause needs another form of its concept in the paper: `true` unless its title says it,
 * `'neighbour'` even there (see `Clause.neighbour`).
 */
type NeedsConfirmation = boolean | 'neighbour';

export function addClause(
  b: Builder,
  unit: number,
  text: string,
  weight: number,
  relation: ClauseRelation,
  needsConfirmation: NeedsConfirmation = false,
  tokens = queryTokens(text, b.index, b.options),
): void {
  if (tokens.length === 0) return;
  const ambiguous =
    b.options.contextGating && (needsConfirmation !== false || isAmbiguousForm(text, tokens, relation));
  b.clauses.add({
    text,
    tokens,
    weight: weight * measureSpecificity(tokens, b.index, b.options),
    relation,
    ambiguous,
    ...(ambiguous && needsConfirmation === 'neighbour' ? { neighbour: true } : {}),
    unit,
  });
}

/** The digest's other spellings of the reader's words count as the reader's own (see `listSpellingVariants`). */
export function addSpellingVariants(b: Builder, unit: number, texts: readonly string[], own: string[]): void {
  for (const text of texts) {
    const tokens = queryTokens(text, b.index, b.options);
    if (tokens.join(' ') === own.join(' ')) continue;
    // The reader's own words, spelt another way: never something else, so never ambiguous.
    const weight = relationWeight.synonym * measureSpecificity(tokens, b.index, b.options);
    b.clauses.add({ text, tokens, weight, relation: 'synonym', ambiguous: false, unit });
  }
}

/** Acronyms the digest (or the archive) defines: "MIL" ↔ "multiple instance learning". */
export function addDigestAcronyms(b: Builder, unit: number, tokens: string[]): void {
  if (!b.options.acronyms) return;
  const plain = tokens.map((token) => token.replace(/^\^/, '')).join(' ');
  if (tokens.length === 1) {
    for (const expansion of b.index.acronymExpansions.get(`^${plain}`) ?? []) {
      addClause(b, unit, expansion, relationWeight.digestAcronym, 'synonym');
    }
    return;
  }
  for (const acronym of b.index.acronymsByExpansion.get(plain) ?? []) {
    addClause(b, unit, acronym.slice(1).toUpperCase(), relationWeight.digestAcronym, 'synonym');
  }
}
