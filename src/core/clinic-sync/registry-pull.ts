/**
 * The registry flowing down: pulls the clinic's changes after this desk's cursor, page by page
 * until the clinic says there is no more, and applies each page in one SQLite transaction together
 * with the cursor that follows it. A crash repeats at most the page in flight (applying a change
 * twice changes nothing), and never skips one. A change that cannot be applied is recorded as a
 * pull issue for the admin instead of stopping every later change; a change of a row whose own
 * op is still waiting here is an older state of it and is left out (the op's result comes back).
 */
import type { Clock } from '../clock.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import { pullCursorSchema, type PullCursor } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ClinicKeys } from './clinic-seal.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { applyChange, entityOfChange, type AppliedChange } from './registry-apply.ts';
import type { DeskSealKeys } from './registry-records.ts';

export interface RegistryPullerDeps {
  store: DeskStore;
  /** The desk's api over its own connection (not the LISTEN one). */
  api: Pick<ClinicDeskApi, 'pull'>;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
  /** Changes per page (the clinic allows 1..10000). */
  pageSize?: number;
  /** After each page commits: what in-memory views must follow (the template index). */
  onApplied?: (changes: AppliedChange[]) => void;
}

export interface PullReport {
  pages: number;
  applied: number;
  /** Changes of rows with an op still pending here. */
  skipped: number;
  /** Changes recorded as pull issues. */
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

  async #drain(): Promise<PullReport> {
    const { store, api, clock } = this.#deps;
    const report: PullReport = { pages: 0, applied: 0, skipped: 0, issues: 0 };
    let more = true;
    while (more) {
      const page = await api.pull(this.cursor(), this.#deps.pageSize ?? 500);
      report.pages += 1;
      const seen: AppliedChange[] = [];
      store.write((tx) => {
        const now = clock.now().toISOString();
        for (const change of page.changes) {
          const entity = entityOfChange(change);
          if (store.rows.clinicOps.hasPending(entity)) {
            report.skipped += 1;
            continue;
          }
          try {
            // A savepoint per change: a failed one leaves nothing of itself behind.
            const applied = store.write((inner) => applyChange(inner, change, { ...this.#deps }));
            if (applied) seen.push(applied);
            report.applied += 1;
          } catch (error) {
            report.issues += 1;
            const reason = error instanceof Error ? error.message : String(error);
            store.rows.clinicPull.addIssue(tx, {
              change_id: change.id,
              kind: change.kind,
              entity,
              reason,
              at: now,
            });
          }
        }
        if (page.cursor !== null) store.rows.clinicPull.setCursor(tx, JSON.stringify(page.cursor), now);
      });
      // A template revoked at the clinic is gone from this file and its WAL too, as a local deletion is.
      if (seen.some((c) => c.kind === 'template' && c.descriptors === null)) store.eraseDeleted();
      if (seen.length > 0) this.#deps.onApplied?.(seen);
      more = page.more && page.changes.length > 0;
    }
    return report;
  }
}
