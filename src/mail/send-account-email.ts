import type Mail from 'nodemailer/lib/mailer/index.js';
import { AppError } from '../errors/index.ts';
import type { Mailer } from './mailer.ts';

/**
 * Sends an account email (confirmation, welcome) while a person waits on the page: a failure
 * becomes one clear error code (SMTP_FAILED, HTTP 503) instead of a transport exception.
 */
export async function sendAccountEmail(mailer: Mailer, message: Mail.Options): Promise<void> {
  try {
    await mailer.send(message);
  } catch (cause) {
    throw new AppError('SMTP_FAILED', `cannot send email: ${(cause as Error).message}`, { cause });
  }
}
