/**
 * Unknown logins have no account to lock, so guessing logins would be free: after a run of them at
 * this desk, every sign-in waits out a pause that doubles with each further unknown login. Every
 * sign-in, not only unknown ones: refusing only unknown logins would tell a guesser which logins
 * exist. A successful sign-in ends the run. Kept in the database (migration 018), written in the
 * same transaction as the failed sign-in's audit row: a restart (a pulled plug, a crash) must not
 * hand a guesser a fresh run.
 */
import type { Clock } from '../clock.ts';
import type { Tx } from '../store/tx.ts';
import type { ThrottleRows } from './throttle-rows.ts';

/** Unknown logins in a row before sign-in pauses. */
export const UNKNOWN_LOGINS_BEFORE_PAUSE = 5;
/** The first pause, doubled for each further unknown login, up to the longest. */
export const FIRST_PAUSE_MS = 30_000;
export const LONGEST_PAUSE_MS = 5 * 60_000;

export class SignInThrottle {
  readonly #rows: ThrottleRows;
  readonly #clock: Clock;

  constructor(rows: ThrottleRows, clock: Clock) {
    this.#rows = rows;
    this.#clock = clock;
  }

  /** Milliseconds before the next sign-in may be tried (0: now). */
  waitMs(): number {
    const { pausedUntil } = this.#rows.state();
    if (pausedUntil === null) return 0;
    return Math.max(0, Date.parse(pausedUntil) - this.#clock.now().getTime());
  }

  unknownLogin(tx: Tx): void {
    const state = this.#rows.state();
    const unknownInARow = state.unknownInARow + 1;
    const over = unknownInARow - UNKNOWN_LOGINS_BEFORE_PAUSE;
    const pausedUntil =
      over < 0
        ? state.pausedUntil
        : new Date(
            this.#clock.now().getTime() + Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** over),
          ).toISOString();
    this.#rows.save(tx, { unknownInARow, pausedUntil });
  }

  signedIn(tx: Tx): void {
    this.#rows.clear(tx);
  }
}
