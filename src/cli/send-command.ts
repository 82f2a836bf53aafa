import type { Command } from './command.ts';

export const sendCommand: Command = {
  name: 'send',
  summary: 'Freeze the edition of a digest date and send it; also retries deferred deliveries that are due',
  usage: 'paperboy send [--digest DATE] [--dry-run] [--only EMAIL] [--limit N]',
  details: [
    'Every confirmed subscriber gets one delivery in the edition (running send again never doubles it).',
    'SIGTERM or Ctrl-C stops claiming, finishes the messages in flight and exits 0; run send again to continue.',
    'Exit code 0 when the run completed or was stopped, 1 when it could not proceed (paused after',
    'MAX_CONSECUTIVE_ERRORS errors in a row, or the database failed).',
  ].join('\n'),
  options: {
    digest: {
      type: 'string',
      valueName: 'DATE',
      description: 'Digest date to send (default: the latest ingested)',
    },
    'dry-run': { type: 'boolean', description: 'Plan and render every issue; write and send nothing' },
    only: { type: 'string', valueName: 'EMAIL', description: 'Only this subscriber' },
    limit: { type: 'string', valueName: 'N', description: 'Send at most N issues in this run' },
  },
  run: (ctx, args) => import('./run-send.ts').then((m) => m.runSend(ctx, args)),
};
