import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { DateSource, ParsedDigest, ParseWarning } from '../digest/index.ts';
import { AppError, clipText, isAppError } from '../errors/index.ts';
import type { Store } from '../store/index.ts';
import { type DigestParser, parseDigestOffThread } from './parse-off-thread.ts';

/** File endings a digest folder may hold; anything else in a folder is ignored. */
export const digestExtensions = new Set(['.txt', '.json', '.xml', '.atom', '.rss']);

export interface IngestFileResult {
  /** The path as shown to people (relative to the working directory when inside it). */
  path: string;
  status: 'ok' | 'unchanged' | 'error';
  papers: number;
  newPapers: number;
  date?: string;
  dateSource?: DateSource;
  warnings: ParseWarning[];
  error?: string;
  errorCode?: string;
}

/** Expands folders into the digest files they hold (sorted, hidden files skipped). */
export async function listDigestFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      missing.push(path);
    } else if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      files.push(
        ...entries
          .filter(
            (e) =>
              e.isFile() && !e.name.startsWith('.') && digestExtensions.has(extname(e.name).toLowerCase()),
          )
          .map((e) => join(path, e.name))
          .sort(),
      );
    } else {
      files.push(path);
    }
  }
  return { files, missing };
}

/** Stored and shown error text is cut to this: a parser's message can quote a whole file. */
const maxErrorLength = 1_000;

export interface IngestOptions {
  /** Where the file is parsed; by default in the process's parser thread, never on the main thread. */
  parse?: DigestParser;
}

/**
 * Ingests one digest file: parse, then store atomically. A file whose exact content was
 * already ingested is left alone. A file that cannot be parsed, whatever the reason, is this file's
 * error: it is recorded (so `status` and `/outbox` list it), stores nothing, and the caller goes on
 * with the next file. Only a failing database is thrown.
 */
export async function ingestDigestFile(
  store: Store,
  file: string,
  now: Date,
  options: IngestOptions = {},
): Promise<IngestFileResult> {
  const absolute = resolve(file);
  const shown = displayPath(absolute);
  let bytes: Buffer;
  let mtime: Date;
  try {
    [bytes, mtime] = await Promise.all([readFile(absolute), stat(absolute).then((s) => s.mtime)]);
  } catch (cause) {
    return {
      path: shown,
      status: 'error',
      papers: 0,
      newPapers: 0,
      warnings: [],
      error: clipText((cause as Error).message, maxErrorLength),
      errorCode: 'FILE_UNREADABLE',
    };
  }
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const already = await store.papers.findDigestByHash(contentHash);
  if (already) {
    return {
      path: shown,
      status: 'unchanged',
      papers: already.paper_count,
      newPapers: 0,
      ...(already.digest_date ? { date: already.digest_date } : {}),
      ...(already.date_source ? { dateSource: already.date_source as DateSource } : {}),
      warnings: already.warnings,
    };
  }
  const failed = async (error: AppError): Promise<IngestFileResult> => {
    // Remove the file name prefix: the result line already names the file.
    const text = error.message.startsWith(`${shown}: `)
      ? error.message.slice(shown.length + 2)
      : error.message;
    const message = clipText(text, maxErrorLength);
    await store.papers.recordFailedDigest({ path: absolute, contentHash, error: message, now });
    return {
      path: shown,
      status: 'error',
      papers: 0,
      newPapers: 0,
      warnings: [],
      error: message,
      errorCode: error.code,
    };
  };
  let parsed: ParsedDigest;
  try {
    parsed = withDateWarning(
      await (options.parse ?? parseDigestOffThread)({ bytes, fileName: shown, mtime, now }),
      extname(shown),
    );
  } catch (error) {
    if (!isAppError(error)) throw error;
    return failed(error);
  }
  try {
    const stored = await store.papers.ingestDigest({ path: absolute, contentHash, parsed, now });
    return {
      path: shown,
      status: 'ok',
      papers: stored.paperCount,
      newPapers: stored.newCount,
      ...(parsed.date ? { date: parsed.date } : {}),
      dateSource: parsed.dateSource,
      warnings: parsed.warnings,
    };
  } catch (error) {
    if (!isAppError(error) || error.code === 'STORE_FAILED') throw wrapStoreError(error);
    return failed(error);
  }
}

/**
 * A date taken from the file's modification time is a guess (a file copied in December dates March
 * papers to the wrong year), so it is reported with the other warnings, stored with the digest, and
 * says how to make it certain.
 */
function withDateWarning(parsed: ParsedDigest, extension: string): ParsedDigest {
  const year = parsed.date?.slice(0, 4);
  const guess =
    parsed.dateSource === 'mtime-year'
      ? `the file gives no year: ${year} is a guess from its modification time`
      : parsed.dateSource === 'mtime'
        ? `the file gives no date: ${parsed.date} is a guess from its modification time`
        : undefined;
  if (!guess) return parsed;
  const hint = `put the date in the file name (${parsed.date}-daily${extension}) to be sure`;
  return { ...parsed, warnings: [{ field: 'date', message: `${guess}; ${hint}` }, ...parsed.warnings] };
}

function wrapStoreError(error: unknown): AppError {
  return isAppError(error)
    ? error
    : new AppError('STORE_FAILED', `storing the digest failed: ${(error as Error).message}`, {
        cause: error,
      });
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') ? rel : absolute;
}
