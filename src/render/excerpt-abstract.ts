/** Words that end in a period without ending a sentence. Lower-cased, without the period. */
const abbreviations = new Set([
  'al',
  'approx',
  'cf',
  'dr',
  'e.g',
  'eq',
  'eqs',
  'etc',
  'fig',
  'figs',
  'i.e',
  'mr',
  'mrs',
  'ms',
  'no',
  'prof',
  'ref',
  'refs',
  'sec',
  'resp',
  'st',
  'tab',
  'vs',
  'viz',
]);

/** Hard cap for an excerpt; a longer first sentence is cut on a word boundary. */
const maxChars = 480;
/** A third sentence is added only while the excerpt stays this short. */
const threeSentenceChars = 360;

/**
 * The first two or three sentences of an abstract, cut on a sentence boundary and never mid-word,
 * so each card is a quick read and ten cards stay well under Gmail's clipping limit.
 *
 * @example
 * excerptAbstract('We study X. We find Y. We show Z. More.') // 'We study X. We find Y. We show Z.'
 */
export function excerptAbstract(abstract: string): { excerpt: string; truncated: boolean } {
  const text = abstract.replace(/\s+/g, ' ').trim();
  const sentences = splitSentences(text);
  const [first, second, third] = sentences;
  if (first === undefined) return { excerpt: '', truncated: false };
  if (first.length > maxChars) return { excerpt: cutOnWord(first, maxChars), truncated: true };
  let excerpt = first;
  if (second !== undefined && excerpt.length + 1 + second.length <= maxChars) {
    excerpt = `${excerpt} ${second}`;
    if (third !== undefined && excerpt.length + 1 + third.length <= threeSentenceChars) {
      excerpt = `${excerpt} ${third}`;
    }
  }
  return { excerpt, truncated: excerpt.length < text.length };
}

/**
 * Splits on `.`, `!` or `?` (plus closing quotes or brackets) followed by a space and a sentence start.
 *
 * Why our own rather than `Intl.Segmenter` (ICU sentence rules): on the sample digest both agree on
 * 59 of 63 abstracts, but ICU ends a sentence after an abbreviation before a capital ("(e.g. Python
 * Streamlit)", "et al. Transformers"), which abstracts are full of, and an excerpt cut there ends
 * mid-parenthesis. Our list of abbreviations and initials keeps those together.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?]["'’”)\]]*\s+(?=["'‘“([]?[A-Z0-9])/g;
  let start = 0;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    const end = match.index + match[0].trimEnd().length;
    if (text[match.index] === '.' && !endsSentence(text.slice(start, match.index))) continue;
    sentences.push(text.slice(start, end));
    start = match.index + match[0].length;
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences;
}

function endsSentence(beforePeriod: string): boolean {
  const word = /(\S+)$/.exec(beforePeriod)?.[1] ?? '';
  const bare = word.replace(/^[("'[]+/, '');
  // A lone capital is an initial ("J. Smith"); a known abbreviation is not an ending either.
  if (/^[A-Z]$/.test(bare)) return false;
  return !abbreviations.has(bare.toLowerCase());
}

/** Cuts at the last space before `max`, drops trailing punctuation and adds an ellipsis. */
export function cutOnWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  const head = space > 0 ? text.slice(0, space) : text.slice(0, max - 1);
  return `${head.replace(/[\s,;:–—-]+$/, '')}…`;
}
