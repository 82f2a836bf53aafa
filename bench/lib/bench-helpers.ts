/** What several benches share: the machine's load beside their figures, and the naive send loop. */
import { loadavg } from 'node:os';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { SmtpMailer } from '../../src/mail/index.ts';

/** The 1, 5 and 15 minute load averages: other work on the machine slows every figure. */
export function formatLoad(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/**
 * The naive way to send, the reference the engine is measured against: ready-made messages over
 * one pool, with as many in flight as the engine keeps (two per connection). Returns msg/s.
 */
export async function sendPlainLoop(
  mailer: SmtpMailer,
  { count, poolSize, message }: { count: number; poolSize: number; message: (i: number) => Mail.Options },
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: poolSize * 2 }, async () => {
      while (next < count) await mailer.send(message(next++));
    }),
  );
  return (count * 1000) / (performance.now() - started);
}
