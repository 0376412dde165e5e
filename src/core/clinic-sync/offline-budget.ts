/**
 * Whether a desk has kept its evidence to itself for too long. A desk works offline by design, but
 * every hour and every decision the clinic has not acknowledged is evidence that lives only on the
 * doctor's PC, where it can be lost or rolled back: past the budget every screen says so and the
 * clinic's report flags the desk.
 */
export interface OfflineBudget {
  hours: number;
  decisions: number;
}

export interface UnsentEvidence {
  /** Decisions recorded at the desk and not yet acknowledged by the clinic. */
  decisions: number;
  /** When the oldest of them was made (ISO), or null when nothing is waiting. */
  oldestAt: string | null;
}

export type BudgetVerdict =
  | { over: false }
  | { over: true; reason: 'decisions'; decisions: number }
  | { over: true; reason: 'hours'; hours: number };

const HOUR_MS = 3_600_000;

/**
 * The decision count is checked first: 500 waiting decisions are a problem however recent. Time
 * counts from the oldest unsent decision, not from the last contact: a desk with nothing to send is
 * not behind, however long it was offline.
 */
export function offlineBudgetVerdict(
  unsent: UnsentEvidence,
  budget: OfflineBudget,
  nowMs: number,
): BudgetVerdict {
  if (unsent.decisions >= budget.decisions)
    return { over: true, reason: 'decisions', decisions: unsent.decisions };
  if (unsent.oldestAt === null || unsent.decisions === 0) return { over: false };
  const hours = Math.floor((nowMs - Date.parse(unsent.oldestAt)) / HOUR_MS);
  return hours >= budget.hours ? { over: true, reason: 'hours', hours } : { over: false };
}
