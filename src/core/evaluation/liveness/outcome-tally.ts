/** How many runs of a liveness evaluation passed, and why the others failed. */
import type { LivenessProgress } from '../../liveness/types.ts';

export interface OutcomeTally {
  runs: number;
  passes: number;
  /** Why runs failed: the session's reasons, or 'stream_ended' when the input ran out first. */
  reasons: Record<string, number>;
}

export function tally(t: OutcomeTally, result: LivenessProgress | { status: 'stream_ended' }): void {
  t.runs += 1;
  if (result.status === 'live') t.passes += 1;
  else if (result.status === 'stream_ended') t.reasons.stream_ended = (t.reasons.stream_ended ?? 0) + 1;
  else if (result.status === 'not_live') {
    for (const r of result.reasons) t.reasons[r] = (t.reasons[r] ?? 0) + 1;
  }
}

export const emptyTally = (): OutcomeTally => ({ runs: 0, passes: 0, reasons: {} });
