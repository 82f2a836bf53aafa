import { existsSync } from 'node:fs';
import { type Config, logDefaultWarnings } from './config/index.ts';
import {
  createConfiguredRenderer,
  createLeaseOwner,
  enqueueEdition,
  type IssueRenderer,
  type MatcherCache,
  runDeliveries,
} from './delivery/index.ts';
import type { MailCatcher } from './devmail/index.ts';
import { ingestDigestFile, listDigestFiles } from './ingest/index.ts';
import type { Logger } from './log/create-logger.ts';
import { createSmtpMailer, isIssueMessageId, type Mailer } from './mail/index.ts';
import { loadTemplates } from './render/index.ts';
import { type DaemonJob, type RunningJobs, runDaemonJob, startDaemonJobs } from './schedule/daemon-jobs.ts';
import { createDigestWatcher, logIngestResult } from './schedule/digest-watcher.ts';
import { createFetchJob, listFetchDaemonJobs } from './schedule/fetch-job.ts';
import { runScheduleTick } from './schedule/run-schedule-tick.ts';
import { openStore } from './store/index.ts';
import { createSignupQueue, type SignupQueue } from './subscribers/index.ts';
import { createWebApp, startWebServer } from './web/index.ts';

/** How often the sign-up queue is checked for retries and for requests a crashed process left. */
const signupPollMs = 5000;

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Leave sending to `paperboy worker` processes (PostgreSQL deployments). */
  send?: boolean;
  /** Run the digest watcher and the scheduler (false for `paperboy serve`: web app only). */
  schedule?: boolean;
}

export interface RunningPaperboy {
  webUrl: string;
  outboxUrl?: string;
  smtpUrl: string;
  /** Stops taking new work, lets in-flight messages finish, closes everything. */
  stop(): Promise<void>;
}

/**
 * The composition root behind `paperboy start`: the web app, the digest watcher, the scheduler,
 * an in-process sender and, when no SMTP_URL is configured, the built-in mail catcher.
 */
