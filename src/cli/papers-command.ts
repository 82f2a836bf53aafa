import type { Command } from './command.ts';

export const papersCommand: Command = {
  name: 'papers',
  summary: 'List stored papers',
  usage: 'paperboy papers [--digest DATE] [--json]',
  options: {
    digest: {
      type: 'string',
      valueName: 'DATE',
      description: 'Only the papers of the digest of this date (YYYY-MM-DD)',
    },
    json: {
      type: 'boolean',
      description: 'Print a JSON array of {id, title, abstract, digestDate, arxivId, url}',
    },
  },
  run: (ctx, args) => import('./run-papers.ts').then((m) => m.runPapers(ctx, args)),
};
