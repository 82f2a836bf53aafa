import { describe, expect, it } from 'vitest';
import {
  classifySmtpError,
  computeRetryDelay,
  createSendSummary,
  formatSendSummary,
} from '../../src/delivery/index.ts';

const smtpError = (responseCode: number, command: string, response = `${responseCode} reply`) =>
  Object.assign(new Error(response), { responseCode, command, response });

describe('classifySmtpError', () => {
  it.each([421, 450, 451, 452])('defers %i', (code) => {
    expect(classifySmtpError(smtpError(code, 'RCPT TO'))).toMatchObject({
      outcome: 'deferred',
      suppress: false,
    });
  });

  it.each([550, 551, 553])('fails and suppresses %i on the recipient', (code) => {
    expect(classifySmtpError(smtpError(code, 'RCPT TO'))).toEqual({
      outcome: 'failed',
      suppress: true,
      recipientOnly: true,
      response: `${code} reply`,
    });
  });

  it('fails a 5xx after DATA without suppressing the address (content, not recipient)', () => {
    expect(classifySmtpError(smtpError(554, 'DATA'))).toMatchObject({ outcome: 'failed', suppress: false });
    expect(classifySmtpError(smtpError(550, 'DATA'))).toMatchObject({ outcome: 'failed', suppress: false });
  });

  it('defers dropped connections and timeouts, which carry no reply code', () => {
    const dropped = Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
    expect(classifySmtpError(dropped)).toEqual({
      outcome: 'deferred',
      suppress: false,
      recipientOnly: false,
      response: 'ECONNECTION: Connection closed unexpectedly',
    });
  });
});

describe('computeRetryDelay', () => {
  it('doubles from the base with jitter in [0.5, 1.5) and caps at 12 hours', () => {
    expect(computeRetryDelay(1, 60, () => 0.5)).toBe(60_000);
    expect(computeRetryDelay(3, 60, () => 0.5)).toBe(240_000);
    expect(computeRetryDelay(3, 60, () => 0)).toBe(120_000);
    expect(computeRetryDelay(30, 60, () => 0.5)).toBe(12 * 3600 * 1000);
  });
});

describe('formatSendSummary', () => {
  it('prints the counts and the rate with thousands separators', () => {
    const summary = {
      ...createSendSummary(),
      sent: 9812,
      deferred: 120,
      failed: 3,
      skipped: 65,
      elapsedMs: 12_083,
    };
    expect(formatSendSummary(summary)).toBe('sent 9,812 · deferred 120 · failed 3 · skipped 65 · 812 msg/s');
  });
});
