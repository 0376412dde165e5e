/**
 * The desk's clock. The wall clock of a doctor's PC is whatever its user sets: moved six years
 * ahead it would let the retention purge delete every audit row, moved back an hour it would hand
 * out a second batch of codes. So time at the desk is measured, not read:
 *
 *  - `now()` is the wall time read once at start (never earlier than the time high-water mark, the
 *    latest time this desk has already vouched for) plus the monotonic time elapsed since. Every
 *    timeout (visit phases, liveness, code expiry, rate-limit windows) and every audit time is
 *    built on it, so moving the wall clock while the kiosk runs changes none of them.
 *  - At start the wall clock is compared with the high-water mark: behind it (set back) or far
 *    ahead of it (set forward, or the desk was off for longer than any holiday) makes the time
 *    untrusted, which refuses the retention purge until an admin confirms the clock.
 *  - While running, a wall clock that no longer agrees with the measured time (someone changed it)
 *    is reported once per change, for the audit.
 */
import type { Clock } from '../clock.ts';

export interface TimeSource {
  /** The operating system's wall clock. */
  wall: Clock;
  /** Milliseconds from an arbitrary origin that never goes backwards (performance.now()). */
  monotonicMs(): number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface ClockPolicy {
  /** A wall clock this far behind the high-water mark at start was set back. */
  behindToleranceMs: number;
  /** A wall clock this far past the high-water mark at start is not believed without an admin. */
  maxForwardGapMs: number;
  /** While running, a wall clock this far from the measured time was changed. */
  driftToleranceMs: number;
}

/** Two weeks covers the longest clinic holiday (New Year, Nauryz); six years does not. */
export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  behindToleranceMs: 2 * MINUTE_MS,
  maxForwardGapMs: 14 * DAY_MS,
  driftToleranceMs: 2 * MINUTE_MS,
};

/** What the desk makes of its wall clock: `byMs` is how far the wall clock is off the mark. */
export type ClockVerdict =
  | { trusted: true }
  | { trusted: false; kind: 'behind' | 'ahead'; byMs: number; wallAt: string; markAt: string };

/** A change of the wall clock while the kiosk ran: + ahead of the measured time, − behind it. */
export interface ClockDrift {
  byMs: number;
}

export class DeskClock implements Clock {
  readonly #source: TimeSource;
  readonly #policy: ClockPolicy;
  #anchorWall: number;
  #anchorMono: number;
  #verdict: ClockVerdict;
  /** The drift already reported, so one change of the wall clock is reported once. */
  #reportedDrift = 0;

  /**
   * `markMs`: the high-water mark, the latest time this desk already used (sealed mark file or
   * newest audit row); null on a brand-new desk, whose wall clock is all there is to go on.
   */
  constructor(source: TimeSource, markMs: number | null, policy: ClockPolicy = DEFAULT_CLOCK_POLICY) {
    this.#source = source;
    this.#policy = policy;
    const wall = source.wall.now().getTime();
    this.#anchorMono = source.monotonicMs();
    this.#verdict = judge(wall, markMs, policy);
    // Time never runs backwards at the desk: a clock set back starts from the mark.
    this.#anchorWall = markMs !== null && wall < markMs ? markMs : wall;
  }

  now(): Date {
    return new Date(this.#anchorWall + (this.#source.monotonicMs() - this.#anchorMono));
  }

  /** How the wall clock compared with the high-water mark at start (or since an admin confirmed it). */
  get verdict(): ClockVerdict {
    return this.#verdict;
  }

  /**
   * Compares the wall clock with the measured time; a difference past the tolerance that was not
   * reported yet is returned once (the caller audits it). The measured time is not changed.
   */
  drift(): ClockDrift | null {
    const byMs = this.#source.wall.now().getTime() - this.now().getTime();
    if (Math.abs(byMs) <= this.#policy.driftToleranceMs) {
      this.#reportedDrift = 0;
      return null;
    }
    if (Math.abs(byMs - this.#reportedDrift) <= this.#policy.driftToleranceMs) return null;
    this.#reportedDrift = byMs;
    return { byMs };
  }

  /**
   * An admin looked at the wall clock and says it is right: the desk's time restarts from it and
   * is trusted again (the caller audits who confirmed it, and by how much the time moved).
   */
  confirm(): { movedByMs: number } {
    const before = this.now().getTime();
    this.#anchorWall = this.#source.wall.now().getTime();
    this.#anchorMono = this.#source.monotonicMs();
    this.#verdict = { trusted: true };
    this.#reportedDrift = 0;
    return { movedByMs: this.#anchorWall - before };
  }
}

function judge(wall: number, markMs: number | null, policy: ClockPolicy): ClockVerdict {
  if (markMs === null) return { trusted: true };
  const at = (ms: number) => new Date(ms).toISOString();
  if (wall < markMs - policy.behindToleranceMs) {
    return { trusted: false, kind: 'behind', byMs: markMs - wall, wallAt: at(wall), markAt: at(markMs) };
  }
  if (wall > markMs + policy.maxForwardGapMs) {
    return { trusted: false, kind: 'ahead', byMs: wall - markMs, wallAt: at(wall), markAt: at(markMs) };
  }
  return { trusted: true };
}

/** The operating system's clocks. */
export const systemTime: TimeSource = {
  wall: { now: () => new Date() },
  monotonicMs: () => performance.now(),
};

/**
 * A time source from a clock that tests move by hand: wall and monotonic time advance together,
 * so the desk's time is exactly the clock's.
 */
export function steadyTime(clock: Clock): TimeSource {
  return { wall: clock, monotonicMs: () => clock.now().getTime() };
}
