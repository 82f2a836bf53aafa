import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs: one JSON line per event, or pino-pretty when writing to a terminal.
 * The `event` field names what happened (`digest.ingested`, `schedule.enqueued`, …).
 */
export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  return pino({
    level: options.level,
    base: { pid: process.pid },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } }
      : {}),
  });
}
