import type { Command } from './command.ts';

export const previewCommand: Command = {
  name: 'preview',
  summary: 'Render the issue a subscriber (or a set of topics) would receive',
  usage:
    'paperboy preview (--email ADDR | --topics "a, b") [--digest DATE] [--format html|text|eml] [--out FILE]',
  details:
    'Writes exactly what the sender would send: the HTML part, the text part, or (eml) the full MIME\nmessage with every header. Without --out it writes to stdout. --digest defaults to the latest digest.',
  options: {
    email: { type: 'string', valueName: 'ADDR', description: 'Preview for this stored subscriber' },
    topics: { type: 'string', valueName: 'TOPICS', description: 'Preview for these comma-separated topics' },
    digest: {
      type: 'string',
      valueName: 'DATE',
      description: 'Edition date YYYY-MM-DD (default: latest digest)',
    },
    format: { type: 'string', valueName: 'FORMAT', description: 'html (default), text or eml' },
    out: { type: 'string', valueName: 'FILE', description: 'Write to FILE instead of stdout' },
  },
  run: (ctx, args) => import('./run-preview.ts').then((m) => m.runPreview(ctx, args)),
};
