import { AppError, clipText, isAppError } from '../errors/index.ts';
import { decodeText } from './decode-text.ts';
import { isCalendarDate, latestAcceptedDate } from './digest-date.ts';
import { limitWarnings } from './field-limits.ts';
import type { DateSource, Paper, ParsedDigest, ParseWarning } from './paper.ts';
import { parseFeedDigest } from './parse-feed-digest.ts';
import { parseJsonDigest } from './parse-json-digest.ts';
import { parseTextDigest } from './parse-text-digest.ts';

export interface DigestInput {
  /** Raw bytes (preferred: lets the parser reject binary and non-UTF-8 files). */
  bytes?: Uint8Array;
  text?: string;
  /** Used in messages and to find an ISO date such as `2025-03-11-daily.txt`. */
  fileName: string;
  /** The file's modification time: the fallback source of the digest's year or date. */
  mtime?: Date;
  /** The current time: no date the digest claims may lie after the next day (`latestAcceptedDate`). */
  now: Date;
}

/**
 * Parses a digest file (Daily Papers text, JSON, Hugging Face JSON, arXiv Atom/RSS) into papers.
 * Pure: bytes in, papers and warnings out. Throws only AppError (`DIGEST_*`) for a file that cannot
 * be used at all, whatever the input: an unexpected failure inside a parser is DIGEST_MALFORMED too.
 */
export function parseDigest(input: DigestInput): ParsedDigest {
  try {
    return parseDigestContent(input);
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason = clipText(String((error as Error)?.message ?? error), 300);
    throw new AppError('DIGEST_MALFORMED', `${input.fileName}: could not be parsed: ${reason}`, {
      cause: error,
      details: { file: input.fileName },
    });
  }
}

function parseDigestContent(input: DigestInput): ParsedDigest {
  const { fileName, now } = input;
  const text = input.bytes ? decodeText(input.bytes, fileName) : (input.text ?? '').replace(/^\uFEFF/, '');
  if (!text.trim()) {
    throw new AppError('DIGEST_EMPTY', `${fileName}: empty file`, { details: { file: fileName } });
  }
  const warnings: ParseWarning[] = [];
  const first = text.trimStart()[0];
  const nameDate = dateInFileName(fileName, now, warnings);
  // Read only when a date falls back to it, so that a file dated by its name raises no mtime warning.
  const mtime = () => usableMtime(input.mtime, now, warnings);
  let result: ParsedDigest;
  if (first === '[' || first === '{' || first === '<') {
    const parsed =
      first === '<' ? parseFeedDigest(text, fileName, now) : parseJsonDigest(text, fileName, now);
    result = {
      format: parsed.format,
      papers: parsed.papers,
      warnings: [...warnings, ...parsed.warnings],
      entries: parsed.entries,
      ...dateFrom(nameDate, parsed.publishedDates, mtime),
    };
  } else {
    const parsed = parseTextDigest(text);
    warnings.push(...parsed.warnings);
    result = {
      format: 'text',
      papers: parsed.papers,
      warnings,
      ...textDate(nameDate, parsed.monthDay, mtime, now, warnings),
    };
  }
  if (result.papers.length === 0) {
    const first = result.warnings.find((w) => !w.field?.startsWith('date'));
    const why = first ? ` (${describe(first)})` : '';
    throw new AppError('DIGEST_NO_PAPERS', `${fileName}: no papers found${why}`, {
      details: { file: fileName, warnings: limitWarnings(result.warnings) },
    });
  }
  result.papers = dedupe(result.papers, result.warnings);
  result.warnings = limitWarnings(result.warnings);
  return result;
}

function describe(w: ParseWarning): string {
  return `${w.line ? `line ${w.line}: ` : ''}${w.message}`;
}

/** The same paper twice in one file is stored once; later copies are reported. */
function dedupe(papers: Paper[], warnings: ParseWarning[]): Paper[] {
  const seen = new Set<string>();
  return papers.filter((p) => {
    if (seen.has(p.id)) {
      warnings.push({ field: 'title', message: `duplicate paper "${p.title}"; kept the first` });
      return false;
    }
    seen.add(p.id);
    return true;
  });
}

