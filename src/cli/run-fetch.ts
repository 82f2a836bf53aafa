import { hostname } from 'node:os';
import { relative } from 'node:path';
import { formatBytes } from '../sources/http-get.ts';
import { type FetchReport, fetchSources, type SourceFetchResult } from '../sources/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';

const labels: Record<SourceFetchResult['status'], string> = {
  written: 'ok   ',
  unchanged: 'same ',
  'not-modified': '304  ',
  empty: 'empty',
  skipped: 'skip ',
  failed: 'error',
  'would-write': 'dry  ',
};

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** One line per source and date, as `fetch` prints it. */
export function formatFetchLine(r: SourceFetchResult): string {
  const head = `${labels[r.status]} ${r.source} ${r.date}`;
  const traffic =
    r.requests > 0 ? ` (${r.requests} request${r.requests === 1 ? '' : 's'}, ${formatBytes(r.bytes)})` : '';
  switch (r.status) {
    case 'written':
    case 'unchanged':
    case 'would-write': {
      const verb = { written: 'wrote', unchanged: 'unchanged', 'would-write': 'would write' }[r.status];
      const warnings =
        r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : '';
      return `${head}  ${verb} ${shownPath(r.file ?? '')}: ${r.papers} papers${warnings}${traffic}`;
    }
    default:
      return `${head}  ${r.message ?? ''}${traffic}`;
  }
}

/** The total line: what happened, counted per outcome. */
export function formatFetchTotal(report: FetchReport): string {
  const count = (s: SourceFetchResult['status']) => report.results.filter((r) => r.status === s).length;
  const parts = [
    `${count('written')} written`,
    ...(count('would-write') ? [`${count('would-write')} would be written`] : []),
    ...(count('unchanged') ? [`${count('unchanged')} unchanged`] : []),
    `${count('not-modified')} not modified`,
    ...(count('empty') ? [`${count('empty')} empty`] : []),
    ...(count('skipped') ? [`${count('skipped')} skipped`] : []),
    `${count('failed')} failed`,
  ];
  const n = report.results.length;
  return `total ${n} fetch${n === 1 ? '' : 'es'}: ${parts.join(', ')}`;
}

export async function runFetch(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const config = ctx.config();
  const dryRun = args.values['dry-run'] === true;
  return withStore(ctx, async (store) => {
    const report = await fetchSources(
      {
        config,
        store,
        clock: ctx.clock,
        owner: `${hostname()}:${process.pid}:fetch`,
        signal: ctx.stopSignal,
      },
      {
        ...(typeof args.values.source === 'string' ? { source: args.values.source } : {}),
        ...(typeof args.values.date === 'string' ? { date: args.values.date } : {}),
        dryRun,
        force: args.values.force === true,
      },
    );
    if (report.busy) {
      ctx.stderr.write(
        'paperboy: fetch: another fetch is running (the daemon or another shell); try again shortly\n',
      );
      return 1;
    }
    for (const r of report.results) {
      (r.status === 'failed' ? ctx.stderr : ctx.stdout).write(`${formatFetchLine(r)}\n`);
      for (const w of r.warnings) {
        ctx.stdout.write(`      warning ${w.field ? `${w.field}: ` : ''}${w.message}\n`);
      }
      for (const p of r.preview ?? []) {
        ctx.stdout.write(`      ${(p.arxivId ?? '').padEnd(12)} ${p.title}\n`);
      }
    }
    ctx.stdout.write(`${formatFetchTotal(report)}\n`);
    return report.results.some((r) => r.status === 'failed') ? 1 : 0;
  });
}
