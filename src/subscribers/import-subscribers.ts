import { z } from 'zod';
import type { RatedIds, Store, Subscriber, SubscriberStatus } from '../store/index.ts';
import { subscriberStatuses } from '../store/index.ts';
import { pickChangedSchedule } from './manage-subscription.ts';
import { newSubscriberSettings } from './new-subscriber-settings.ts';
import { type CsvRecord, formatCsv, parseCsv, restoreFormula } from './subscriber-csv.ts';
import {
  describeMissingProfile,
  EmailAddress,
  TimeZone,
  TopicList,
  validateForm,
  wholeNumberField,
} from './subscriber-form.ts';

/** Columns of the import/export file; only `email` and `topics` are required on import. */
export const subscriberCsvColumns = [
  'email',
  'topics',
  'frequency',
  'weekday',
  'hour',
  'timezone',
  'status',
  'likes',
  'dislikes',
] as const;

/** Paper ids in a CSV cell, separated by ";" like topics. */
const PaperIdList = z
  .string()
  .transform((v) => [
    ...new Set(
      v
        .split(';')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ])
  .optional();

const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A weekday as 0–6 (0 = Sunday) or an English name or abbreviation ("Mon", "monday"). */
export const WeekdayValue = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const lower = v.toLowerCase();
    const index = /^[0-6]$/.test(v)
      ? Number(v)
      : weekdayNames.findIndex((name) => name === lower || name.slice(0, 3) === lower);
    if (index === -1) {
      ctx.addIssue({ code: 'custom', message: 'must be 0–6 (0 = Sunday) or a weekday name' });
      return z.NEVER;
    }
    return index;
  });

/** One row of an import file. Empty optional cells mean "keep the current value" (or the default for new rows). */
const ImportRow = z
  .object({
    email: EmailAddress,
    topics: TopicList,
    frequency: z.enum(['daily', 'weekly'], { message: 'must be daily or weekly' }).optional(),
    weekday: WeekdayValue.optional(),
    hour: wholeNumberField(0, 23, 'must be a whole hour 0–23').optional(),
    timezone: TimeZone.optional(),
    status: z
      .enum(subscriberStatuses, { message: `must be one of ${subscriberStatuses.join(', ')}` })
      .optional(),
    likes: PaperIdList,
    dislikes: PaperIdList,
  })
  // A reader of example papers alone exports with no topics and imports back the same.
  .superRefine((row, ctx) => {
    if (describeMissingProfile(row.topics, row.likes?.length ?? 0))
      ctx.addIssue({
        code: 'custom',
        path: ['topics'],
        message: 'enter at least one topic, or liked paper ids in the likes column',
      });
  });
type ImportRow = z.infer<typeof ImportRow>;

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportReport {
  added: number;
  updated: number;
  /** Rows that could not be imported, one message each; the good rows are imported regardless. */
  problems: ImportProblem[];
  /** Rows imported with a caveat (e.g. a suppressed address kept suppressed). */
  notes: ImportProblem[];
}

/**
 * Imports subscribers from CSV text (header row; topics separated by `;`). An address that already
 * exists is updated, never duplicated. Imported rows are confirmed unless `status` says otherwise,
 * except that a suppressed address (bounces, complaints) stays suppressed.
 *
 * @example const report = await importSubscribers(store, await readFile('list.csv', 'utf8'), new Date());
 */
