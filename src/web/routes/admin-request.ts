import type { Context } from 'hono';
import { readAdminActor } from '../admin-auth.ts';
import type { WebContext } from '../web-context.ts';

/** `?page=N` (1-based, clamped) as the offset and limit of a page of `size` rows. */
export function readPage(c: Context, size: number): { page: number; offset: number; limit: number } {
  const raw = Number.parseInt(c.req.query('page') ?? '1', 10);
  const page = Number.isFinite(raw) ? Math.min(Math.max(raw, 1), 100_000) : 1;
  return { page, offset: (page - 1) * size, limit: size };
}

/** Writes one operator action to the audit trail: who (the token's label), what, on what, and the outcome. */
export async function auditAction(
  ctx: WebContext,
  c: Context,
  action: string,
  target: string,
  detail?: unknown,
): Promise<void> {
  await ctx.store.audit.record({ actor: readAdminActor(c), action, target, detail, now: ctx.clock() });
}
