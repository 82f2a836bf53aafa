import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from './config/index.ts';
import { createSmtpMailer, enqueueEdition, type Mailer, runDeliveries } from './delivery/index.ts';
import { isIssueMessageId } from './delivery/message-id.ts';
import { type MailCatcher, mountOutboxRoutes, startMailCatcher } from './devmail/index.ts';
import { ingestDigestFile, listDigestFiles } from './ingest/index.ts';
import type { Logger } from './log/create-logger.ts';
import { loadTemplates } from './render/index.ts';
import { createDigestWatcher } from './schedule/digest-watcher.ts';
import { startFetchJob } from './schedule/fetch-job.ts';
import { runScheduleTick } from './schedule/run-schedule-tick.ts';
import { openStore } from './store/index.ts';
import { createWebApp, startWebServer } from './web/index.ts';

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
  const clock = options.clock ?? (() => new Date());
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // Templates compile first: a broken template stops start-up with its name and line, before any send.
  const templates = await loadTemplates();
  const store = await openStore(config.DATABASE_URL);
  const stopController = new AbortController();
  const tasks: ScheduledTask[] = [];
  let catcher: MailCatcher | undefined;
  let mailer: Mailer | undefined;
  let sender: Promise<unknown> | undefined;
  let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
  let fetching: Awaited<ReturnType<typeof startFetchJob>> | undefined;

  const stop = async () => {
    stopController.abort();
    for (const task of tasks) await task.destroy();
    await fetching?.stop();
    await web?.close().catch(() => {});
    await sender?.catch(() => {});
    await mailer?.close();
    await catcher?.close();
    await store.close();
    logger.info({ event: 'paperboy.stopped' }, 'stopped');
  };

  try {
    if (!config.SMTP_URL) {
      let firstIssueSeen = false;
      catcher = await startMailCatcher({
        outbox: store.outbox,
        port: config.DEVMAIL_PORT,
        now: clock,
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
        const r = await ingestDigestFile(store, file, clock());
        logger.info(
          {
            event: r.status === 'error' ? 'digest.failed' : 'digest.ingested',
            file: r.path,
            papers: r.papers,
            error: r.error,
          },
          `initial ingest: ${r.status}`,
        );
      }
    }

    const app = createWebApp({
      store,
      mailer,
      templates,
      config,
      now: clock,
      logger,
      ...(catcher
        ? {
            extraRoutes: (hono, { adminGuard }) =>
              mountOutboxRoutes(hono, { store, newsletterName: config.NEWSLETTER_NAME, guard: adminGuard }),
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
    const deliveryDeps = { store, mailer, config, clock, templates, logger };
    const watcher = createDigestWatcher({ dir: config.DIGESTS_DIR, store, clock, logger });
    const tick = () =>
      runScheduleTick({
        store,
        clock,
        holder,
        maxCatchupHours: config.MAX_CATCHUP_HOURS,
        logger,
        enqueue: async (date, subscriberIds, now) => {
          const result = await enqueueEdition(deliveryDeps, { date, subscriberIds, now });
          return new Set(result.enqueuedSubscriberIds);
        },
      });
    const guarded = (name: string, fn: () => Promise<unknown>) => async () => {
      try {
        await fn();
      } catch (error) {
        // The daemon keeps running: one failed poll or tick is logged and retried on the next.
        logger.error({ event: `${name}.failed`, err: error }, `${name} failed`);
      }
    };
    // The sender starts first: what is already stored goes out while today's papers are fetched.
    if (sending) {
      sender = runDeliveries(deliveryDeps, {
        signal: stopController.signal,
        follow: true,
        pollMs: 1000,
      }).catch((error) => logger.error({ event: 'sender.failed', err: error }, 'sender stopped'));
    }
    // SOURCES set: fetch before the first tick, so the first slots get the fetched papers.
    if (config.SOURCES.length > 0) {
      fetching = await startFetchJob({ config, store, clock, logger, holder, signal: stopController.signal });
    }
    // Catch-up first: slots missed while the process was down go out now, once.
    await guarded('watcher', watcher.poll)();
    await guarded('schedule', tick)();
    tasks.push(
      cron.schedule('*/2 * * * * *', guarded('watcher', watcher.poll), {
        name: 'digest-watcher',
        noOverlap: true,
      }),
    );
    tasks.push(
      cron.schedule('*/15 * * * * *', guarded('schedule', tick), { name: 'scheduler', noOverlap: true }),
    );

    started();
    return { webUrl: web.url, ...(outboxUrl ? { outboxUrl } : {}), smtpUrl, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
