import { AppError } from '../errors/index.ts';
import type { Command } from './command.ts';
import { runDaemon } from './run-daemon.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run only the web app (sign-up, preferences, unsubscribe, archive, preview)',
  usage: 'paperboy serve [--port N]',
  details:
    'Listens on HOST:PORT (default 127.0.0.1:8080); links in emails use PUBLIC_URL. Without SMTP_URL,\nconfirmation emails go to the built-in mail catcher on DEVMAIL_PORT, shown at /outbox.\nRuns until SIGTERM or SIGINT.',
  options: {
    port: { type: 'string', valueName: 'N', description: 'Port to listen on (default: PORT or 8080)' },
  },
  async run(ctx, args) {
    const loaded = ctx.config();
    const portText = args.values.port as string | undefined;
    const port = portText === undefined ? loaded.PORT : Number(portText);
    if (!/^\d+$/.test(portText ?? '0') || port > 65_535) {
      throw new AppError('USAGE', `serve: --port must be a number 0–65535, got "${portText}"`);
    }
    // Without an explicit PUBLIC_URL, links must point at the port actually served, not PORT's default.
    const config =
      portText !== undefined && !ctx.env.PUBLIC_URL
        ? { ...loaded, PUBLIC_URL: `http://localhost:${port}` }
        : loaded;
    return runDaemon(ctx, { ...config, PORT: port }, { schedule: false });
  },
};
