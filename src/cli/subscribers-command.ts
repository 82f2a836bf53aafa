import type { Command } from './command.ts';

const addCommand: Command = {
  name: 'add',
  summary: 'Add a subscriber',
  usage:
    'paperboy subscribers add EMAIL --topics "a, b" [--frequency daily|weekly] [--weekday DAY] [--hour H] [--tz ZONE] [--confirmed]',
  details:
    "Without --confirmed the subscriber is pending and gets the double opt-in email (when SMTP_URL is set;\notherwise the confirmation link is printed for you to forward). With --confirmed the subscriber is treated\nlike one who clicked that link: a welcome email (when SMTP_URL is set) and the latest edition at the\nnext scheduler tick of `paperboy start`. Use --confirmed only with the person's consent.",
  maxPositionals: 1,
  options: {
    topics: {
      type: 'string',
      valueName: 'TOPICS',
      description: 'Topics, separated by commas or semicolons (required)',
    },
    frequency: { type: 'string', valueName: 'FREQ', description: 'daily (default) or weekly' },
    weekday: {
      type: 'string',
      valueName: 'DAY',
      description: 'Weekday for weekly issues: 0–6 (0 = Sunday) or a name (default Monday)',
    },
    hour: { type: 'string', valueName: 'H', description: 'Delivery hour 0–23 in the time zone (default 7)' },
    tz: {
      type: 'string',
      valueName: 'ZONE',
      description: 'IANA time zone, e.g. Europe/Berlin (default UTC)',
    },
    confirmed: {
      type: 'boolean',
      description: 'Add as confirmed (no confirmation email): welcome email and first issue right away',
    },
  },
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersAdd(ctx, args)),
};

const listCommand: Command = {
  name: 'list',
  summary: 'List subscribers',
  usage: 'paperboy subscribers list [--json]',
  options: {
    json: {
      type: 'boolean',
      description: 'Print a JSON array of {email, status, topics, frequency, hour, timezone, createdAt}',
    },
  },
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersList(ctx, args)),
};

const removeCommand: Command = {
  name: 'remove',
  summary: 'Delete a subscriber (the consent record keeps the history)',
  usage: 'paperboy subscribers remove EMAIL',
  maxPositionals: 1,
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersRemove(ctx, args)),
};

const importCommand: Command = {
  name: 'import',
  summary: 'Import or update subscribers from a CSV file',
  usage: 'paperboy subscribers import FILE.csv',
  details: [
    'The header row names the columns: email,topics,frequency,weekday,hour,timezone,status,likes,dislikes',
    '(any order; only email and topics are required). Topics, and the paper ids of likes and dislikes',
    '(the reader\'s ratings), are separated by ";". Rows are imported as confirmed',
    'unless status says otherwise; an existing address is updated, never duplicated; an unsubscribed or',
    'suppressed address is not re-activated unless status says so (suppressed: never).',
    'Prints one line per bad row; the good rows are imported. Exit code 1 when any row was bad.',
  ].join('\n'),
  maxPositionals: 1,
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersImport(ctx, args)),
};

const rateCommand: Command = {
  name: 'rate',
  summary: "Record a reader's vote on a stored paper: up (more like this), down (less like this) or clear",
  usage: 'paperboy subscribers rate EMAIL PAPER_ID up|down|clear',
  details:
    "PAPER_ID is a stored paper's id, as `paperboy papers --json` prints it. A second vote replaces the first;\nclear forgets it. The next issues use the ratings (see README › Matcher).",
  maxPositionals: 3,
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersRate(ctx, args)),
};

const exportCommand: Command = {
  name: 'export',
  summary: 'Export all subscribers as CSV (the import format, ratings included)',
  usage: 'paperboy subscribers export [--out FILE.csv]',
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'Write to FILE instead of standard output' },
  },
  run: (ctx, args) => import('./run-subscribers.ts').then((m) => m.runSubscribersExport(ctx, args)),
};

export const subscribersCommand: Command = {
  name: 'subscribers',
  summary: 'Add, list, remove, rate for, import and export subscribers',
  usage: 'paperboy subscribers <add|list|remove|rate|import|export>',
  subcommands: [addCommand, listCommand, removeCommand, rateCommand, importCommand, exportCommand],
};
