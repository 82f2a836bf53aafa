import { AppError } from '../errors/index.ts';
import { decodeText } from './decode-text.ts';
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
}

/**
 * Parses a digest file (Daily Papers text, JSON, Hugging Face JSON, arXiv Atom/RSS) into papers.
 * Pure: bytes in, papers and warnings out. Throws only AppError for a file that cannot be used at all.
 */
export function parseDigest(input: DigestInput): ParsedDigest {
  const { fileName } = input;
  const text = input.bytes ? decodeText(input.bytes, fileName) : (input.text ?? '').replace(/^\uFEFF/, '');
  if (!text.trim()) {
    throw new AppError('DIGEST_EMPTY', `${fileName}: empty file`, { details: { file: fileName } });
  }
  const first = text.trimStart()[0];
  const nameDate = isoDateIn(fileName);
  let result: ParsedDigest;
  if (first === '[' || first === '{') {
    const json = parseJsonDigest(text, fileName);
    result = {
      format: json.format,
      papers: json.papers,
      warnings: json.warnings,
      ...dateFrom(nameDate, json.publishedDates, input.mtime),
    };
  } else if (first === '<') {
    const feed = parseFeedDigest(text, fileName);
    result = {
      format: feed.format,
      papers: feed.papers,
      warnings: feed.warnings,
      ...dateFrom(nameDate, feed.publishedDates, input.mtime),
    };
  } else {
    const parsed = parseTextDigest(text);
    result = {
      format: 'text',
      papers: parsed.papers,
      warnings: parsed.warnings,
      ...textDate(nameDate, parsed.monthDay, input.mtime, parsed.warnings),
    };
  }
  if (result.papers.length === 0) {
    const why = result.warnings[0] ? ` (${describe(result.warnings[0])})` : '';
    throw new AppError('DIGEST_NO_PAPERS', `${fileName}: no papers found${why}`, {
      details: { file: fileName, warnings: result.warnings },
    });
  }
  result.papers = dedupe(result.papers, result.warnings);
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

function isoDateIn(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const m = /(?:^|[^\d])(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(base);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isValidIso(iso) ? iso : undefined;
}

function isValidIso(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function dateFrom(
  nameDate: string | undefined,
  published: string[],
  mtime?: Date,
): { date?: string; dateSource: DateSource } {
  if (nameDate) return { date: nameDate, dateSource: 'filename' };
  if (published.length > 0) {
    // The most recent publication date is the day the digest describes.
    return { date: [...published].sort().at(-1) as string, dateSource: 'content' };
  }
  if (mtime) return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  return { dateSource: 'none' };
}

function textDate(
  nameDate: string | undefined,
  monthDay: { month: number; day: number; year?: number; line: number } | undefined,
  mtime: Date | undefined,
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
    if (isValidIso(iso)) return { date: iso, dateSource: 'content' };
  }
  if (!mtime) return { dateSource: 'none' };
  if (!monthDay) return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  // "Mar 11" in a file last modified in early January of the next year belongs to the previous year.
  let year = mtime.getUTCFullYear();
  const candidate = Date.UTC(year, monthDay.month - 1, monthDay.day);
  if (candidate - mtime.getTime() > 31 * 86_400_000) year -= 1;
  const iso = `${year}-${pad(monthDay.month)}-${pad(monthDay.day)}`;
  if (!isValidIso(iso)) {
    warnings.push({ line: monthDay.line, field: 'date', message: `no such date ${iso}` });
    return { date: mtime.toISOString().slice(0, 10), dateSource: 'mtime' };
  }
  return { date: iso, dateSource: 'mtime-year' };
}
