import type { DestinationStream } from 'pino';
import type { Config } from '../config/index.ts';
import { createLogger, type Logger } from '../log/create-logger.ts';
import type { CommandContext } from './command.ts';

/**
 * The event log of a command that prints its own results on stdout (`send`, `worker`): JSON lines
 * on stderr at LOG_LEVEL, so `delivery.failed` and `send.paused` reach the operator as under `start`.
 */
export function createCommandLogger(ctx: CommandContext, config: Config): Logger {
  return createLogger({
    level: config.LOG_LEVEL,
    pretty: Boolean(ctx.stderr.isTTY),
    destination: ctx.stderr as DestinationStream,
  });
}
