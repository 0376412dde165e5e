/**
 * Keeps chain-head.sealed at the chain's head: after each commit of the desk store (never inside
 * the transaction, so a visit's write lock is not held for a file write, and a rolled-back row
 * never reaches the file), if the head moved, the file is replaced atomically. One indexed lookup
 * per commit; the file write (a few hundred bytes, fsync, rename) only when audit rows were added.
 *
 * A write that fails (a full disk) leaves the file behind the database, which verification accepts
 * (a head behind is not a rollback); it is reported, and the next commit tries again.
 */
import type { DeskStore } from '../store/desk-store.ts';
import type { ChainHead } from './audit-rows.ts';
import type { ChainHeadFile } from './chain-head-file.ts';

export class ChainHeadKeeper {
  readonly #store: DeskStore;
  readonly #file: ChainHeadFile;
  readonly #onError: (error: unknown) => void;
  #written: string | null;
  readonly #stop: () => void;

  /** `known`: the head the file holds now (null: none yet), so an unchanged head is not rewritten. */
  constructor(options: {
    store: DeskStore;
    file: ChainHeadFile;
    known: ChainHead | null;
    onError?: (error: unknown) => void;
  }) {
    this.#store = options.store;
    this.#file = options.file;
    this.#onError = options.onError ?? (() => undefined);
    this.#written = options.known ? key(options.known) : null;
    this.#stop = this.#store.onCommit(() => this.keep());
  }

  /** Writes the current head if the file does not hold it yet (after commits; callable any time). */
  keep(): void {
    try {
      const head = this.#store.rows.audit.head();
      if (head === null || key(head) === this.#written) return;
      this.#file.write(head);
      this.#written = key(head);
    } catch (error) {
      this.#onError(error);
    }
  }

  stop(): void {
    this.#stop();
  }
}

const key = (head: ChainHead) => `${head.seq}:${head.hash}`;
