import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A lease owner names the process that holds a claim: `host:pid:random`. */
export function createLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * True when the owner was a process on this machine that no longer exists, so its leases can be
 * taken over at once instead of after LEASE_SECONDS (a restart after a crash resumes immediately).
 * Owners on other hosts, or whose liveness cannot be checked, are left to expire normally.
 */
export function isLeaseOwnerGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
