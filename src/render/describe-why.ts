import { cutOnWord } from './excerpt-abstract.ts';
import { formatList } from './text-format.ts';

/** One of the matcher's reasons, read back into its parts; shared between issues, so never changed. */
export interface ReadReason {
  readonly kind: 'topic' | 'synonym' | 'partial' | 'related' | 'category' | 'liked';
  /** The subscriber's topic the evidence counts for. */
  readonly topic: string;
  /** What the paper said (the topic itself for `topic`), or the arXiv category. */
  readonly phrase: string;
  readonly inTitle: boolean;
}

const where = String.raw`in (title and abstract|title|abstract)(?: \(words nearby\))?`;
/**
 * The sentences `describeHit` in src/match/match-papers.ts writes. The matcher's reasons stay its own
 * words (`match --json` shows them); the email turns them into one line a reader skims. A sentence
 * this list does not know is left out of the line, never shown raw, and a test runs the real matcher
 * over the sample digest so a new wording fails there first.
 */
const patterns: [
  ReadReason['kind'],
  RegExp,
  (m: RegExpExecArray) => [topic: string, phrase: string, field?: string],
][] = [
  ['synonym', new RegExp(`^matched "(.+)" via "(.+)" ${where}$`), (m) => [m[1] ?? '', m[2] ?? '', m[3]]],
  ['topic', new RegExp(`^matched "(.+)" ${where}$`), (m) => [m[1] ?? '', m[1] ?? '', m[2]]],
  // One concept of a longer topic, in the reader's words: "urban" of "urban planning".
  [
    'partial',
    new RegExp(`^matched "(.+)", part of "(.+)", ${where}$`),
    (m) => [m[2] ?? '', m[1] ?? '', m[3]],
  ],
  [
    'partial',
    new RegExp(`^partial match to "(.+)": "(.+)" ${where}$`),
    (m) => [m[1] ?? '', m[2] ?? '', m[3]],
  ],
  ['related', new RegExp(`^related to "(.+)": "(.+)" ${where}$`), (m) => [m[1] ?? '', m[2] ?? '', m[3]]],
  ['category', /^listed in arXiv (\S+), a category of "(.+)"$/, (m) => [m[2] ?? '', m[1] ?? '']],
  // The liked paper's title; its "topic" is the reader's likes, as the matcher labels them.
  ['liked', /^similar to "(.+)" that you liked$/, (m) => ['papers you liked', m[1] ?? '']],
];

/**
 * Reads the matcher's reason sentences; exclusions and sentences it does not know are skipped.
 *
 * @example readReasons(['matched "RLHF" via "reward models" in abstract'])
 * // [{ kind: 'synonym', topic: 'RLHF', phrase: 'reward models', inTitle: false }]
 */
export function readReasons(reasons: readonly string[]): ReadReason[] {
  const read: ReadReason[] = [];
  for (const reason of reasons) {
    const one = readReason(reason);
    if (one) read.push(one);
  }
  return read;
}

// A send run reads the same few hundred reason sentences for thousands of issues; each is read once.
const readCache = new Map<string, ReadReason | null>();
const maxCachedReasons = 20_000;

function readReason(reason: string): ReadReason | null {
  const cached = readCache.get(reason);
  if (cached !== undefined) return cached;
  let read: ReadReason | null = null;
  for (const [kind, pattern, parts] of patterns) {
    const match = pattern.exec(reason);
    if (!match) continue;
    const [topic, phrase, field] = parts(match);
    read = { kind, topic, phrase, inTitle: field?.startsWith('title') ?? false };
    break;
  }
  if (readCache.size >= maxCachedReasons) readCache.clear();
  readCache.set(reason, read);
  return read;
}

/** How much each kind of evidence says the paper is about its topic; a title mention counts more. */
const weights: Record<ReadReason['kind'], number> = {
  topic: 2,
  synonym: 1.5,
  partial: 0.7,
  related: 0.5,
  category: 0.3,
  liked: 1,
};

/**
 * The topic a paper is most about, for its section of the issue: the matched topic with the strongest
 * evidence (a title mention counts double), ties to the earlier topic. `matchedTopics` is in the
 * subscriber's order, so without readable reasons the first one wins.
 */
