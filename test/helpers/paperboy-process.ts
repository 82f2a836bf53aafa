import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fixtures.ts';
import { findFreePort } from './free-port.ts';

export interface PaperboyProcess {
  child: ChildProcess;
  /** Every line the process printed so far (stdout and stderr). */
  lines: string[];
  /** Everything printed so far, as one string. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the real `paperboy` binary, as an operator would, with only PATH and HOME from this
 * environment plus `env`, so a developer's own settings (SMTP_URL, DATABASE_URL…) never leak in.
 */
export function spawnPaperboy(args: string[], env: Record<string, string>, cwd = repoRoot): PaperboyProcess {
  return spawnCommand(process.execPath, [join(repoRoot, 'bin', 'paperboy.js'), ...args], env, cwd);
}

/** Any command (such as `npm start`) with the same clean environment and line capture as `spawnPaperboy`. */
export function spawnCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = repoRoot,
): PaperboyProcess {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    output: () => lines.map((line) => `${line}\n`).join(''),
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; output:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`process exited while waiting for ${pattern}; output:\n${lines.join('\n')}`));
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A temp folder for one daemon (its SQLite file and an empty `digests/`) and the environment that
 * runs `paperboy start` there on a free port, with the mail catcher on any free port.
 */
export async function createDaemonHome(
  prefix: string,
): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'digests'));
  const port = await findFreePort();
  return {
    dir,
    env: {
      DATABASE_URL: join(dir, 'paperboy.db'),
      DIGESTS_DIR: join(dir, 'digests'),
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DEVMAIL_PORT: '0',
      LOG_LEVEL: 'info',
    },
  };
}
