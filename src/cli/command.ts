import type { Config } from '../config/index.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in `--help`; for string options, name the value in the text, e.g. "--digest DATE". */
  description: string;
  valueName?: string;
}

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** What every command receives: injected I/O, environment and clock, so tests run commands in-process. */
export interface CommandContext {
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  clock: () => Date;
  /** Validated configuration (throws AppError CONFIG_INVALID listing every problem). */
  config: () => Config;
  /** Resolves once the process is asked to stop (SIGTERM/SIGINT); long-running commands await it. */
  stopSignal: AbortSignal;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for `paperboy --help`. */
  summary: string;
  /** e.g. `paperboy ingest [PATH...]` */
  usage: string;
  /** Extra help text shown below the flags. */
  details?: string;
  options?: Record<string, OptionSpec>;
  /** Maximum number of positional arguments (default 0). */
  maxPositionals?: number;
  subcommands?: Command[];
  run?(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}
