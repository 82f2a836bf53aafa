import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DigestInput, ParsedDigest } from '../digest/index.ts';
import { AppError } from '../errors/index.ts';
import type { ParseReply, ParseRequest } from './parse-messages.ts';

/** Parses a digest somewhere: in this thread (`parseDigest`) or in a worker thread. */
export type DigestParser = (input: DigestInput) => Promise<ParsedDigest>;

export interface OffThreadParser {
  parse: DigestParser;
  /** Stops the worker (a parse in progress is rejected). */
  close(): Promise<void>;
}

export interface OffThreadParserOptions {
  /**
   * Longest one parse may take before the worker is stopped and the file is DIGEST_TOO_COSTLY.
   * The parsers are linear, so a 20 MB digest takes seconds (`npm run bench:ingest-hostile`); this
   * only ends what no real digest does.
   */
  timeoutMs?: number;
  /** Heap of the worker; a digest that needs more is DIGEST_TOO_COSTLY instead of exhausting the process. */
  maxMemoryMb?: number;
}

const defaults = { timeoutMs: 60_000, maxMemoryMb: 1024 };

/**
 * A digest parser that runs `parseDigest` in one worker thread, one file at a time. The main thread
 * (web app, scheduler, sender) never waits on a parse: a 20 MB or hostile digest costs it nothing
 * but the copy of the bytes. The worker starts on first use and does not keep the process alive
 * while idle.
 *
 * @example
 * const parser = createOffThreadParser();
 * const parsed = await parser.parse({ bytes, fileName: 'seeds/2025-03-11.json', now: new Date() });
 */
export function createOffThreadParser(options: OffThreadParserOptions = {}): OffThreadParser {
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const maxMemoryMb = options.maxMemoryMb ?? defaults.maxMemoryMb;
  let worker: Worker | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  /** Forgets a worker that ended; errors outside a parse (none are expected) must not crash the process. */
  function track(started: Worker): Worker {
    started.on('error', () => undefined);
    started.on('exit', () => {
      if (worker === started) worker = undefined;
    });
    return started;
  }

  function run(input: DigestInput): Promise<ParsedDigest> {
    worker ??= track(startWorker(maxMemoryMb));
    const current = worker;
    const { bytes, ...rest } = input;
    // A copy that can be transferred: the caller's buffer may be a slice of a shared pool.
    const transfer = bytes ? new Uint8Array(bytes).buffer : undefined;
    const request: ParseRequest = { id: nextId++, input: rest, ...(transfer ? { bytes: transfer } : {}) };
    return new Promise<ParsedDigest>((resolve, reject) => {
      const fail = (error: Error) => {
        done();
        if (worker === current) worker = undefined;
        void current.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new AppError(
              'DIGEST_TOO_COSTLY',
              `${input.fileName}: parsing took longer than ${Math.round(timeoutMs / 1000)} s; skipped`,
              { details: { file: input.fileName, timeoutMs } },
            ),
          ),
        timeoutMs,
      );
      const onMessage = (reply: ParseReply) => {
        if (reply.id !== request.id) return;
        done();
        if ('parsed' in reply) resolve(reply.parsed);
        else reject(new AppError(reply.error.code, reply.error.message, { details: reply.error.details }));
      };
      const onError = (error: Error & { code?: string }) =>
        fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(
                'DIGEST_TOO_COSTLY',
                `${input.fileName}: parsing needed more than ${maxMemoryMb} MB of memory; skipped`,
                { cause: error, details: { file: input.fileName, maxMemoryMb } },
              )
            : error,
        );
      const onExit = (code: number) =>
        fail(new Error(`the digest parser thread stopped (exit code ${code})`));
      function done() {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
        current.unref();
      }
      current.on('message', onMessage);
      current.on('error', onError);
      current.on('exit', onExit);
      current.ref();
      current.postMessage(request, transfer ? [transfer] : []);
    });
  }

  return {
    parse(input) {
      const job = queue.then(() => run(input));
      queue = job.catch(() => undefined);
      return job;
    },
    async close() {
      const current = worker;
      worker = undefined;
      await current?.terminate();
    },
  };
}

function startWorker(maxMemoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxMemoryMb };
  if (fileURLToPath(import.meta.url).endsWith('.ts')) {
    // Running from source (tests, tsx scripts): the worker is TypeScript too, loaded through tsx.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./parse-digest-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./parse-digest-worker.js', import.meta.url), { resourceLimits });
}

let shared: OffThreadParser | undefined;

/** The process's one off-thread parser, started on first use. */
export const parseDigestOffThread: DigestParser = (input) => {
  shared ??= createOffThreadParser();
  return shared.parse(input);
};
