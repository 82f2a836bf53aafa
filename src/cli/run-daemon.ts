import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { createLogger } from '../log/create-logger.ts';
import { type StartOptions, startPaperboy } from '../main.ts';
import type { CommandContext } from './command.ts';

/**
 * Runs the long-lived process behind `start` and `serve` until SIGTERM/SIGINT, then stops taking
 * work, lets messages in flight finish, and returns exit code 0.
 */
export async function runDaemon(
  ctx: CommandContext,
  config: Config,
  options: Pick<StartOptions, 'send' | 'schedule'>,
): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: Boolean(ctx.stdout.isTTY) });
  let running: Awaited<ReturnType<typeof startPaperboy>>;
  try {
    running = await startPaperboy({ config, logger, clock: ctx.clock, ...options });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError(
        'USAGE',
        `a port is already in use (${(error as Error).message}); choose another with PORT (or --port) and DEVMAIL_PORT`,
        { cause: error },
      );
    }
    throw error;
  }
  if (!ctx.stopSignal.aborted) {
    await new Promise((resolve) => ctx.stopSignal.addEventListener('abort', resolve, { once: true }));
  }
  logger.info(
    { event: 'paperboy.stopping', signal: String(ctx.stopSignal.reason) },
    'stopping: finishing messages in flight',
  );
  await running.stop();
  logger.flush();
  return 0;
}
