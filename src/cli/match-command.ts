import type { Command } from './command.ts';

export const matchCommand: Command = {
  name: 'match',
  summary: 'Show which papers of a digest a topic profile selects, and why',
  usage:
    'paperboy match (--topics "a, b" | --like ID) [--like ID,…] [--dislike ID,…] [--exclude "x"] [--breadth focused|balanced|broad] [--max N] [--digest FILE_OR_DATE] [--all] [--json]',
  details: [
    'Without --all only the selected papers are shown. --digest takes a digest file (parsed, not stored)',
    'or a stored digest date YYYY-MM-DD; the default is the latest stored digest.',
    '--like and --dislike take ids of stored papers (as `papers --json` and `match --json` print them),',
    'from any digest: the ratings a reader gives with "more / less like this". Liked papers alone,',
    'with no --topics, are a profile too. An unknown id is an error (exit code 2).',
  ].join('\n'),
  options: {
    topics: {
      type: 'string',
      valueName: 'TOPICS',
      description: 'Topics separated by commas, semicolons or newlines',
    },
    exclude: { type: 'string', valueName: 'TOPICS', description: 'Drop papers mainly about these' },
    breadth: {
      type: 'string',
      valueName: 'BREADTH',
      description: 'focused | balanced | broad (default balanced): how strong a match must be',
    },
    max: { type: 'string', valueName: 'N', description: 'At most N papers (1–100, default 10)' },
    like: {
      type: 'string',
      valueName: 'IDS',
      description: 'Stored paper ids the reader liked, comma-separated',
    },
    dislike: {
      type: 'string',
      valueName: 'IDS',
      description: 'Stored paper ids the reader disliked, comma-separated',
    },
    digest: { type: 'string', valueName: 'FILE_OR_DATE', description: 'Digest file or stored digest date' },
    all: { type: 'boolean', description: 'List every paper, selected or not' },
    json: { type: 'boolean', description: 'Print a JSON array of {id, title, score, selected, reasons}' },
  },
  run: (ctx, args) => import('./run-match.ts').then((m) => m.runMatch(ctx, args)),
};
