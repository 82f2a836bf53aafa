/** What to do with a delivery after the SMTP attempt failed. */
export interface SmtpFailure {
  /** `deferred`: try again later (4xx, dropped connection, timeout). `failed`: never retry (5xx). */
  outcome: 'deferred' | 'failed';
  /** The address itself was refused (550/551/553 on RCPT): suppress it for future editions. */
  suppress: boolean;
  /** A refusal of this recipient alone, which says nothing about the health of the relay. */
  recipientOnly: boolean;
  /** The server's reply, or the transport error, for the ledger's `last_response`. */
  response: string;
}

const badAddressCodes = new Set([550, 551, 553]);

/**
 * Classifies a nodemailer error by the SMTP reply it carries. Errors without a reply code (refused
 * or dropped connections, timeouts, TLS trouble) are transient: the relay may be back in a minute.
 *
 * @example
 * classifySmtpError(Object.assign(new Error('x'), { responseCode: 550, command: 'RCPT TO', response: '550 no such user' }));
 * // { outcome: 'failed', suppress: true, recipientOnly: true, response: '550 no such user' }
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as {
    responseCode?: unknown;
    command?: unknown;
    response?: unknown;
    code?: unknown;
  };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const onRecipient = typeof e.command === 'string' && /^RCPT/i.test(e.command);
  const response =
    typeof e.response === 'string' && e.response !== ''
      ? e.response
      : `${typeof e.code === 'string' ? `${e.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
  if (code !== undefined && code >= 500 && code < 600) {
    return {
      outcome: 'failed',
      suppress: onRecipient && badAddressCodes.has(code),
      recipientOnly: onRecipient,
      response,
    };
  }
  return { outcome: 'deferred', suppress: false, recipientOnly: false, response };
}