export function findMainTopic(
  matchedTopics: readonly string[],
  reasons: readonly ReadReason[],
): string | undefined {
  let best = matchedTopics[0];
  let bestWeight = 0;
  for (const topic of matchedTopics) {
    const weight = reasons
      .filter((reason) => reason.topic === topic)
      .reduce((sum, reason) => sum + weights[reason.kind] * (reason.inTitle ? 2 : 1), 0);
    if (weight > bestWeight) {
      best = topic;
      bestWeight = weight;
    }
  }
  return best;
}

const maxPhrases = 3;
const maxWhyChars = 120;
/** A liked paper's title is cut so the rest of the line still fits. */
const maxLikedTitleChars = 60;

/**
 * "Why this paper" as one short line a person would write: what the paper mentions (title first),
 * related terms, the arXiv category and shared vocabulary, without repeating the topic chips.
 * Undefined when nothing readable is left.
 *
 * @example
 * describeWhy(readReasons(['matched "RLHF" via "reward models" in abstract', 'matched "RLHF" via "preference learning" in abstract']))
 * // 'Mentions reward models and preference learning'
 */
export function describeWhy(all: readonly ReadReason[]): string | undefined {
  // Word-by-word evidence names word stems ("larg + languag + model"), not words a reader knows.
  const reasons = all.filter((r) => !isWordByWord(r));
  const mentioned = (kinds: ReadReason['kind'][], inTitle: boolean) =>
    unique(reasons.filter((r) => kinds.includes(r.kind) && r.inTitle === inTitle).map((r) => r.phrase));
  const direct: ReadReason['kind'][] = ['topic', 'synonym', 'partial'];
  const inTitle = dropContained(mentioned(direct, true), []);
  const inAbstract = dropContained(mentioned(direct, false), inTitle);
  const relatedPhrases = unique(reasons.filter((r) => r.kind === 'related').map((r) => r.phrase));
  const related = dropContained(relatedPhrases, [...inTitle, ...inAbstract]);
  const parts: string[] = [];
  // What the reader did themselves comes first: it is the reason they will recognise.
  const liked = reasons.find((r) => r.kind === 'liked');
  if (liked) parts.push(`similar to “${cutOnWord(liked.phrase, maxLikedTitleChars)}” that you liked`);
  if (inTitle.length > 0) parts.push(`the title mentions ${formatList(inTitle, maxPhrases)}`);
  if (inAbstract.length > 0)
    parts.push(`${inTitle.length > 0 ? 'the abstract ' : ''}mentions ${formatList(inAbstract, maxPhrases)}`);
  if (related.length > 0)
    parts.push(`mentions related ${related.length === 1 ? 'term' : 'terms'} ${formatList(related, 2)}`);
  // The topic's words found apart say something only for a topic nothing else was found for.
  const apart = unique(
    all
      .filter(isWordByWord)
      .map((r) => r.topic)
      .filter((topic) => !reasons.some((r) => r.topic === topic && r.kind !== 'category')),
  );
  if (apart.length > 0)
    parts.push(
      `uses words of ${formatList(
        apart.map((t) => `“${t}”`),
        2,
      )}`,
    );
  const categories = unique(reasons.filter((r) => r.kind === 'category').map((r) => r.phrase));
  if (categories.length > 0) parts.push(`listed in arXiv ${formatList(categories, 2)}`);
  if (parts.length === 0) return undefined;
  const line = parts.slice(0, 3).join('; ');
  return cutOnWord(line.charAt(0).toUpperCase() + line.slice(1), maxWhyChars);
}

function isWordByWord(reason: ReadReason): boolean {
  return reason.kind === 'partial' && reason.phrase.includes(' + ');
}

function unique(phrases: readonly string[]): string[] {
  const seen = new Set<string>();
  return phrases.filter((phrase) => {
    const key = phrase.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Leaves out a phrase that a longer one already says, word for word: "conformal" next to "conformal
 * prediction", "preference optimization" next to "direct preference optimization". `shown` holds the
 * phrases named earlier in the line; within `phrases` the longer one stays.
 */
function dropContained(phrases: readonly string[], shown: readonly string[]): string[] {
  const said = shown.map(phraseWords);
  const own = phrases.map(phraseWords);
  return phrases.filter((_, i) => {
    const words = own[i] as string;
    if (said.some((other) => other.includes(words))) return false;
    if (own.indexOf(words) < i) return false;
    return !own.some((other) => other !== words && other.includes(words));
  });
}

/** A phrase's words, lower-cased and space-delimited, so " conformal " is found in " conformal prediction ". */
function phraseWords(phrase: string): string {
  const words = phrase
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}
