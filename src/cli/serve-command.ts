import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run only the web app (sign-up, preferences, unsubscribe, archive, preview)',
  usage: 'paperboy serve [--port N]',
  details:
    'Listens on HOST:PORT (default 127.0.0.1:8080); links in emails use PUBLIC_URL. Without SMTP_URL,\nconfirmation emails go to the built-in mail catcher on DEVMAIL_PORT, shown at /outbox.\nRuns until SIGTERM or SIGINT.',
  options: {
    port: { type: 'string', valueName: 'N', description: 'Port to listen on (default: PORT or 8080)' },
  },
  run: (ctx, args) => import('./run-serve.ts').then((m) => m.runServe(ctx, args)),
};
