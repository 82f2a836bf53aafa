import { SmtpMailer } from '../delivery/mailer.ts';
import { type MailCatcher, mountOutboxRoutes, startMailCatcher } from '../devmail/index.ts';
import { AppError } from '../errors/index.ts';
import { createLogger } from '../log/create-logger.ts';
import { loadTemplates } from '../render/index.ts';
import { openStore } from '../store/index.ts';
import { createWebApp, requireAdmin, startWebServer } from '../web/index.ts';
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
    const logger = createLogger({ level: config.LOG_LEVEL, pretty: Boolean(ctx.stdout.isTTY) });
    const templates = await loadTemplates();
    const store = await openStore(config.DATABASE_URL);
    let catcher: MailCatcher | undefined;
    let mailer: SmtpMailer | undefined;
    let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
    try {
      if (!config.SMTP_URL) {
        catcher = await startMailCatcher({ outbox: store.outbox, port: config.DEVMAIL_PORT, now: ctx.now });
        ctx.stderr.write(
          `warning: SMTP_URL is not set, so no email leaves this machine; confirmation emails are kept at /outbox\n`,
        );
      }
      mailer = new SmtpMailer({ url: config.SMTP_URL ?? (catcher as MailCatcher).url, poolSize: 2 });
      const guard = requireAdmin({
        adminToken: config.ADMIN_TOKEN,
        development: config.NODE_ENV === 'development',
        trustProxy: config.TRUST_PROXY,
      });
      const app = createWebApp({
        store,
        mailer,
        templates,
        config,
        now: ctx.now,
        logger,
        ...(catcher
          ? {
              extraRoutes: (hono) =>
                mountOutboxRoutes(hono, { store, newsletterName: config.NEWSLETTER_NAME, guard }),
            }
          : {}),
      });
      web = await startWebServer(app, { host: config.HOST, port });
      ctx.stdout.write(`Paperboy web app listening on ${web.url} (public URL ${config.PUBLIC_URL})\n`);
      if (!ctx.stopSignal.aborted) {
        await new Promise((resolve) => ctx.stopSignal.addEventListener('abort', resolve, { once: true }));
      }
      return 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new AppError(
          'USAGE',
          `serve: a port is already in use (${(error as Error).message}); pick another with --port or DEVMAIL_PORT`,
          {
            cause: error,
          },
        );
      }
      throw error;
    } finally {
      await web?.close();
      await mailer?.close();
      await catcher?.close();
      await store.close();
    }
  },
};
