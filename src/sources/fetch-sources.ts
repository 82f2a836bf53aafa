import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/index.ts';
import { describeSource, type SourceSpec, selectSources } from '../config/source-spec.ts';
import { isCalendarDate, type Paper, type ParseWarning } from '../digest/index.ts';
import { AppError, clipText, isAppError } from '../errors/index.ts';
import type { SourceFetchStatus, Store } from '../store/index.ts';
import { fetchArxiv } from './arxiv-source.ts';
import { digestFilePath, serializeDigest } from './digest-file.ts';
import { fetchFeed } from './feed-source.ts';
import { defaultFetchDate, planFetchDates } from './fetch-dates.ts';
import type { FetchDeps, FetchOptions, FetchReport, SourceFetchResult } from './fetch-types.ts';
import { fetchHfDaily } from './hf-daily-source.ts';
import { type HttpDeps, type HttpGetResult, httpGet, realHttpDeps, type Validators } from './http-get.ts';
import { arxivIntervalMs, createRateGate } from './rate-gate.ts';
import type { SourceFetchContext, SourcePayload } from './source-fetch-context.ts';
import { buildUserAgent } from './user-agent.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

const attemptsPerRequest = 5;
const defaultArxivPageSize = 500;
const catchUpDays = 7;
const lockName = 'fetch';

/**
 * Fetches each configured source for its date(s) and writes one digest file per source and date
 * into DIGESTS_DIR, atomically; the digest watcher (or `paperboy ingest`) stores it like a dropped
 * file. A source and date fetched today is skipped unless `force`; one run at a time across
 * processes (a database lease). Per-source failures are results, not exceptions: the other sources
 * still run.
 */
export async function fetchSources(deps: FetchDeps, options: FetchOptions = {}): Promise<FetchReport> {
  const { config, store } = deps;
  const http: HttpDeps = { ...realHttpDeps, ...deps.http };
  if (config.SOURCES.length === 0) {
    throw new AppError(
      'CONFIG_INVALID',
      'SOURCES is not set, so there is nothing to fetch; e.g. SOURCES=hf-daily,arxiv:cs.LG (see .env.example)',
    );
  }
  const sources = selectSources(config.SOURCES, options.source);
  if (!sources) {
    throw new AppError(
      'USAGE',
      `fetch: no source "${options.source}"; SOURCES has ${config.SOURCES.map((s) => s.name).join(', ')}`,
    );
  }
  const now = deps.clock();
  const today = now.toISOString().slice(0, 10);
  if (options.date !== undefined && (!isCalendarDate(options.date) || options.date > today)) {
    throw new AppError(
      'USAGE',
      `fetch: --date must be a date like ${defaultFetchDate(now)}, not after today (${today}); got "${options.date}"`,
    );
  }
  const defaultDate = defaultFetchDate(now);
  const plan: { source: SourceSpec; date: string }[] = [];
  for (const source of sources) {
    const dates = options.date
      ? [options.date]
      : options.catchUp && source.type !== 'feed'
        ? planFetchDates(await store.sources.lastCompletedDate(source.name), defaultDate, catchUpDays)
        : [defaultDate];
    for (const date of dates) plan.push({ source, date });
  }

  if (!options.dryRun) {
    const leaseMs = (plan.length * (config.FETCH_DEADLINE_SECONDS + 10) + 60) * 1000;
    if (!(await store.schedule.acquireLock(lockName, deps.owner, now, new Date(now.getTime() + leaseMs)))) {
      return { results: [], busy: true };
    }
  }
  try {
    const results: SourceFetchResult[] = [];
    for (const { source, date } of plan) {
      if (deps.signal?.aborted) break;
      results.push(await fetchOne(deps, http, source, date, defaultDate, options));
    }
    return { results };
  } finally {
    if (!options.dryRun) await store.schedule.releaseLock(lockName, deps.owner);
  }
}

