/**
 * A render thread (see render-pool.ts): compiles the templates once, then turns each issue job into
 * its MIME bytes with the same function the main thread uses, so both give identical messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/index.ts';
import { loadTemplates } from '../render/index.ts';
import { buildIssueRaw } from './build-issue-message.ts';
import type { IssueJob, RenderReply, RenderRequest } from './render-pool.ts';

const config = (workerData as { config: Config }).config;
const templates = await loadTemplates();
const port = parentPort;
if (!port) throw new Error('render-worker runs only as a worker thread');

port.on('message', async ({ id, job }: RenderRequest) => {
  let reply: RenderReply;
  try {
    const message = await buildIssueRaw({ config, templates, ...(job as IssueJob) });
    // Hand the bytes over without a copy when the buffer owns its memory (a 50 KB message does).
    const raw = message.raw;
    const owned = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
    const bytes = owned ? raw.buffer : raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    reply = { id, envelope: message.envelope, messageId: message.messageId, raw: bytes as ArrayBuffer };
    port.postMessage(reply, [reply.raw]);
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
port.postMessage({ ready: true });
