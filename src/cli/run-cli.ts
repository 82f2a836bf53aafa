import { parseArgs } from 'node:util';
import type { Config } from '../config/index.ts';
import { isAppError } from '../errors/index.ts';
import type { Command, CommandContext, Output } from './command.ts';
import { commands } from './commands.ts';

const exitUsage = 2;

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdout?: Output;
  stderr?: Output;
  clock?: () => Date;
  stopSignal?: AbortSignal;
}

/**
 * Runs one `paperboy` invocation and returns its exit code.
 *
 * Why our own dispatcher rather than commander or yargs: `node:util` parseArgs does the parsing;
 * what is ours is the command table, the help text and the exit codes (2 for usage, 1 for
 * failure), and an injected context (I/O, env, clock, stop signal) so tests run commands in-process.
 */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let config: Config | undefined;
  // Loaded only for a command that runs: `--help` must not pay for zod and the schema.
  let loadConfig: ((env: Record<string, string | undefined>) => Config) | undefined;
  const ctx: CommandContext = {
    env,
    stdout,
    stderr,
    clock: options.clock ?? (() => new Date()),
    config: () => {
      if (!loadConfig) throw new Error('configuration requested before it was loaded');
      config ??= loadConfig(env);
      return config;
    },
    stopSignal: options.stopSignal ?? stopSignalFromProcess(),
  };

  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    stdout.write(formatRootHelp(commands));
    return first === undefined ? exitUsage : 0;
  }
  if (first === '--version' || first === '-v') {
    stdout.write('paperboy 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    stderr.write(`paperboy: unknown command "${first}" (see paperboy --help)\n`);
    return exitUsage;
  }
  ({ loadConfig } = await import('../config/index.ts'));
  return runCommand(command, rest, ctx, `paperboy ${command.name}`);
}

async function runCommand(
  command: Command,
  argv: string[],
  ctx: CommandContext,
  path: string,
): Promise<number> {
  if (command.subcommands) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      ctx.stdout.write(formatGroupHelp(command, path));
      return sub === undefined ? exitUsage : 0;
    }
    const child = command.subcommands.find((c) => c.name === sub);
    if (!child) {
      ctx.stderr.write(
        `paperboy: unknown command "${path.replace(/^paperboy /, '')} ${sub}" (see ${path} --help)\n`,
      );
      return exitUsage;
    }
    return runCommand(child, rest, ctx, `${path} ${child.name}`);
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    ctx.stdout.write(formatCommandHelp(command));
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(command.options ?? {}).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    ctx.stderr.write(
      `paperboy: ${path.replace(/^paperboy /, '')}: ${firstLine((error as Error).message)} (see ${path} --help)\n`,
    );
    return exitUsage;
  }
  const max = command.maxPositionals ?? 0;
  if (parsed.positionals.length > max) {
    ctx.stderr.write(
      `paperboy: ${path.replace(/^paperboy /, '')}: unexpected argument "${parsed.positionals[max]}" (see ${path} --help)\n`,
    );
    return exitUsage;
  }
  try {
    return await (command.run as NonNullable<Command['run']>)(ctx, {
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
    });
  } catch (error) {
    if (isAppError(error)) {
      ctx.stderr.write(`paperboy: ${error.message}\n`);
      return error.code === 'USAGE' ? exitUsage : 1;
    }
    throw error;
  }
}

/** node:util's parse errors run on with advice about `--`; the first sentence is the useful part. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.replace(/\. To specify a positional argument.*$/, '');
}

function formatRootHelp(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length)) + 2;
  return [
    'paperboy: a self-hosted, personalized research-paper newsletter',
    '',
    'Usage: paperboy <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "paperboy <command> --help" for the options of a command.',
    'Configuration comes from environment variables; see .env.example.',
    '',
  ].join('\n');
}

function formatGroupHelp(command: Command, path: string): string {
  const subs = command.subcommands ?? [];
  const width = Math.max(...subs.map((c) => c.name.length)) + 2;
  return [
    `${path}: ${command.summary}`,
    '',
    `Usage: ${path} <command> [options]`,
    '',
    'Commands:',
    ...subs.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
  ].join('\n');
}

function formatCommandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    return [flag, o.description] as const;
  });
  options.push(['-h, --help', 'Show this help']);
  const width = Math.max(...options.map(([f]) => f.length)) + 2;
  return [
    `${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...options.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
    ...(command.details ? ['', command.details] : []),
    '',
  ].join('\n');
}

let processStop: AbortController | undefined;

/** One AbortSignal for the process: the first SIGTERM/SIGINT asks commands to stop gracefully. */
function stopSignalFromProcess(): AbortSignal {
  if (!processStop) {
    const controller = new AbortController();
    processStop = controller;
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort(signal);
    };
    process.once('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return processStop.signal;
}
