/**
 * Repeated face failures for one patient: after `maxFailures` failed face attempts (no match or
 * failed liveness) within `windowMs`, the face path is locked for that patient until `lockMs` after
 * the last failure, and a supervisor flag is raised once. Someone trying photo after photo of a
 * patient across visits, or a template that no longer fits, both deserve a human look.
 * Counted from the decision rows, which every failed attempt writes; in clinic mode the other
 * desks' failures are added (other-desks.ts), so walking to the next desk does not start over.
 */
import { z } from 'zod';
import type { DeskStore } from '../store/desk-store.ts';

export const faceLockPolicySchema = z
  .object({
    maxFailures: z.number().int().min(1),
    windowMs: z.number().int().positive(),
    lockMs: z.number().int().positive(),
  })
  .strict();
export type FaceLockPolicy = z.infer<typeof faceLockPolicySchema>;

export const DEFAULT_FACE_LOCK_POLICY: FaceLockPolicy = {
  maxFailures: 6,
  windowMs: 24 * 60 * 60 * 1000,
  lockMs: 4 * 60 * 60 * 1000,
};

export interface FaceLockStatus {
  locked: boolean;
  failures: number;
  /** ISO time the lock ends, when locked. */
  until: string | null;
}

/** Failed face attempts in the window and the time of the last one (ISO), as one source counts them. */
export interface FaceFailures {
  failures: number;
  last: string | null;
}

/** Where the window of `policy` starts at `now`: failures after it count. */
export function faceLockWindowStart(now: Date, policy: FaceLockPolicy): Date {
  return new Date(now.getTime() - policy.windowMs);
}

/**
 * The patient's lock at `now`: this desk's failures in the window, plus `elsewhere` (the other
 * desks' failures in the same window, when the clinic gave them); the lock runs from the latest.
 */
export function faceLockStatus(
  store: DeskStore,
  patientId: string,
  now: Date,
  policy: FaceLockPolicy,
  elsewhere: FaceFailures | null = null,
): FaceLockStatus {
  const since = faceLockWindowStart(now, policy).toISOString();
  const own = store.rows.decisions.faceFailuresSince(patientId, since);
  const failures = own.failures + (elsewhere?.failures ?? 0);
  const last = latest(own.last, elsewhere?.last ?? null);
  if (failures < policy.maxFailures || last === null) {
    return { locked: false, failures, until: null };
  }
  const until = new Date(last + policy.lockMs);
  return until > now
    ? { locked: true, failures, until: until.toISOString() }
    : { locked: false, failures, until: null };
}

/** The later of two ISO times, in epoch milliseconds; null when neither is given. */
function latest(a: string | null, b: string | null): number | null {
  const times = [a, b].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return times.length === 0 ? null : Math.max(...times);
}

/** Raises the repeated-failures flag unless one is already open; returns whether it raised one. */
export function flagRepeatedFaceFailures(store: DeskStore, patientId: string, now: Date): boolean {
  return store.write((tx) => {
    if (store.rows.flags.hasOpen(patientId, 'repeated_face_failures')) return false;
    store.rows.flags.raise(tx, patientId, 'repeated_face_failures', null, now.toISOString());
    return true;
  });
}
