// The worker thread of `createOffThreadParser`: parses one digest per message. Parsing here keeps a
// large or hostile digest from holding the main thread, where the web app and the scheduler run.
import { parentPort } from 'node:worker_threads';
import { type DigestInput, parseDigest } from '../digest/index.ts';
import { isAppError } from '../errors/index.ts';
import type { ParseReply, ParseRequest } from './parse-messages.ts';

const port = parentPort;
if (!port) throw new Error('parse-digest-worker runs only as a worker thread');

port.on('message', (request: ParseRequest) => {
  const input: DigestInput = {
    ...request.input,
    ...(request.bytes ? { bytes: new Uint8Array(request.bytes) } : {}),
  };
  let reply: ParseReply;
  try {
    reply = { id: request.id, parsed: parseDigest(input) };
  } catch (error) {
    // parseDigest throws only AppError; anything else is a bug in the worker itself.
    reply = isAppError(error)
      ? { id: request.id, error: { code: error.code, message: error.message, details: error.details } }
      : { id: request.id, error: { code: 'DIGEST_MALFORMED', message: String(error), details: {} } };
  }
  port.postMessage(reply);
});
