/**
 * The explicit transaction handle. A repository's write methods take one as their first argument
 * and refuse a handle that is not live: only DeskStore.write hands them out, and each dies when
 * its transaction commits or rolls back. So a write can never happen outside a transaction the
 * caller can see, and never in one it did not open.
 */
import { StoreError } from '../../shared/store-errors.ts';

declare const TX: unique symbol;

/** One write transaction in progress. Opaque: it carries no data, only its liveness. */
export interface Tx {
  readonly [TX]: true;
}

/** Checks that a handle belongs to a transaction in progress (the repositories call it). */
export type TxGuard = (tx: Tx) => void;

/** The handles of one store: handed out by `run`, checked by `guard`. */
export class TxRegistry {
  readonly #live = new WeakSet<Tx>();

  /** Runs `work` with a fresh handle that is live only while it runs. */
  run<T>(work: (tx: Tx) => T): T {
    const tx = Object.freeze({}) as Tx;
    this.#live.add(tx);
    try {
      return work(tx);
    } finally {
      this.#live.delete(tx);
    }
  }

  readonly guard: TxGuard = (tx) => {
    if (typeof tx !== 'object' || tx === null || !this.#live.has(tx)) {
      throw new StoreError(
        'STORE_FAILED',
        'A write was attempted outside its transaction (a stale or foreign handle); nothing was written.',
      );
    }
  };
}
