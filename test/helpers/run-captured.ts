import { runCli } from '../../src/cli/run-cli.ts';
import type { SubscriberFields } from '../../src/store/index.ts';

/** An Output that remembers everything written to it. */
export function captureOutput() {
  let text = '';
  return {
    write: (s: string) => {
      text += s;
    },
    get text() {
      return text;
    },
  };
}

/** Runs one `paperboy` invocation in-process with the given environment and a fixed clock. */
export async function runCaptured(
  argv: string[],
  env: Record<string, string> = {},
  now: Date = new Date('2025-03-11T08:00:00Z'),
): Promise<{ code: number; out: string; err: string }> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runCli(argv, { env, stdout, stderr, clock: () => now });
  return { code, out: stdout.text, err: stderr.text };
}

/** A confirmed daily subscriber at 07:00 UTC; override what the test is about. */
export function subscriberFields(
  overrides: Partial<SubscriberFields> & Pick<SubscriberFields, 'email'>,
): SubscriberFields {
  return {
    status: 'confirmed',
    topics: ['conformal prediction'],
    exclude: [],
    breadth: 'balanced',
    maxPapers: 10,
    frequency: 'daily',
    weekday: null,
    hour: 7,
    timezone: 'UTC',
    ...overrides,
  };
}
