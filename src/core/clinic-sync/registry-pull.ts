/**
 * The registry flowing down: pulls the clinic's changes after this desk's cursor, page by page
 * until the clinic says there is no more, and applies each page in one SQLite transaction together
 * with the cursor that follows it. A crash repeats at most the page in flight (applying a change
 * twice changes nothing), and never skips one. A change that cannot be applied is recorded as a
 * pull issue for the admin instead of stopping every later change; a change of a row whose own
 * op is still waiting here is an older state of it and is left out (the op's result comes back).
 *
 * Speed, for a new desk taking a whole registry (docs/SCALING.md): the next page is asked for as
 * soon as a page arrives, so the clinic builds it while the desk applies this one (the cursor
 * after a page is in the page; nothing of the next page is written before this one commits). A
 * page is applied in one savepoint and only a page that fails is applied again change by change,
 * each in its own savepoint, to find the changes that cannot be applied. A desk that is behind
 * (its first pull, or the last page came full) asks for bigger pages: fewer round trips and commits.
 */
import type { Clock } from '../clock.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import { pullCursorSchema, type PullCursor, type PullPage } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import type { ClinicKeys } from './clinic-seal.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { applyChange, entityOfChange, type AppliedChange, type PulledChange } from './registry-apply.ts';
import type { DeskSealKeys } from './registry-records.ts';

/** Changes per page when the desk is up to date: a page is what one wake-up brings. */
export const PULL_PAGE_SIZE = 500;
/**
 * Changes per page while the desk is behind (api.pull takes up to 10,000). A commit writes every
 * index page the page's changes touched, and on random keys that is most of them, so fewer,
 * larger pages write far less: a new desk's first pull of 100,000 patients wrote 3.6 GB at 2,000
 * changes a page and 1.7 GB at 10,000. 5,000 (about 13 MB of JSON, two pages in memory while the
 * next one arrives) was the fastest of 2,000, 5,000 and 10,000 (docs/SCALING.md).
 */
export const CATCH_UP_PAGE_SIZE = 5000;

export interface RegistryPullerDeps {
  store: DeskStore;
  /** The desk's api over its own connection (not the LISTEN one). */
  api: Pick<ClinicDeskApi, 'pull'>;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
  /** Changes per page when up to date, and while behind (the clinic allows 1..10000 each). */
  pageSize?: number;
  catchUpPageSize?: number;
  /** After each page commits: what in-memory views must follow (the template index). */
  onApplied?: (changes: AppliedChange[]) => void;
  /**
   * Inside the page's transaction, after its changes: what must be written with them, so a crash
   * cannot keep the page and lose it (the cross-desk duplicate check, cross-desk-duplicates.ts).
   */
  withinPage?: (tx: Tx, changes: AppliedChange[]) => void;
}

export interface PullReport {
  pages: number;
  applied: number;
  /** Changes of rows with an op still pending here. */
  skipped: number;
  /** Changes recorded as pull issues. */
  issues: number;
}

/** Whether a change is of a row with an op of this desk still waiting (then it is left out). */
type PendingCheck = (change: PulledChange) => boolean;

/** What one page did, counted only once its transaction commits. */
interface PageOutcome {
  seen: AppliedChange[];
  applied: number;
  skipped: number;
  issues: number;
}

export class RegistryPuller {
  readonly #deps: RegistryPullerDeps;
  /** Pulls until the clinic has no more; concurrent calls share the next run (one-at-a-time.ts). */
  readonly pull: () => Promise<PullReport>;

