/** The desk's one sign_in_throttle row (migration 018): the run of unknown logins and its pause. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface ThrottleState {
  unknownInARow: number;
  /** ISO time (desk time) until which sign-in pauses; null: no pause. */
  pausedUntil: string | null;
}

const NO_RUN: ThrottleState = { unknownInARow: 0, pausedUntil: null };

export class ThrottleRows extends Rows {
  state(): ThrottleState {
    return withStoreErrors(
      () =>
        (this.statement(
          `SELECT unknown_in_a_row AS unknownInARow, paused_until AS pausedUntil
             FROM sign_in_throttle WHERE id = 1`,
        ).get() as ThrottleState | undefined) ?? NO_RUN,
    );
  }

  save(tx: Tx, state: ThrottleState): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO sign_in_throttle (id, unknown_in_a_row, paused_until) VALUES (1, @unknownInARow, @pausedUntil)
       ON CONFLICT (id) DO UPDATE SET unknown_in_a_row = excluded.unknown_in_a_row,
                                      paused_until = excluded.paused_until`,
    ).run(state);
  }

  /** The run is over (a successful sign-in). */
  clear(tx: Tx): void {
    this.guard(tx);
    this.statement('DELETE FROM sign_in_throttle').run();
  }
}
