/**
 * Delivers due notifications, one row at a time, with all state in SQLite so it survives restarts.
 *
 * Claim/lease: a row is claimed by setting state 'sending' and lease_until = now + leaseMs in one
 * IMMEDIATE transaction, so two dispatchers (two desks, or a restart racing the old process) never
 * claim the same row at once. The result is written when channel.deliver returns. If the process
 * dies in between, the row stays 'sending' until its lease runs out; after that it is claimable
 * again and is re-sent under the same Idempotency-Key, so a send that reached the gateway before
 * the crash is answered with the original id instead of being delivered twice. The lease must
 * outlast one deliver() call (the channel's timeouts × attempts plus its backoffs).
 *
 * Outcomes: delivered → final, phone erased; unreachable → attempts+1, retried after an
 * exponential, capped backoff; rejected → final 'failed' with the reason, phone erased. Nothing
 * here logs: rows hold a phone number.
 */
import type { DeliveryChannel, DeliveryResult } from '../delivery/channel.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ClaimedRow } from './outbox-rows.ts';
import { idempotencyKeyOf } from './outbox.ts';

export interface DispatchOptions {
  /** First retry delay after 'unreachable'; doubles per attempt. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long a claim holds before another dispatcher may take the row over. */
  leaseMs?: number;
  /** Upper bound on rows handled in one call, so a long queue cannot starve the caller. */
  maxRows?: number;
}

export interface DispatchSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 60_000;
export const DEFAULT_BACKOFF_MAX_MS = 3_600_000;
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Delay before the next try after `attempts` failed ones: base, 2×base, 4×base … capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

function claim(store: DeskStore, now: Date, leaseMs: number): ClaimedRow | null {
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  // Due pending rows, and rows whose sender's lease ran out (it crashed or hung mid-send).
  return store.write((tx) => store.rows.outbox.claim(tx, at, leaseUntil));
}

function record(
  store: DeskStore,
  row: ClaimedRow,
  result: DeliveryResult,
  now: Date,
  options: Required<DispatchOptions>,
): keyof DispatchSummary {
  const outbox = store.rows.outbox;
  return store.write((tx) => {
    // Only a row still in flight: if another dispatcher took over after our lease and finished,
    // its final state stands (the gateway deduped the second send by key).
    if (result.status === 'delivered') {
      outbox.delivered(tx, row.id, now.toISOString(), result.gatewayId);
      return 'delivered';
    }
    if (result.status === 'rejected') {
      outbox.failed(tx, row.id, result.reason);
      return 'failed';
    }
    const attempts = row.attempts + 1;
    const next = now.getTime() + retryDelayMs(attempts, options.backoffBaseMs, options.backoffMaxMs);
    outbox.retryLater(tx, row.id, attempts, new Date(next).toISOString(), result.reason);
    return 'retrying';
  });
}

export async function deliverDue(
  store: DeskStore,
  channel: DeliveryChannel,
  now: Date,
  options: DispatchOptions = {},
): Promise<DispatchSummary> {
  const settings: Required<DispatchOptions> = {
    backoffBaseMs: options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS,
    backoffMaxMs: options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    maxRows: options.maxRows ?? 100,
  };
  const summary: DispatchSummary = { delivered: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < settings.maxRows; i += 1) {
    const row = claim(store, now, settings.leaseMs);
    if (row === null) break;
    const result = await channel.deliver({
      kind: 'notification',
      to: row.to_phone,
      text: row.text,
      idempotencyKey: idempotencyKeyOf(row.id),
    });
    summary[record(store, row, result, now, settings)] += 1;
  }
  return summary;
}