/** An ISO date in the file name (`2025-03-11-daily.txt`), when it is a real day and not a future one. */
function dateInFileName(fileName: string, now: Date, warnings: ParseWarning[]): string | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).slice(0, 300);
  const m = /(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/.exec(base);
  if (!m) return undefined;
  const iso = m[1] as string;
  if (!isCalendarDate(iso)) return undefined;
  if (iso > latestAcceptedDate(now)) {
    warnings.push({ field: 'date', message: `the file name says ${iso}, which is in the future; ignored` });
    return undefined;
  }
  return iso;
}

/** A modification time in the future (a wrong clock, `touch -d`) says nothing about the digest. */
function usableMtime(mtime: Date | undefined, now: Date, warnings: ParseWarning[]): Date | undefined {
  if (!mtime || Number.isNaN(mtime.getTime())) return undefined;
  if (mtime.toISOString().slice(0, 10) <= latestAcceptedDate(now)) return mtime;
  warnings.push({
    field: 'date',
    message: `the file was modified in the future (${mtime.toISOString()}); used the current time instead`,
  });
  return now;
}

function dateFrom(
  nameDate: string | undefined,
  published: string[],
  readMtime: () => Date | undefined,
): { date?: string; dateSource: DateSource } {
  if (nameDate) return { date: nameDate, dateSource: 'filename' };
  if (published.length > 0) {
    // The most recent publication date is the day the digest describes. Every one of these was
    // checked (a real day, not in the future) when its paper was read.
    return { date: [...published].sort().at(-1) as string, dateSource: 'content' };
  }
  const mtime = readMtime();
  if (mtime) return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  return { dateSource: 'none' };
}

function textDate(
  nameDate: string | undefined,
  monthDay: { month: number; day: number; year?: number; line: number } | undefined,
  readMtime: () => Date | undefined,
  now: Date,
  warnings: ParseWarning[],
): { date?: string; dateSource: DateSource } {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (nameDate) {
    if (monthDay && nameDate.slice(5) !== `${pad(monthDay.month)}-${pad(monthDay.day)}`) {
      warnings.push({
        line: monthDay.line,
        field: 'date',
        message: `date line says ${pad(monthDay.month)}-${pad(monthDay.day)} but the file name says ${nameDate}; using the file name`,
      });
    }
    return { date: nameDate, dateSource: 'filename' };
  }
  if (monthDay?.year) {
    const iso = `${monthDay.year}-${pad(monthDay.month)}-${pad(monthDay.day)}`;
    if (!isCalendarDate(iso)) {
      warnings.push({ line: monthDay.line, field: 'date', message: `no such date ${iso}; ignored` });
    } else if (iso > latestAcceptedDate(now)) {
      warnings.push({ line: monthDay.line, field: 'date', message: `date ${iso} is in the future; ignored` });
    } else {
      return { date: iso, dateSource: 'content' };
    }
  }
  const mtime = readMtime();
  if (!mtime) return { dateSource: 'none' };
  if (!monthDay) return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  // "Mar 11" in a file last modified in early January of the next year belongs to the previous year.
  let year = mtime.getUTCFullYear();
  const candidate = Date.UTC(year, monthDay.month - 1, monthDay.day);
  if (candidate - mtime.getTime() > 31 * 86_400_000) year -= 1;
  const iso = `${year}-${pad(monthDay.month)}-${pad(monthDay.day)}`;
  if (!isCalendarDate(iso) || iso > latestAcceptedDate(now)) {
    warnings.push({
      line: monthDay.line,
      field: 'date',
      message: isCalendarDate(iso) ? `date ${iso} is in the future; ignored` : `no such date ${iso}`,
    });
    return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  }
  return { date: iso, dateSource: 'mtime-year' };
}
