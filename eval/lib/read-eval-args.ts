/**
 * The command line of an eval script. `--help` prints the usage and runs nothing, and an unknown
 * flag is an error: an eval that ran on any argument it did not know once spent a holdout look
 * (`eval:match --help` ran every set, holdout included).
 */
import { parseArgs } from 'node:util';

export interface EvalArgs {
  showHoldout: boolean;
  /** A judgments file to score instead of the shipped sets (eval:match only). */
  file?: string;
}

const options = { 'no-holdout': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function parse(usage: string, maxPositionals: number) {
  try {
    const parsed = parseArgs({ options, allowPositionals: true });
    if (parsed.positionals.length > maxPositionals) throw new Error('too many arguments');
    return parsed;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

export function readEvalArgs(usage: string, { allowFile = false } = {}): EvalArgs {
  const { values, positionals } = parse(usage, allowFile ? 1 : 0);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const [file] = positionals;
  return { showHoldout: values['no-holdout'] !== true, ...(file ? { file } : {}) };
}
