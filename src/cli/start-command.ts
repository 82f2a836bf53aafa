import type { Command } from './command.ts';

export const startCommand: Command = {
  name: 'start',
  summary:
    'Run Paperboy: web app, digest watcher, scheduler, sender (and the local mail catcher without SMTP_URL)',
  usage: 'paperboy start [--no-send]',
  details:
    'Runs until SIGTERM or SIGINT, then stops taking work, finishes messages in flight and exits 0.\nWithout SMTP_URL every email goes to the built-in mail catcher, shown at /outbox.',
  options: {
    'no-send': {
      type: 'boolean',
      description: 'Schedule and serve only; `paperboy worker` processes send (PostgreSQL)',
    },
  },
  run: (ctx, args) =>
    import('./run-daemon.ts').then((m) =>
      m.runDaemon(ctx, ctx.config(), { send: args.values['no-send'] !== true }),
    ),
};
