import { z } from 'zod';
import { findWordlessTopics, parseTopics } from '../match/index.ts';

/** RFC 5321 caps a forward path at 254 characters; anything longer is not deliverable. */
const maxEmailChars = 254;
const maxTopicsChars = 2000;
const maxTopics = 20;
const maxTopicChars = 100;

// Control characters (CR/LF above all) in an address would let a caller add headers such as Bcc.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controlChars = /[\u0000-\u001f\u007f]/;

/**
 * A deliverable email address, trimmed and lower-cased.
 * @example EmailAddress.parse(' Ada@Example.org ') // 'ada@example.org'
 */
export const EmailAddress = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .max(maxEmailChars, `An email address has at most ${maxEmailChars} characters.`)
  .refine((v) => !controlChars.test(v), 'An email address cannot contain line breaks.')
  .pipe(z.email('Enter a valid email address, like name@example.org.'))
  .transform((v) => v.toLowerCase());
export type EmailAddress = z.infer<typeof EmailAddress>;

/**
 * Free-text topics ("a, b; c" or one per line) split into a list, as typed so far: the live sample
 * reads them while the reader types, when a topic may still be "on" of "on-device LLMs".
 */
export const TopicDraft = z
  .string()
  .max(maxTopicsChars, `Topics can be at most ${maxTopicsChars} characters in total.`)
  .refine((v) => !/[<>]/.test(v), 'Topics cannot contain < or >.')
  .transform((v) => parseTopics(v))
  .pipe(
    z
      .array(z.string().max(maxTopicChars, `Each topic has at most ${maxTopicChars} characters.`))
      .max(maxTopics, `Choose at most ${maxTopics} topics.`),
  );

/** Topics to keep: as `TopicDraft`, and each with a word to match papers on. */
export const TopicList = TopicDraft.superRefine((topics, ctx) => {
  const [wordless] = findWordlessTopics(topics);
  if (wordless !== undefined)
    ctx.addIssue({
      code: 'custom',
      message: `“${wordless}” has no word to match papers on: name a subject, like “graph neural networks”.`,
    });
});

/**
 * A reader needs topics, liked papers ("Example papers", "More like this"), or both: with neither
 * their issues would be empty. Returns the sentence to show, or undefined when the profile is fine.
 *
 * @example describeMissingProfile([], 0) // 'Enter at least one topic, or add a paper you like under "Example papers".'
 */
export function describeMissingProfile(topics: readonly string[], likes: number): string | undefined {
  return topics.length === 0 && likes === 0
    ? 'Enter at least one topic, or add a paper you like under "Example papers".'
    : undefined;
}

/** Topics the subscriber must give: at least one. */
export const RequiredTopicList = TopicList.pipe(z.array(z.string()).min(1, 'Enter at least one topic.'));

/** An IANA time zone the runtime knows, e.g. `Europe/Berlin`. */
export const TimeZone = z
  .string()
  .trim()
  .min(1, 'Choose a time zone.')
  .max(64, 'Choose a time zone from the list.')
  .refine(isKnownTimeZone, 'Choose a time zone from the list, like Europe/Berlin.');

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A whole number from a form field or CSV cell. `z.coerce.number()` alone turns an empty field into
 * 0, which would save a blank hour as midnight; a blank value is an error like any other bad one.
 *
 * @example wholeNumberField(0, 23, 'Choose an hour between 0 and 23.').parse('7') // 7
 */
export function wholeNumberField(min: number, max: number, message: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? Number.NaN : value),
    z.coerce.number({ message }).int(message).min(min, message).max(max, message),
  );
}

const Hour = wholeNumberField(0, 23, 'Choose an hour between 0 and 23.');

const Weekday = wholeNumberField(0, 6, 'Choose a weekday.');

const Frequency = z.enum(['daily', 'weekly'], { message: 'Choose daily or weekly.' });

/** When issues arrive: daily at an hour, or weekly on a weekday at an hour, in a time zone. */
const Schedule = z.object({
  frequency: Frequency,
  /** Only meaningful for weekly; stored as null for daily so the scheduler never reads a stale day. */
  weekday: Weekday.optional(),
  hour: Hour,
  timezone: TimeZone,
});

function normalizeSchedule<T extends z.infer<typeof Schedule>>(v: T): T & { weekday: number | null } {
  return { ...v, weekday: v.frequency === 'weekly' ? (v.weekday ?? 1) : null };
}

/** The public sign-up form. */
export const SubscribeForm = Schedule.extend({ email: EmailAddress, topics: RequiredTopicList }).transform(
  normalizeSchedule,
);
export type SubscribeForm = z.infer<typeof SubscribeForm>;

/**
 * The preferences form reached from every email. Topics may be empty for a reader with liked
 * papers: the route checks that with `describeMissingProfile`, since only the store knows the likes.
 */
export const PreferencesForm = Schedule.extend({
  topics: TopicList,
  exclude: TopicList,
  breadth: z.enum(['focused', 'balanced', 'broad'], { message: 'Choose how broad the selection is.' }),
  maxPapers: wholeNumberField(1, 30, 'Choose between 1 and 30 papers.'),
}).transform(normalizeSchedule);
export type PreferencesForm = z.infer<typeof PreferencesForm>;

/** Field name → the first problem with it, ready to show next to the field. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a submitted form and returns either the value or one message per field, so the page
 * can show each problem next to its field.
 * @example validateForm(SubscribeForm, await c.req.parseBody())
 */
export function validateForm<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
): FormResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