export async function importSubscribers(store: Store, csv: string, now: Date): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, problems: [], notes: [] };
  const parsed = parseCsv(csv);
  const [header, ...rows] = parsed.records;
  report.problems.push(...parsed.problems);
  if (!header) {
    if (report.problems.length === 0) {
      report.problems.push({
        line: 1,
        message: 'the file is empty; expected a header row with email,topics,…',
      });
    }
    return report;
  }
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const unknown = columns.filter((c) => !(subscriberCsvColumns as readonly string[]).includes(c));
  if (!columns.includes('email') || !columns.includes('topics') || unknown.length > 0) {
    report.problems.push({
      line: header.line,
      message: `the header must name the columns ${subscriberCsvColumns.join(',')} (email and topics required)${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
    });
    return report;
  }
  for (const record of rows) {
    const row = readRow(columns, record);
    if ('message' in row) {
      report.problems.push(row);
      continue;
    }
    const note = await saveRow(store, row, now, report);
    if (note) report.notes.push({ line: record.line, message: note });
  }
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}

function readRow(columns: string[], record: CsvRecord): ImportRow | ImportProblem {
  if (record.cells.length !== columns.length) {
    return {
      line: record.line,
      message: `expected ${columns.length} cells, found ${record.cells.length}`,
    };
  }
  const input: Record<string, string> = {};
  columns.forEach((column, i) => {
    const value = restoreFormula(record.cells[i]?.trim() ?? '');
    if (value !== '') input[column] = value;
  });
  input.topics ??= '';
  input.email ??= '';
  const result = validateForm(ImportRow, input);
  if (result.ok) return result.value;
  const [field, message] = Object.entries(result.errors)[0] ?? ['row', 'invalid'];
  return { line: record.line, message: `${field}: ${message}` };
}

async function saveRow(
  store: Store,
  row: ImportRow,
  now: Date,
  report: ImportReport,
): Promise<string | undefined> {
  const meta = { now, source: 'import' as const, event: 'imported' };
  const suppressed = await store.subscribers.isSuppressed(row.email);
  const existing = await store.subscribers.findByEmail(row.email);
  // Re-importing an old list must not undo an unsubscribe; only an explicit status column may.
  const keepUnsubscribed = existing?.status === 'unsubscribed' && row.status === undefined;
  const requested: SubscriberStatus = row.status ?? (keepUnsubscribed ? 'unsubscribed' : 'confirmed');
  const status: SubscriberStatus = suppressed ? 'suppressed' : requested;
  const frequency = row.frequency ?? existing?.frequency ?? 'daily';
  const schedule = {
    frequency,
    weekday: frequency === 'weekly' ? (row.weekday ?? existing?.weekday ?? 1) : null,
    hour: row.hour ?? existing?.hour ?? 7,
    timezone: row.timezone ?? existing?.timezone ?? 'UTC',
  };
  let id: number;
  if (existing) {
    id = existing.id;
    await store.subscribers.update(
      existing.id,
      {
        topics: row.topics,
        ...pickChangedSchedule(existing, schedule),
        // Only a real change: the repository stamps confirmed_at / unsubscribed_at on every status write.
        ...(status !== existing.status ? { status } : {}),
      },
      meta,
    );
    report.updated++;
  } else {
    ({ id } = await store.subscribers.insert(
      {
        email: row.email,
        topics: row.topics,
        ...newSubscriberSettings(),
        status,
        ...schedule,
      },
      meta,
    ));
    report.added++;
  }
  const missing = await restoreRatings(store, id, row, now);
  if (status === 'suppressed' && !suppressed)
    await store.subscribers.suppress(row.email, 'imported as suppressed', 'import', now);
  if (suppressed && requested !== 'suppressed') {
    return 'the address is suppressed (bounced or complained); kept suppressed';
  }
  if (keepUnsubscribed) return 'the subscriber had unsubscribed; kept unsubscribed (set status to override)';
  return missing.length > 0 ? `no stored paper ${missing.join(', ')}; its rating was skipped` : undefined;
}

/** The likes and dislikes columns (an export's ratings) back into ratings; unknown papers are returned. */
async function restoreRatings(
  store: Store,
  subscriberId: number,
  row: ImportRow,
  now: Date,
): Promise<string[]> {
  const votes = [
    ...(row.likes ?? []).map((id) => [id, 'up'] as const),
    ...(row.dislikes ?? []).map((id) => [id, 'down'] as const),
  ];
  if (votes.length === 0) return [];
  const stored = new Set((await store.papers.listPapersByIds(votes.map(([id]) => id))).map((p) => p.id));
  for (const [paperId, vote] of votes) {
    if (stored.has(paperId)) await store.ratings.rate(subscriberId, paperId, vote, 'cli', now);
  }
  return votes.map(([id]) => id).filter((id) => !stored.has(id));
}

/** Every subscriber as CSV in the import format, so an export can be imported elsewhere unchanged. */
export function formatSubscribersCsv(
  subscribers: readonly Subscriber[],
  ratings: ReadonlyMap<number, RatedIds> = new Map(),
): string {
  return formatCsv([
    subscriberCsvColumns,
    ...subscribers.map((s) => [
      s.email,
      s.topics.join('; '),
      s.frequency,
      s.weekday === null ? '' : String(s.weekday),
      String(s.hour),
      s.timezone,
      s.status,
      (ratings.get(s.id)?.likes ?? []).join('; '),
      (ratings.get(s.id)?.dislikes ?? []).join('; '),
    ]),
  ]);
}
