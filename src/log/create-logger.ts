import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const require = createRequire(import.meta.url);

/**
 * Structured logs: one JSON line per event, or pino-pretty when writing to a terminal.
 * The `event` field names what happened (`digest.ingested`, `delivery.failed`, …).
 * Without a `destination` the lines go to stdout; commands that print results on stdout
 * (`send`, `worker`) pass stderr.
 */
export function createLogger(options: {
  level: string;
  pretty?: boolean;
  destination?: DestinationStream;
}): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const settings = { level: options.level, base: { pid: process.pid } };
  const prettyOptions = { colorize: true, ignore: 'pid,hostname' };
  if (options.destination) {
    // Loaded only for a terminal: a log file or journal gets plain JSON lines.
    const stream = pretty
      ? (require('pino-pretty') as typeof import('pino-pretty')).build({
          ...prettyOptions,
          destination: options.destination as NodeJS.WritableStream,
        })
      : options.destination;
    return pino(settings, stream);
  }
  return pino({
    ...settings,
    ...(pretty ? { transport: { target: 'pino-pretty', options: prettyOptions } } : {}),
  });
}