export async function startPaperboy(options: StartOptions): Promise<RunningPaperboy> {
  const { config, logger } = options;
  logDefaultWarnings(logger, config);
  const clock = options.clock ?? (() => new Date());
  const owner = createLeaseOwner();
  // Templates compile first: a broken template stops start-up with its name and line, before any send.
  const templates = await loadTemplates();
  const store = await openStore(config.DATABASE_URL);
  const stopController = new AbortController();
  let jobs: RunningJobs | undefined;
  let catcher: MailCatcher | undefined;
  let mailer: Mailer | undefined;
  let sender: Promise<unknown> | undefined;
  let renderer: IssueRenderer | undefined;
  let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
  let fetchJob: ReturnType<typeof createFetchJob> | undefined;
  let signups: SignupQueue | undefined;
  let signupTimer: NodeJS.Timeout | undefined;

  const stop = async () => {
    stopController.abort();
    await jobs?.stop();
    // No tick runs here any more: hand the scheduler lease back, so a restart (or another process)
    // schedules at once instead of waiting for this lease to expire.
    if (jobs) await store.schedule.releaseLock('scheduler', owner).catch(() => {});
    await fetchJob?.idle();
    await web?.close().catch(() => {});
    clearInterval(signupTimer);
    // Confirmations being mailed finish before the mailer closes; what is left stays queued for the next start.
    await signups?.idle();
    await sender?.catch(() => {});
    await renderer?.close();
    await mailer?.close();
    await catcher?.close();
    await store.close();
    logger.info({ event: 'paperboy.stopped' }, 'stopped');
  };

  try {
    // The mail catcher (smtp-server, and mailparser for the outbox pages) is loaded only when it
    // runs: with SMTP_URL set, an idle process is 6-8 MB smaller without it.
    const devmail = config.SMTP_URL ? undefined : await import('./devmail/index.ts');
    if (devmail) {
      let firstIssueSeen = false;
      catcher = await devmail.startMailCatcher({
        outbox: store.outbox,
        port: config.DEVMAIL_PORT,
        clock,
        onMessage: (m) => {
          logger.info({ event: 'outbox.received', id: m.id, to: m.to, subject: m.subject }, 'message caught');
          if (firstIssueSeen || !isIssueMessageId(m.messageId)) return;
          firstIssueSeen = true;
          // The quick start's promise is "your first issue within seconds": say how many it took.
          const sinceStartMs = Math.round(performance.now());
          logger.info(
            { event: 'outbox.first_issue', sinceStartMs, to: m.to },
            `first issue in the outbox ${(sinceStartMs / 1000).toFixed(1)} s after start`,
          );
        },
      });
    }
    const smtpUrl = config.SMTP_URL ?? (catcher as MailCatcher).url;
    mailer = createSmtpMailer(config, smtpUrl);

    // First start on an empty database: ingest what is already in the digest folder.
    if ((await store.papers.countPapers()) === 0) {
      const { files } = await listDigestFiles([config.DIGESTS_DIR]);
      for (const file of files) {
        logIngestResult(logger, await ingestDigestFile(store, file, clock()), 'initial ingest: ok');
      }
    }

    // Sign-up requests are mailed by this process, the one that serves the form: at once after each
    // request, and every few seconds for retries and for requests a crash left behind.
    signups = createSignupQueue({ store, mailer, templates, config, clock, logger });
    const queue = signups;
    signupTimer = setInterval(() => queue.kick(), signupPollMs);
    queue.kick();
    const app = createWebApp({
      store,
      mailer,
      templates,
      config,
      clock,
      logger,
      signups,
      ...(devmail
        ? {
            extraRoutes: (hono, { adminGuard }) =>
              devmail.mountOutboxRoutes(hono, {
                store,
                newsletterName: config.NEWSLETTER_NAME,
                guard: adminGuard,
              }),
          }
        : {}),
    });
    web = await startWebServer(app, { host: config.HOST, port: config.PORT });

    const outboxUrl = catcher ? `${config.PUBLIC_URL}/outbox` : undefined;
    const background = options.schedule !== false;
    const sending = background && options.send !== false;
    const started = () =>
      logger.info(
        {
          event: 'paperboy.started',
          web: config.PUBLIC_URL,
          listening: web?.url,
          outbox: outboxUrl,
          smtp: catcher ? catcher.url : 'SMTP_URL',
          scheduling: background,
          sending,
          readyMs: Math.round(performance.now()),
        },
        `Paperboy is running (ready in ${(performance.now() / 1000).toFixed(1)} s): open ${config.PUBLIC_URL}${outboxUrl ? ` — emails land in ${outboxUrl}` : ''}`,
      );
    if (!background) {
      started();
      return { webUrl: web.url, ...(outboxUrl ? { outboxUrl } : {}), smtpUrl, stop };
    }

    if (!existsSync(config.DIGESTS_DIR)) {
      logger.warn(
        { event: 'digest.folder_missing', dir: config.DIGESTS_DIR },
        'DIGESTS_DIR does not exist yet; it is watched and used once created',
      );
    }
    renderer = sending ? createConfiguredRenderer(config) : undefined;
    const deliveryDeps = {
      store,
      mailer,
      config,
      clock,
      templates,
      logger,
      ...(renderer ? { renderer } : {}),
    };
    const watcher = createDigestWatcher({ dir: config.DIGESTS_DIR, store, clock, logger });
    const tick = () => {
      // One matcher per paper window for the whole tick, not one per page of due subscribers.
      const matchers: MatcherCache = new Map();
      return runScheduleTick({
        store,
        clock,
        owner,
        maxCatchupHours: config.MAX_CATCHUP_HOURS,
        logger,
        enqueue: async (date, subscriberIds, now) => {
          const result = await enqueueEdition(deliveryDeps, { date, subscriberIds, now, matchers });
          return new Set(result.enqueuedSubscriberIds);
        },
      });
    };
    // The sender starts first: what is already stored goes out while today's papers are fetched.
    if (sending) {
      sender = runDeliveries(deliveryDeps, {
        signal: stopController.signal,
        follow: true,
        pollMs: 1000,
      }).catch((error) => logger.error({ event: 'sender.failed', err: error }, 'sender stopped'));
    }
    // The daemon's recurring work; a calendar job is one more entry with `cron` (and a time zone).
    const daemonJobs: DaemonJob[] = [
      { name: 'watcher', everyMs: 2000, run: watcher.poll },
      { name: 'schedule', everyMs: 15_000, run: tick },
    ];
    // SOURCES set: fetch before the first tick, so the first slots get the fetched papers.
    if (config.SOURCES.length > 0) {
      fetchJob = createFetchJob({
        config,
        store,
        clock,
        logger,
        owner,
        signal: stopController.signal,
      });
      await fetchJob.run('start');
      daemonJobs.push(...listFetchDaemonJobs(fetchJob, config));
    }
    // Catch-up first: the polls run once now, so slots missed while the process was down go out at once.
    for (const job of daemonJobs) if ('everyMs' in job) await runDaemonJob(job, logger);
    jobs = startDaemonJobs(daemonJobs, logger);

    started();
    return { webUrl: web.url, ...(outboxUrl ? { outboxUrl } : {}), smtpUrl, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
