import { stat } from 'node:fs/promises';
import { type IngestFileResult, ingestDigestFile, listDigestFiles } from '../ingest/index.ts';
import type { Store } from '../store/index.ts';
import type { ScheduleLogger } from './run-schedule-tick.ts';

export interface DigestWatcherOptions {
  dir: string;
  store: Store;
  clock: () => Date;
  logger: ScheduleLogger;
  /** A file is ingested once its size and mtime have not changed for this long (it is fully written). */
  stableMs?: number;
}

interface Seen {
  signature: string;
  since: number;
  ingested: boolean;
}

/**
 * Polls the digest folder. A new or changed file is ingested once it has stopped changing, so a
 * digest that is still being copied in is never read half-written. Polling (rather than fs.watch)
 * behaves the same on every filesystem, including network mounts and container volumes.
 */
export function createDigestWatcher(options: DigestWatcherOptions) {
  const stableMs = options.stableMs ?? 2000;
  const seen = new Map<string, Seen>();

  /** One poll: returns the ingest results of the files that became ready. */
  async function poll(): Promise<IngestFileResult[]> {
    const now = options.clock().getTime();
    const { files } = await listDigestFiles([options.dir]);
    const results: IngestFileResult[] = [];
    for (const file of files) {
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      const signature = `${info.size}:${info.mtimeMs}`;
      const entry = seen.get(file);
      if (!entry || entry.signature !== signature) {
        seen.set(file, { signature, since: now, ingested: false });
        continue;
      }
      if (entry.ingested || now - entry.since < stableMs) continue;
      entry.ingested = true;
      const result = await ingestDigestFile(options.store, file, options.clock());
      results.push(result);
      logIngestResult(options.logger, result, 'digest ingested');
    }
    const present = new Set(files);
    for (const path of seen.keys()) if (!present.has(path)) seen.delete(path);
    return results;
  }

  return { poll };
}

/**
 * Logs one ingest as the daemon reports it: a rejected file as `digest.failed`, an ingested one as
 * `digest.ingested`, and a date taken from the file's modification time as a `digest.date_guessed`
 * warning that says how to make it certain (an operator of `npm start` sees no `ingest` output).
 */
export function logIngestResult(logger: ScheduleLogger, result: IngestFileResult, message: string): void {
  if (result.status === 'error') {
    logger.warn({ event: 'digest.failed', file: result.path, error: result.error }, 'digest file rejected');
    return;
  }
  if (result.status !== 'ok') return;
  logger.info(
    {
      event: 'digest.ingested',
      file: result.path,
      papers: result.papers,
      new: result.newPapers,
      date: result.date,
      warnings: result.warnings.length,
    },
    message,
  );
  if (result.dateSource !== 'mtime-year' && result.dateSource !== 'mtime') return;
  const warning = result.warnings.find((w) => w.field === 'date')?.message ?? 'the date is a guess';
  logger.warn(
    { event: 'digest.date_guessed', file: result.path, date: result.date, warning },
    `${result.path}: ${warning}`,
  );
}
