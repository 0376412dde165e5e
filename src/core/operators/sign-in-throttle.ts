/**
 * Unknown logins have no account to lock, so guessing logins would be free: after a run of them at
 * this desk, every sign-in waits out a pause that doubles with each further unknown login. Every
 * sign-in, not only unknown ones: refusing only unknown logins would tell a guesser which logins
 * exist. A successful sign-in ends the run. Kept in memory: the desk restarts only by an admin's
 * audited quit, and the known-login lock (operators.ts) is in the database.
 */
import type { Clock } from '../clock.ts';

/** Unknown logins in a row before sign-in pauses. */
export const UNKNOWN_LOGINS_BEFORE_PAUSE = 5;
/** The first pause, doubled for each further unknown login, up to the longest. */
export const FIRST_PAUSE_MS = 30_000;
export const LONGEST_PAUSE_MS = 5 * 60_000;

export class SignInThrottle {
  readonly #clock: Clock;
  #unknownInARow = 0;
  #pausedUntilMs = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Milliseconds before the next sign-in may be tried (0: now). */
  waitMs(): number {
    return Math.max(0, this.#pausedUntilMs - this.#clock.now().getTime());
  }

  unknownLogin(): void {
    this.#unknownInARow += 1;
    const over = this.#unknownInARow - UNKNOWN_LOGINS_BEFORE_PAUSE;
    if (over < 0) return;
    const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** over);
    this.#pausedUntilMs = this.#clock.now().getTime() + pause;
  }

  signedIn(): void {
    this.#unknownInARow = 0;
    this.#pausedUntilMs = 0;
  }
}
