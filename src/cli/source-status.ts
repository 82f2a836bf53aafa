import type { SourceSpec } from '../config/source-spec.ts';
import type { SourceFetchRecord, Store } from '../store/index.ts';

export interface SourceStatus {
  source: string;
  configured: boolean;
  lastFetch: SourceFetchRecord | null;
}

/** Per source, configured or fetched before: its last fetch, its result, and the papers it added. */
export async function readSourceStatus(
  store: Store,
  configured: readonly SourceSpec[],
): Promise<SourceStatus[]> {
  const latest = new Map((await store.sources.listLatestFetches()).map((f) => [f.source, f]));
  const names = [...new Set([...configured.map((s) => s.name), ...latest.keys()])];
  const inConfig = new Set(configured.map((s) => s.name));
  return names.map((source) => ({
    source,
    configured: inConfig.has(source),
    lastFetch: latest.get(source) ?? null,
  }));
}

export function formatSourceStatus(list: readonly SourceStatus[]): string[] {
  const out = ['Sources:'];
  if (list.length === 0) out.push('  none (set SOURCES to fetch papers every day)');
  const width = Math.max(0, ...list.map((s) => s.source.length)) + 2;
  for (const { source, configured, lastFetch: f } of list) {
    const name = source.padEnd(width);
    const gone = configured ? '' : '  (no longer in SOURCES)';
    if (!f) {
      out.push(`  ${name}never fetched`);
      continue;
    }
    const at = `${f.startedAt.slice(0, 16).replace('T', ' ')} UTC  date ${f.date}`;
    const added =
      f.status === 'written'
        ? f.added === null
          ? ', not ingested yet'
          : `, ${f.added} added`
        : f.status === 'unchanged' || f.status === 'not-modified' || f.status === 'empty'
          ? ', 0 added'
          : '';
    const result =
      f.status === 'failed'
        ? `failed: ${f.message ?? 'unknown error'}`
        : `${f.status}${f.papers > 0 ? ` ${f.papers} papers` : ''}${added}`;
    out.push(`  ${name}${at}  ${result}${gone}`);
  }
  return out;
}
