import { AppError } from '../errors/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { runDaemon } from './run-daemon.ts';

export async function runServe(ctx: CommandContext, args: ParsedArgs): Promise<number> {
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
}
