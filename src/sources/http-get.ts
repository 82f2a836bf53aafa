import { setTimeout as delay } from 'node:timers/promises';
import { computeRetryDelay } from '../delivery/compute-retry-delay.ts';
import { AppError } from '../errors/index.ts';
import { checkContent, checkContentType } from './check-content.ts';
import { parseRetryAfter } from './parse-retry-after.ts';

export type BodyKind = 'json' | 'xml';

/** What the client needs from the outside world; tests replace the clock and the waits. */
export interface HttpDeps {
  fetch: typeof globalThis.fetch;
  /** Epoch ms; drives the deadline and the arXiv rate rule. */
  nowMs: () => number;
  /** Waits between attempts (backoff, Retry-After) and for the rate rule. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export const realHttpDeps: HttpDeps = {
  fetch: (input, init) => globalThis.fetch(input, init),
  nowMs: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
  random: Math.random,
};

export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export interface HttpGetRequest {
  url: string;
  expect: BodyKind;
  userAgent: string;
  /** Sent as If-None-Match / If-Modified-Since; a 304 then means "nothing new". */
  validators?: Validators;
  /** One attempt, from request to last body byte. */
  timeoutMs: number;
  /** No attempt starts, and no wait runs, past this instant (epoch ms, `nowMs` clock). */
  deadlineAt: number;
  maxBytes: number;
  attempts: number;
  /** Runs before every attempt, retries included: the place for a host's rate rule. */
  beforeAttempt?: () => Promise<void>;
  /** Stops everything at once (daemon shutdown); not retried. */
  signal?: AbortSignal;
}

export type HttpGetResult =
  | { status: 'not-modified'; attempts: number }
  | {
      status: 'ok';
      body: Uint8Array;
      contentType: string;
      validators: Validators;
      attempts: number;
    };

/** First retry after about a second, then 2, 4, 8 s (each ×0.5–1.5), unless the server says otherwise. */
const backoffBaseSeconds = 1;

interface Retryable {
  message: string;
  retryAfterMs?: number;
}

/**
 * GET with the manners a shared public API deserves: a timeout per attempt and an overall deadline,
 * conditional requests, retries with exponential backoff and jitter on network errors, timeouts,
 * truncated bodies, 429 and 5xx (honouring Retry-After), none on other 4xx, a size cap that is
 * checked before and while reading, and a content-type and content check.
 * Throws AppError FETCH_FAILED (no usable response) or FETCH_INVALID (a response that is not the
 * expected JSON or XML); `details.attempts` counts the requests made.
 */
export async function httpGet(request: HttpGetRequest, deps: HttpDeps): Promise<HttpGetResult> {
  let last: Retryable | undefined;
  for (let attempt = 1; attempt <= request.attempts; attempt++) {
    if (last) {
      const wait = last.retryAfterMs ?? computeRetryDelay(attempt - 1, backoffBaseSeconds, deps.random);
      if (deps.nowMs() + wait > request.deadlineAt) {
        throw fetchFailed(
          request,
          `${last.message}; the next attempt (in ${formatSeconds(wait)}${last.retryAfterMs !== undefined ? ', from Retry-After' : ''}) would pass the deadline`,
          attempt - 1,
          last.retryAfterMs,
        );
      }
      await deps.sleep(wait, request.signal);
    }
    await request.beforeAttempt?.();
    const remaining = request.deadlineAt - deps.nowMs();
    if (remaining <= 0) {
      throw fetchFailed(request, `${last ? `${last.message}; ` : ''}the deadline passed`, attempt - 1);
    }
    const outcome = await attemptOnce(request, deps, Math.min(request.timeoutMs, remaining), attempt);
    if ('status' in outcome) return outcome;
    last = outcome;
  }
  const final = last as Retryable;
  throw fetchFailed(
    request,
    `${final.message} (${request.attempts} attempts)`,
    request.attempts,
    final.retryAfterMs,
  );
}

