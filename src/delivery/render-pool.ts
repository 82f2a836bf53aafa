import { Worker } from 'node:worker_threads';
import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import type { RawMessage } from '../mail/index.ts';
import type { IssueMessageInput } from './build-issue-message.ts';

/** One issue to build: everything but the config and templates, which each thread holds. */
export type IssueJob = Omit<IssueMessageInput, 'config' | 'templates'>;

export interface RenderRequest {
  id: number;
  job: IssueJob;
}

export type RenderReply =
  | { id: number; envelope: RawMessage['envelope']; messageId: string; raw: ArrayBuffer }
  | { id: number; error: string };

/** Builds issues' MIME bytes somewhere other than the caller's thread. */
export interface IssueRenderer {
  build(job: IssueJob): Promise<RawMessage>;
  close(): Promise<void>;
}

/**
 * RENDER_THREADS worker threads that render issues and build their MIME bytes, so a large send
 * keeps the main thread (SMTP, ledger, and in `npm start` the web app) free. Threads start on the
 * first job and load the default templates themselves; jobs go to the thread with the fewest
 * pending. A thread that dies fails its pending jobs with RENDER_THREAD_LOST (their deliveries are
 * deferred and retried) and is replaced on the next job.
 *
 * @example
 * const renderer = createRenderPool({ config, threads: config.RENDER_THREADS });
 * await runDeliveries({ ...deps, renderer });
 * await renderer.close();
 */
export function createRenderPool(options: { config: Config; threads: number }): IssueRenderer {
  interface Thread {
    worker: Worker;
    pending: Map<number, { done: (m: RawMessage) => void; fail: (e: unknown) => void }>;
  }
  const threads: (Thread | undefined)[] = Array.from({ length: Math.max(1, options.threads) });
  let nextId = 0;
  let closed = false;

  function startThread(slot: number): Thread {
    const worker = startWorker({ config: options.config });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: RenderReply | { ready: true }) => {
      if (!('id' in reply)) return;
      const waiter = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) worker.unref();
      if (!waiter) return;
      if ('error' in reply) waiter.fail(new Error(reply.error));
      else waiter.done({ envelope: reply.envelope, messageId: reply.messageId, raw: Buffer.from(reply.raw) });
    });
    // The issue itself may be fine: its delivery is retried, not failed (see runDeliveries).
    const lose = (cause: unknown) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      const error = new AppError('RENDER_THREAD_LOST', `render thread stopped: ${String(cause)}`, { cause });
      for (const waiter of thread.pending.values()) waiter.fail(error);
      thread.pending.clear();
    };
    worker.on('error', lose);
    worker.on('exit', (code) => lose(`exit code ${code}`));
    // An idle pool must not keep the process alive; a thread with work does (see build).
    worker.unref();
    threads[slot] = thread;
    return thread;
  }

  function pickThread(): Thread {
    let best: Thread | undefined;
    for (let slot = 0; slot < threads.length; slot++) {
      const thread = threads[slot] ?? startThread(slot);
      if (!best || thread.pending.size < best.pending.size) best = thread;
    }
    return best as Thread;
  }

  return {
    build(job) {
      if (closed) return Promise.reject(new Error('render pool is closed'));
      const thread = pickThread();
      const id = nextId++;
      return new Promise<RawMessage>((done, fail) => {
        thread.pending.set(id, { done, fail });
        if (thread.pending.size === 1) thread.worker.ref();
        thread.worker.postMessage({ id, job } satisfies RenderRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t?.worker.terminate()));
    },
  };
}

/** The render pool RENDER_THREADS asks for, or undefined for 0 (render on the main thread). */
export function createConfiguredRenderer(config: Config): IssueRenderer | undefined {
  return config.RENDER_THREADS > 0 ? createRenderPool({ config, threads: config.RENDER_THREADS }) : undefined;
}

/**
 * A render thread's heap stays small: it holds one issue at a time, and V8's default young
 * generation alone would add tens of MB of RSS per thread.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };

function startWorker(workerData: { config: Config }): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./render-worker.js', import.meta.url), { workerData, resourceLimits });
  }
  // Under tsx (tests, benches) the worker is TypeScript too; a thread does not inherit tsx's loader,
  // so it registers it before importing the worker.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}
