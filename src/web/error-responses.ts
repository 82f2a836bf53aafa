import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../errors/index.ts';

/** The one place where error codes become HTTP statuses. */
export function statusForError(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'TOKEN_INVALID':
    case 'USAGE':
    case 'PROFILE_INVALID':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'CSRF_FAILED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'TOKEN_EXPIRED':
    case 'SUBSCRIBER_INVALID':
      return 410;
    case 'RATE_LIMITED':
      return 429;
    case 'SMTP_FAILED':
    case 'STORE_FAILED':
      return 503;
    default:
      return 500;
  }
}

/** What a person sees for each failure: a title and what to do next, never internals. */
export function describeErrorForPage(
  code: ErrorCode,
  message: string,
): { title: string; paragraphs: string[] } {
  switch (code) {
    case 'TOKEN_INVALID':
      return {
        title: 'This link does not work',
        paragraphs: [
          'The link is incomplete or was changed. Some email programs break long links over two lines: copy the whole link from the email into the address bar.',
        ],
      };
    case 'TOKEN_EXPIRED':
      return {
        title: 'This link has expired',
        paragraphs: [
          `${capitalize(message)}. Subscribe again on the home page to get a fresh confirmation link.`,
        ],
      };
    case 'NOT_FOUND':
      return { title: 'Not found', paragraphs: [`${capitalize(message)}.`] };
    case 'USAGE':
    case 'PROFILE_INVALID':
      return { title: 'Check the request', paragraphs: [`${capitalize(message)}.`] };
    case 'SUBSCRIBER_INVALID':
      return {
        title: 'This address is blocked',
        paragraphs: [
          'Emails to this address bounced or were reported as unwanted, so we no longer send to it. Contact the newsletter operator if this is a mistake.',
        ],
      };
    case 'CSRF_FAILED':
      return {
        title: 'Please send the form again',
        paragraphs: [
          'The form had expired or came from another site. Go back, reload the page and send it again. This form needs cookies enabled.',
        ],
      };
    case 'RATE_LIMITED':
      return { title: 'Too many attempts', paragraphs: ['Please wait a while and try again.'] };
    case 'UNAUTHORIZED':
      return { title: 'Admin access needed', paragraphs: [`${capitalize(message)}.`] };
    case 'SMTP_FAILED':
      return {
        title: 'We could not send email just now',
        paragraphs: ['Our mail server did not accept the message. Please try again in a few minutes.'],
      };
    default:
      return { title: 'Something went wrong', paragraphs: ['Please try again later.'] };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
