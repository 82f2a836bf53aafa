import type { Command } from './command.ts';

export const fetchCommand: Command = {
  name: 'fetch',
  summary:
    "Fetch the day's papers from SOURCES (Hugging Face, arXiv, feeds) into digest files in DIGESTS_DIR",
  usage: 'paperboy fetch [--source NAME] [--date YYYY-MM-DD] [--dry-run] [--force]',
  details: [
    'Writes one digest file per source and date (DIGESTS_DIR/DATE-NAME.json), atomically. A running',
    '`paperboy start` ingests it within seconds; otherwise run `paperboy ingest`.',
    'The default date is yesterday (UTC): by then Hugging Face has closed the day and arXiv has announced it.',
    'A source and date already fetched today is skipped; --force asks again (a conditional request,',
    'so an unchanged source answers 304). Exit code 0 when nothing failed, 1 otherwise.',
  ].join('\n'),
  options: {
    source: {
      type: 'string',
      valueName: 'NAME',
      description: 'Only this source (its name, e.g. hf-daily, or its SOURCES entry)',
    },
    date: {
      type: 'string',
      valueName: 'YYYY-MM-DD',
      description: 'The digest date (default: yesterday, UTC)',
    },
    'dry-run': {
      type: 'boolean',
      description: 'Fetch and print what would be written; write and record nothing',
    },
    force: { type: 'boolean', description: 'Fetch even if this source and date were fetched today' },
  },
  run: (ctx, args) => import('./run-fetch.ts').then((m) => m.runFetch(ctx, args)),
};
