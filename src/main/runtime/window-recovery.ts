/**
 * When the kiosk's page crashes (renderer process gone) the main process records it and opens the
 * window again, backing off if it keeps crashing so a broken build cannot spin the CPU of the
 * doctor's PC. The visit on screen was not lost silently: its frames are wiped by the visit's own
 * timeout and the restart is in the audit.
 */
export interface RecoveryPolicy {
  /** Crashes counted within this window decide the delay. */
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicy = {
  windowMs: 10 * 60_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

export class WindowRecovery {
  readonly #policy: RecoveryPolicy;
  #crashes: number[] = [];

  constructor(policy: RecoveryPolicy = DEFAULT_RECOVERY) {
    this.#policy = policy;
  }

  /** Records a crash at `now` and returns how long to wait before reopening the window. */
  crashed(now: number): number {
    const { windowMs, baseDelayMs, maxDelayMs } = this.#policy;
    this.#crashes = [...this.#crashes.filter((t) => now - t < windowMs), now];
    return Math.min(maxDelayMs, baseDelayMs * 2 ** (this.#crashes.length - 1));
  }

  get recentCrashes(): number {
    return this.#crashes.length;
  }
}

/** Reasons Electron gives that are not crashes: a normal exit needs no recovery. */
export function isCrash(reason: string): boolean {
  return reason !== 'clean-exit';
}
