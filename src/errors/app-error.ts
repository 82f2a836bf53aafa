/**
 * The one error type of the application. Every code has a sentence of help so the
 * CLI, the web app and the scheduler can explain a failure the same way.
 */
export const errorCodes = {
  CONFIG_INVALID: 'The environment configuration is invalid; see the listed variables.',
  DIGEST_EMPTY: 'The digest file is empty.',
  DIGEST_BINARY: 'The digest file is not UTF-8 text (binary or another encoding).',
  DIGEST_MALFORMED: 'The digest file could not be parsed.',
  DIGEST_NO_PAPERS: 'The digest file contains no papers.',
  DIGEST_NO_DATE: 'The digest date could not be determined.',
  DIGEST_TOO_COSTLY:
    'Parsing the digest file went over its time or memory limit (a hostile or broken file); it was skipped.',
  FILE_UNREADABLE: 'A file could not be read.',
  STORE_FAILED: 'The database operation failed.',
  PROFILE_INVALID: 'The subscriber profile is invalid.',
  TEMPLATE_INVALID: 'An email template failed to compile or validate.',
  RENDER_FAILED: 'An email could not be rendered.',
  RENDER_THREAD_LOST: 'A render thread stopped before it finished an issue; the delivery is retried later.',
  USAGE: 'The command line was not understood.',
  NOT_FOUND: 'The requested item does not exist.',
  TOKEN_INVALID: 'The link token is invalid, tampered with, or for another purpose.',
  TOKEN_EXPIRED: 'The link token has expired.',
  RATE_LIMITED: 'Too many requests; try again later.',
  SUBSCRIBER_INVALID: 'The subscriber data is invalid.',
  CSRF_FAILED:
    'The form could not be verified (an old page or a request from another site); reload it and try again.',
  UNAUTHORIZED: 'This page needs the admin token (ADMIN_TOKEN) as HTTP basic password or bearer token.',
  SMTP_FAILED: 'The SMTP server rejected or dropped the message.',
  SEND_PAUSED: 'The send run paused after too many consecutive errors.',
  FETCH_FAILED:
    'A source could not be fetched (network error, timeout or HTTP error); it is retried on the next run.',
  FETCH_INVALID:
    'A source answered with something that is not a digest (wrong content type, too large, truncated or unparsable).',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra structured facts (file, line, field…) for logs and JSON output. */
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
  }

  get help(): string {
    return errorCodes[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
