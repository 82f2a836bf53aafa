import type { DateSource } from '../digest/index.ts';
import { type IngestFileResult, ingestDigestFile, listDigestFiles } from '../ingest/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';

const dateLabels: Record<DateSource, string> = {
  filename: 'date from file name',
  content: 'date from file contents',
  'mtime-year': 'year from mtime',
  mtime: 'date from mtime',
  none: 'no date',
};

export function formatIngestLine(r: IngestFileResult): string {
  if (r.status === 'error') return `error ${r.path}  ${r.error}`;
  const date = r.date ? ` date ${r.date}${r.dateSource ? ` [${dateLabels[r.dateSource]}]` : ''}` : '';
  const counts =
    r.status === 'unchanged'
      ? `${r.papers} papers (unchanged, already ingested)`
      : `${r.papers} papers (${r.newPapers} new)`;
  const warnings =
    r.status === 'ok' && r.warnings.length > 0
      ? ` ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`
      : '';
  return `ok    ${r.path}  ${counts}${date}${warnings}`;
}

export async function runIngest(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const paths = args.positionals.length > 0 ? args.positionals : [ctx.config().DIGESTS_DIR];
  const { files, missing } = await listDigestFiles(paths);
  for (const path of missing) ctx.stderr.write(`error ${path}  no such file or folder\n`);
  return withStore(ctx, async (store) => {
    let failed = missing.length;
    let papers = 0;
    let fresh = 0;
    for (const file of files) {
      const result = await ingestDigestFile(store, file, ctx.clock());
      if (result.status === 'error') failed++;
      papers += result.papers;
      fresh += result.newPapers;
      if (result.status === 'error' || !args.values.quiet) {
        (result.status === 'error' ? ctx.stderr : ctx.stdout).write(`${formatIngestLine(result)}\n`);
        if (!args.values.quiet && result.status === 'ok') {
          for (const w of result.warnings) {
            ctx.stdout.write(
              `      warning ${w.line ? `line ${w.line}: ` : w.field ? `${w.field}: ` : ''}${w.message}\n`,
            );
          }
        }
      }
    }
    const total = files.length + missing.length;
    ctx.stdout.write(
      `total ${total} file${total === 1 ? '' : 's'}: ${total - failed} ok, ${failed} failed; ${papers} papers (${fresh} new)\n`,
    );
    return failed > 0 ? 1 : 0;
  });
}
