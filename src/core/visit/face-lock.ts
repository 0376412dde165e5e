/**
 * Repeated face failures for one patient: after `maxFailures` failed face attempts (no match or
 * failed liveness) within `windowMs`, the face path is locked for that patient until `lockMs` after
 * the last failure, and a supervisor flag is raised once. Someone trying photo after photo of a
 * patient across visits, or a template that no longer fits, both deserve a human look.
 * Counted from the decision rows, which every failed attempt writes.
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

export function faceLockStatus(
  store: DeskStore,
  patientId: string,
  now: Date,
  policy: FaceLockPolicy,
): FaceLockStatus {
  const since = new Date(now.getTime() - policy.windowMs).toISOString();
  const row = store.rows.decisions.faceFailuresSince(patientId, since);
  if (row.failures < policy.maxFailures || row.last === null) {
    return { locked: false, failures: row.failures, until: null };
  }
  const until = new Date(Date.parse(row.last) + policy.lockMs);
  return until > now
    ? { locked: true, failures: row.failures, until: until.toISOString() }
    : { locked: false, failures: row.failures, until: null };
}

/** Raises the repeated-failures flag unless one is already open; returns whether it raised one. */
export function flagRepeatedFaceFailures(store: DeskStore, patientId: string, now: Date): boolean {
  return store.write((tx) => {
    if (store.rows.flags.hasOpen(patientId, 'repeated_face_failures')) return false;
    store.rows.flags.raise(tx, patientId, 'repeated_face_failures', null, now.toISOString());
    return true;
  });
}