async function attemptOnce(
  request: HttpGetRequest,
  deps: HttpDeps,
  timeoutMs: number,
  attempt: number,
): Promise<HttpGetResult | Retryable> {
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)));
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const timedOut = `no complete response within ${formatSeconds(timeoutMs)}`;
  let response: Response;
  try {
    response = await deps.fetch(request.url, {
      headers: requestHeaders(request),
      signal,
      redirect: 'follow',
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    return { message: timeout.aborted ? timedOut : describeNetworkError(error) };
  }

  if (response.status === 304) {
    await discard(response);
    return { status: 'not-modified', attempts: attempt };
  }
  if (response.status === 429 || response.status >= 500) {
    await discard(response);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.nowMs());
    return {
      message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (response.status < 200 || response.status > 299) {
    // Other 4xx (and redirects that could not be followed) will not change by asking again.
    const detail = await readErrorDetail(response);
    throw new AppError(
      'FETCH_FAILED',
      `GET ${request.url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail ? `: ${detail}` : ''} (not retried)`,
      { details: { url: request.url, status: response.status, attempts: attempt } },
    );
  }

  const contentType = response.headers.get('content-type') ?? '';
  const typeProblem = checkContentType(contentType, request.expect);
  if (typeProblem) {
    await discard(response);
    throw fetchInvalid(request, typeProblem, attempt);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > request.maxBytes) {
    await discard(response);
    throw fetchInvalid(
      request,
      `the response is ${formatBytes(declared)} (Content-Length), over the ${formatBytes(request.maxBytes)} cap (FETCH_MAX_MB)`,
      attempt,
    );
  }
  let body: Uint8Array;
  try {
    body = await readBody(response, request.maxBytes);
  } catch (error) {
    if (error instanceof AppError) throw fetchInvalid(request, error.message, attempt);
    if (request.signal?.aborted) throw error;
    if (timeout.aborted) return { message: timedOut };
    const received = (error as { received?: number }).received ?? 0;
    return {
      message: `the response was cut off after ${formatBytes(received)}${Number.isFinite(declared) ? ` of ${formatBytes(declared)}` : ''}`,
    };
  }
  // Without content coding, Content-Length is the body length: fewer bytes means a cut-off body.
  if (Number.isFinite(declared) && !response.headers.get('content-encoding') && body.byteLength < declared) {
    return {
      message: `the response was cut off after ${formatBytes(body.byteLength)} of ${formatBytes(declared)}`,
    };
  }
  const contentProblem = checkContent(body, request.expect);
  if (contentProblem) throw fetchInvalid(request, contentProblem, attempt);
  return {
    status: 'ok',
    body,
    contentType,
    validators: {
      ...(response.headers.get('etag') ? { etag: response.headers.get('etag') as string } : {}),
      ...(response.headers.get('last-modified')
        ? { lastModified: response.headers.get('last-modified') as string }
        : {}),
    },
    attempts: attempt,
  };
}

function requestHeaders(request: HttpGetRequest): Record<string, string> {
  return {
    'user-agent': request.userAgent,
    accept:
      request.expect === 'json'
        ? 'application/json'
        : 'application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8',
    ...(request.validators?.etag ? { 'if-none-match': request.validators.etag } : {}),
    ...(request.validators?.lastModified ? { 'if-modified-since': request.validators.lastModified } : {}),
  };
}

/** Reads the body, refusing to hold more than `maxBytes`; the error of a cut-off body carries `received`. */
async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new AppError(
          'FETCH_INVALID',
          `the response grew past the ${formatBytes(maxBytes)} cap (FETCH_MAX_MB)`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw Object.assign(new Error((error as Error).message, { cause: error }), { received });
  }
  return Buffer.concat(chunks);
}

/** A short reason from an error body: HF's `{"error": …}` or an arXiv API error entry's summary. */
async function readErrorDetail(response: Response): Promise<string | undefined> {
  let text = '';
  try {
    const reader = response.body?.getReader();
    if (!reader) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < 4096) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
    await reader.cancel().catch(() => {});
    text = Buffer.concat(chunks).toString('utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
  const reason =
    /"error"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1] ??
    /<summary[^>]*>([^<]{1,300})<\/summary>/.exec(text)?.[1];
  return reason?.replace(/\s+/g, ' ').trim();
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ? `${cause.code}: ` : '';
  return `network error (${code}${cause?.message ?? (error as Error).message})`;
}

function fetchFailed(
  request: HttpGetRequest,
  message: string,
  attempts: number,
  retryAfterMs?: number,
): AppError {
  return new AppError('FETCH_FAILED', `GET ${request.url}: ${message}`, {
    details: { url: request.url, attempts, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  });
}

function fetchInvalid(request: HttpGetRequest, message: string, attempts: number): AppError {
  return new AppError('FETCH_INVALID', `GET ${request.url}: ${message}`, {
    details: { url: request.url, attempts },
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