async function fetchOne(
  deps: FetchDeps,
  http: HttpDeps,
  source: SourceSpec,
  date: string,
  defaultDate: string,
  options: FetchOptions,
): Promise<SourceFetchResult> {
  const { config, store } = deps;
  const startedAt = deps.clock();
  const result: SourceFetchResult = {
    source: source.name,
    date,
    status: 'failed',
    papers: 0,
    requests: 0,
    bytes: 0,
    warnings: [],
  };
  if (!options.force) {
    const done = await store.sources.findCompletedSince(
      source.name,
      date,
      `${startedAt.toISOString().slice(0, 10)}T00:00:00.000Z`,
    );
    if (done) {
      return {
        ...result,
        status: 'skipped',
        message: `already fetched today at ${done.startedAt.slice(11, 16)} UTC (${done.status}); --force fetches again`,
      };
    }
  }

  const deadlineAt = http.nowMs() + config.FETCH_DEADLINE_SECONDS * 1000;
  const userAgent = buildUserAgent(config.FETCH_CONTACT);
  const gate = createRateGate(store, config.ARXIV_API_URL, arxivIntervalMs, http, deps.signal);
  let fresh: { url: string; validators: Validators } | undefined;
  let firstUrl: string | undefined;
  const ctx: SourceFetchContext = {
    date,
    defaultDate,
    now: startedAt,
    hfDailyUrl: config.HF_DAILY_URL,
    arxivApiUrl: config.ARXIV_API_URL,
    arxivPageSize: deps.arxivPageSize ?? defaultArxivPageSize,
    async get(url, { expect, conditional, rateLimited }): Promise<HttpGetResult> {
      firstUrl ??= url;
      let response: HttpGetResult;
      try {
        response = await httpGet(
          {
            url,
            expect,
            userAgent,
            ...(conditional ? { validators: await store.sources.getValidators(url) } : {}),
            timeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000,
            deadlineAt,
            maxBytes: Math.round(config.FETCH_MAX_MB * 1_000_000),
            attempts: attemptsPerRequest,
            ...(rateLimited ? { beforeAttempt: gate } : {}),
            ...(deps.signal ? { signal: deps.signal } : {}),
          },
          http,
        );
      } catch (error) {
        result.requests += isAppError(error) ? Number(error.details.attempts ?? 0) : 1;
        throw error;
      }
      result.requests += response.attempts;
      if (response.status === 'ok') {
        result.bytes += response.body.byteLength;
        if (conditional) fresh = { url, validators: response.validators };
      }
      return response;
    },
  };

  let payload: SourcePayload;
  try {
    payload = await fetchPayload(ctx, source);
  } catch (error) {
    if (!isAppError(error)) {
      if (!deps.signal?.aborted) throw error;
      result.message = 'stopped before the fetch finished';
    } else {
      result.message = error.message;
      const retryAfterMs = error.details.retryAfterMs;
      if (typeof retryAfterMs === 'number') result.retryAfterMs = retryAfterMs;
    }
    await record(deps, result, startedAt, options);
    return result;
  }

  if (payload.status === 'skipped') return { ...result, status: 'skipped', message: payload.message };
  if (payload.status === 'not-modified') {
    result.status = 'not-modified';
    result.message = 'not modified since the last fetch (HTTP 304)';
  } else {
    result.papers = payload.papers.length;
    result.warnings = payload.warnings;
    if (payload.message) result.message = payload.message;
    if (payload.papers.length === 0) {
      result.status = 'empty';
      result.message ??= `${describeSource(source)} lists no papers for ${date}`;
    } else {
      const file = digestFilePath(config.DIGESTS_DIR, date, source.name);
      const bytes = serializeDigest({
        source: source.name,
        date,
        url: firstUrl ?? '',
        papers: payload.papers,
      });
      result.file = file;
      if (options.dryRun) {
        result.status = 'would-write';
        result.preview = payload.papers;
      } else {
        const existing = await readFile(file).catch(() => undefined);
        if (existing?.equals(bytes)) {
          result.status = 'unchanged';
        } else {
          await writeFileAtomic(file, bytes);
          result.status = 'written';
        }
        await record(deps, result, startedAt, options, createHash('sha256').update(bytes).digest('hex'));
        if (fresh) await store.sources.saveValidators(fresh.url, fresh.validators, deps.clock());
        return result;
      }
    }
  }
  // Validators are kept only once what they stand for is safely on disk (or there was nothing to write).
  if (!options.dryRun && fresh && result.status === 'empty') {
    await store.sources.saveValidators(fresh.url, fresh.validators, deps.clock());
  }
  await record(deps, result, startedAt, options);
  return result;
}

function fetchPayload(ctx: SourceFetchContext, source: SourceSpec): Promise<SourcePayload> {
  switch (source.type) {
    case 'hf-daily':
      return fetchHfDaily(ctx);
    case 'arxiv':
      return fetchArxiv(ctx, source.categories);
    case 'feed':
      return fetchFeed(ctx, source.url);
  }
}

async function record(
  deps: FetchDeps,
  result: SourceFetchResult,
  startedAt: Date,
  options: FetchOptions,
  contentHash?: string,
): Promise<void> {
  if (options.dryRun || result.status === 'skipped' || result.status === 'would-write') return;
  await deps.store.sources.recordFetch({
    source: result.source,
    digest_date: result.date,
    started_at: startedAt.toISOString(),
    finished_at: deps.clock().toISOString(),
    status: result.status,
    papers: result.papers,
    file: result.file ?? null,
    content_hash: contentHash ?? null,
    requests: result.requests,
    bytes: result.bytes,
    // A parser's or server's words about a bad response are stored and shown: keep them short.
    message: result.message ? clipText(result.message, 1_000) : null,
  });
}