  constructor(deps: RegistryPullerDeps) {
    this.#deps = deps;
    this.pull = oneAtATime(() => this.#drain());
  }

  /** The stored cursor, or null before the first page. */
  cursor(): PullCursor | null {
    const stored = this.#deps.store.rows.clinicPull.cursor();
    return stored === null ? null : pullCursorSchema.parse(JSON.parse(stored));
  }

  #fetch(cursor: PullCursor | null, behind: boolean): Promise<PullPage> {
    const size = behind
      ? (this.#deps.catchUpPageSize ?? CATCH_UP_PAGE_SIZE)
      : (this.#deps.pageSize ?? PULL_PAGE_SIZE);
    const page = this.#deps.api.pull(cursor, size);
    // Awaited by the next turn of the loop; if this page's apply throws first, it is dropped
    // unread and its rejection must not surface as unhandled.
    page.catch(() => undefined);
    return page;
  }

  async #drain(): Promise<PullReport> {
    const { store } = this.#deps;
    const report: PullReport = { pages: 0, applied: 0, skipped: 0, issues: 0 };
    const cursor = this.cursor();
    let next: Promise<PullPage> | null = this.#fetch(cursor, cursor === null);
    while (next !== null) {
      const page: PullPage = await next;
      report.pages += 1;
      const more = page.more && page.changes.length > 0;
      // Asked for before this page is applied: the clinic works on it meanwhile. A page that came
      // full means the desk is behind.
      next = more ? this.#fetch(page.cursor, true) : null;
      const outcome = this.#applyPage(page);
      report.applied += outcome.applied;
      report.skipped += outcome.skipped;
      report.issues += outcome.issues;
      // A template revoked at the clinic is gone from this file and its WAL too, as a local deletion is.
      if (outcome.seen.some((c) => c.kind === 'template' && c.descriptors === null)) store.eraseDeleted();
      if (outcome.seen.length > 0) this.#deps.onApplied?.(outcome.seen);
    }
    return report;
  }

  /** The page and the cursor after it, in one transaction. */
  #applyPage(page: PullPage): PageOutcome {
    const { store, clock } = this.#deps;
    return store.write((tx) => {
      const now = clock.now().toISOString();
      // No op can be added while the page applies (it is one synchronous transaction): a desk with
      // none pending, as a new one is, need not ask about each change.
      const pendingHere = store.rows.clinicOps.anyPending()
        ? (change: PulledChange) => store.rows.clinicOps.hasPending(entityOfChange(change))
        : () => false;
      let outcome: PageOutcome;
      try {
        // The whole page in one savepoint: what nearly every page is.
        outcome = store.write((inner) => this.#applyAll(inner, page.changes, pendingHere));
      } catch {
        // Some change failed and the savepoint took the page back: again change by change.
        outcome = this.#applyEach(tx, page.changes, pendingHere, now);
      }
      if (outcome.seen.length > 0) this.#deps.withinPage?.(tx, outcome.seen);
      if (page.cursor !== null) store.rows.clinicPull.setCursor(tx, JSON.stringify(page.cursor), now);
      return outcome;
    });
  }

  /** Every change or none: throws at the first one that cannot be applied. */
  #applyAll(tx: Tx, changes: PulledChange[], pendingHere: PendingCheck): PageOutcome {
    const outcome: PageOutcome = { seen: [], applied: 0, skipped: 0, issues: 0 };
    for (const change of changes) {
      if (pendingHere(change)) {
        outcome.skipped += 1;
        continue;
      }
      const applied = applyChange(tx, change, this.#deps);
      if (applied) outcome.seen.push(applied);
      outcome.applied += 1;
    }
    return outcome;
  }

  /** Each change in its own savepoint: a failed one leaves nothing of itself and becomes an issue. */
  #applyEach(tx: Tx, changes: PulledChange[], pendingHere: PendingCheck, now: string): PageOutcome {
    const { store } = this.#deps;
    const outcome: PageOutcome = { seen: [], applied: 0, skipped: 0, issues: 0 };
    for (const change of changes) {
      if (pendingHere(change)) {
        outcome.skipped += 1;
        continue;
      }
      try {
        const applied = store.write((inner) => applyChange(inner, change, this.#deps));
        if (applied) outcome.seen.push(applied);
        outcome.applied += 1;
      } catch (error) {
        outcome.issues += 1;
        store.rows.clinicPull.addIssue(tx, {
          change_id: change.id,
          kind: change.kind,
          entity: entityOfChange(change),
          reason: error instanceof Error ? error.message : String(error),
          at: now,
        });
      }
    }
    return outcome;
  }
}
