import type { Config } from './config.ts';

/** POSTAL_ADDRESS's default: an example that must never reach a real reader's footer. */
export const examplePostalAddress = 'Paperboy, 1 Example Street, 00000 Example City';

export interface DefaultWarning {
  /** The variable to set. */
  variable: 'POSTAL_ADDRESS' | 'MAIL_FROM';
  message: string;
}

/**
 * True when SMTP_URL names a relay on another machine, so mail reaches real inboxes. A relay on this
 * machine (a local catcher or a test server) is not one.
 *
 * @example isRemoteRelay('smtps://smtp.example.org:465') // true
 */
export function isRemoteRelay(smtpUrl: string | undefined): boolean {
  if (!smtpUrl) return false;
  let host: string;
  try {
    host = new URL(smtpUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return !(
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Example values still in place where real mail goes out: the example postal address (in
 * production, or through a real relay) and a sender at `@localhost` through a real relay, which
 * receivers reject or file as spam. Start-up logs each one; none stops the process.
 *
 * @example listDefaultWarnings(config).map((w) => w.variable) // ['POSTAL_ADDRESS']
 */
export function listDefaultWarnings(
  config: Pick<Config, 'NODE_ENV' | 'SMTP_URL' | 'POSTAL_ADDRESS' | 'MAIL_FROM'>,
): DefaultWarning[] {
  const warnings: DefaultWarning[] = [];
  const remote = isRemoteRelay(config.SMTP_URL);
  const relay = remote ? ` (${new URL(config.SMTP_URL as string).hostname})` : '';
  if (config.POSTAL_ADDRESS === examplePostalAddress && (remote || config.NODE_ENV === 'production')) {
    warnings.push({
      variable: 'POSTAL_ADDRESS',
      message: `POSTAL_ADDRESS is still the example "${examplePostalAddress}": every email's footer shows it, and bulk-mail laws (CAN-SPAM and others) ask for your real postal address. Set POSTAL_ADDRESS.`,
    });
  }
  if (remote && /@localhost>?\s*$/i.test(config.MAIL_FROM)) {
    warnings.push({
      variable: 'MAIL_FROM',
      message: `MAIL_FROM is "${config.MAIL_FROM}" while SMTP_URL is a real relay${relay}: receivers reject or file as spam mail from @localhost. Set MAIL_FROM to an address of your own domain.`,
    });
  }
  return warnings;
}

/** Logs each of `listDefaultWarnings` as a `config.example_value` event; processes that send call it at start. */
export function logDefaultWarnings(
  logger: { warn(details: object, message: string): void },
  config: Parameters<typeof listDefaultWarnings>[0],
): void {
  for (const warning of listDefaultWarnings(config)) {
    logger.warn({ event: 'config.example_value', variable: warning.variable }, warning.message);
  }
}
