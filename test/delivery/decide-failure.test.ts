import { describe, expect, it } from 'vitest';
import type { SmtpFailure } from '../../src/delivery/classify-smtp-error.ts';
import { decideFailure, findSkipReason } from '../../src/delivery/decide-failure.ts';
import type { Recipient } from '../../src/store/index.ts';

const temporary: SmtpFailure = {
  outcome: 'deferred',
  suppress: false,
  recipientOnly: false,
  response: '421 busy',
};
const busyMailbox: SmtpFailure = {
  outcome: 'deferred',
  suppress: false,
  recipientOnly: true,
  response: '452 full',
};
const permanent: SmtpFailure = {
  outcome: 'failed',
  suppress: false,
  recipientOnly: false,
  response: '554 rejected',
};
const badAddress: SmtpFailure = {
  outcome: 'failed',
  suppress: true,
  recipientOnly: true,
  response: '550 no user',
};
const limits = { maxAttempts: 8, maxConsecutiveErrors: 3 };

describe('decideFailure', () => {
  it.each([
    // failure, attempts, errors before, paused before → outcome, response, suppress, pause, errors after
    [
      'a 4xx before the last attempt is retried',
      temporary,
      1,
      0,
      false,
      'deferred',
      '421 busy',
      false,
      false,
      1,
    ],
    [
      'a 4xx on the last attempt gives up',
      temporary,
      8,
      0,
      false,
      'failed',
      'gave up after 8 attempts: 421 busy',
      false,
      false,
      1,
    ],
    [
      'a 4xx past the last attempt gives up',
      temporary,
      9,
      0,
      false,
      'failed',
      'gave up after 9 attempts: 421 busy',
      false,
      false,
      1,
    ],
    ['a 5xx fails at once', permanent, 1, 0, false, 'failed', '554 rejected', false, false, 1],
    ['a 550 on RCPT fails and suppresses', badAddress, 1, 0, false, 'failed', '550 no user', true, false, 0],
    [
      'a bad address does not count toward a pause',
      badAddress,
      1,
      2,
      false,
      'failed',
      '550 no user',
      true,
      false,
      2,
    ],
    [
      'a full mailbox (4xx on RCPT) is retried and not counted',
      busyMailbox,
      1,
      2,
      false,
      'deferred',
      '452 full',
      false,
      false,
      2,
    ],
    [
      'the error that reaches the limit pauses',
      temporary,
      1,
      2,
      false,
      'deferred',
      '421 busy',
      false,
      true,
      3,
    ],
    ['a 5xx can pause too', permanent, 1, 2, false, 'failed', '554 rejected', false, true, 3],
    ['a paused run does not pause again', temporary, 1, 3, true, 'deferred', '421 busy', false, false, 4],
  ] as const)(
    '%s',
    (_name, failure, attempts, errorsBefore, pausedBefore, outcome, response, suppress, pause, errorsAfter) => {
      const decision = decideFailure(
        failure,
        attempts,
        { consecutiveErrors: errorsBefore, paused: pausedBefore },
        limits,
      );
      expect(decision).toEqual({
        outcome,
        response,
        suppress,
        pause,
        next: { consecutiveErrors: errorsAfter, paused: pausedBefore || pause },
      });
    },
  );
});

describe('findSkipReason', () => {
  const confirmed: Recipient = {
    id: 1,
    publicId: 'p',
    email: 'a@example.org',
    status: 'confirmed',
    topics: [],
    timezone: 'UTC',
    suppressed: false,
  };
  it.each([
    ['a confirmed subscriber is sent', confirmed, undefined],
    ['a removed subscriber is skipped', undefined, 'subscriber removed'],
    [
      'a suppressed address is skipped, whatever its status',
      { ...confirmed, suppressed: true },
      'suppressed',
    ],
    ['an unsubscribed reader is skipped', { ...confirmed, status: 'unsubscribed' }, 'unsubscribed'],
    ['a paused reader is skipped', { ...confirmed, status: 'paused' }, 'paused'],
  ] as const)('%s', (_name, recipient, reason) => {
    expect(findSkipReason(recipient)).toBe(reason);
  });
});
