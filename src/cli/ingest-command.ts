import type { Command } from './command.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Ingest digest files (text, JSON, arXiv Atom/RSS) into the paper store',
  usage: 'paperboy ingest [PATH...]',
  details:
    'PATH may be files or folders (default: DIGESTS_DIR). Prints one line per file and a total.\nExit code 0 when every file was ingested, 1 when any failed (the good files are still ingested).',
  options: { quiet: { type: 'boolean', short: 'q', description: 'Print only errors and the total line' } },
  maxPositionals: Number.POSITIVE_INFINITY,
  run: (ctx, args) => import('./run-ingest.ts').then((m) => m.runIngest(ctx, args)),
};
