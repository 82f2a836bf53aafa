import type { Command } from './command.ts';

export const statusCommand: Command = {
  name: 'status',
  summary:
    "Show recent digest ingests (ok and errors), each source's last fetch, the next scheduled sends, and delivery counts",
  usage: 'paperboy status [--json]',
  options: { json: { type: 'boolean', description: 'Print the status as JSON' } },
  run: (ctx, args) => import('./run-status.ts').then((m) => m.runStatus(ctx, args)),
};
