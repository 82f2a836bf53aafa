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
      if (result.status === 'error') {
        options.logger.warn(
          { event: 'digest.failed', file: result.path, error: result.error },
          'digest file rejected',
        );
      } else if (result.status === 'ok') {
        options.logger.info(
          {
            event: 'digest.ingested',
            file: result.path,
            papers: result.papers,
            new: result.newPapers,
            date: result.date,
            warnings: result.warnings.length,
          },
          'digest ingested',
        );
      }
    }
    const present = new Set(files);
    for (const path of seen.keys()) if (!present.has(path)) seen.delete(path);
    return results;
  }

  return { poll };
}
