import { AppError } from '../errors/index.ts';
import { createLogger } from '../log/create-logger.ts';
import { startPaperboy } from '../main.ts';
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
  async run(ctx, args) {
    const config = ctx.config();
    const logger = createLogger({ level: config.LOG_LEVEL, pretty: Boolean(ctx.stdout.isTTY) });
    let running: Awaited<ReturnType<typeof startPaperboy>>;
    try {
      running = await startPaperboy({
        config,
        logger,
        clock: ctx.now,
        send: args.values['no-send'] !== true,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new AppError(
          'USAGE',
          `start: a port is already in use (${(error as Error).message}); set PORT / DEVMAIL_PORT`,
          { cause: error },
        );
      }
      throw error;
    }
    if (!ctx.stopSignal.aborted)
      await new Promise((resolve) => ctx.stopSignal.addEventListener('abort', resolve, { once: true }));
    logger.info(
      { event: 'paperboy.stopping', signal: String(ctx.stopSignal.reason) },
      'stopping: finishing messages in flight',
    );
    await running.stop();
    logger.flush();
    return 0;
  },
};
