import type { Config } from '../config/index.ts';
import type { ClaimedDelivery, DeliveryRepository } from '../store/index.ts';
import { isLeaseOwnerGone } from './lease-owner.ts';

/** A claimed delivery with its time in the shared SEND_RATE schedule. */
export interface SendJob extends ClaimedDelivery {
  /** Epoch ms of this message's slot in the shared SEND_RATE schedule (0 without a rate). */
  slotAt: number;
}

const rateLimitName = 'send';
const leaseSweepIntervalMs = 1000;

/**
 * The claiming side of a send run: leases batches of due deliveries for `owner`, takes over the
 * leases of crashed processes on this machine, stops at `limit`, and gives each message its slot
 * in the SEND_RATE schedule that every process shares.
 */
export function createClaimer(options: {
  repo: DeliveryRepository;
  owner: string;
  clock: () => Date;
  config: Pick<Config, 'LEASE_SECONDS' | 'SEND_RATE'>;
  /** Claims at most this many per batch. */
  batchSize: number;
  limit: number;
  subscriberId?: number;
}) {
  const { repo, owner, clock, config, subscriberId } = options;
  const rateIntervalMs = config.SEND_RATE > 0 ? 1000 / config.SEND_RATE : 0;
  let claimed = 0;
  let lastLeaseSweep = 0;

  /** Leases of crashed processes on this machine end now rather than after LEASE_SECONDS. */
  async function expireDeadLeases(): Promise<number> {
    if (Date.now() - lastLeaseSweep < leaseSweepIntervalMs) return 0;
    lastLeaseSweep = Date.now();
    let expired = 0;
    for (const other of await repo.listLeaseOwners()) {
      if (other !== owner && isLeaseOwnerGone(other)) expired += await repo.expireLeases(other, clock());
    }
    return expired;
  }

  return {
    expireDeadLeases,
    /** True once `limit` deliveries were claimed. */
    reachedLimit: () => claimed >= options.limit,
    /** The next batch, or an empty one when nothing is due (or the limit is reached). */
    async claimBatch(): Promise<ClaimedDelivery[]> {
      const want = Math.min(options.batchSize, options.limit - claimed);
      if (want <= 0) return [];
      const claim = () =>
        repo.claimDeliveries({
          owner,
          limit: want,
          now: clock(),
          leaseSeconds: config.LEASE_SECONDS,
          ...(subscriberId !== undefined ? { subscriberId } : {}),
        });
      let batch = await claim();
      if (batch.length === 0 && (await expireDeadLeases()) > 0) batch = await claim();
      claimed += batch.length;
      return batch;
    },
    /** Reserves one rate slot per delivery, in order, after the batch's context is loaded. */
    async scheduleBatch(batch: readonly ClaimedDelivery[]): Promise<SendJob[]> {
      const first =
        rateIntervalMs > 0
          ? await repo.reserveSendSlots(rateLimitName, batch.length, rateIntervalMs, Date.now())
          : 0;
      return batch.map((delivery, i) => ({ ...delivery, slotAt: first + i * rateIntervalMs }));
    },
  };
}
