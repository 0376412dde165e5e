/**
 * The registry flowing up: pushes this desk's pending ops in the order they were written, a batch
 * per call of api.push_ops, and records each outcome in one SQLite transaction per batch. The
 * clinic answers an op id it has seen from its stored outcome, so an answer lost on the way back
 * (a crash, a cut cable) only means the batch is pushed again and nothing is stored twice.
 *
 * A rejected op is kept with its reason, returned and listed for the admin, and never blocks the
 * ops after it. `iin_taken` (another desk registered the same IIN first) is handed to `onIinTaken`
 * in the same transaction (iin-taken.ts moves the local record to the clinic's id when simple),
 * and what it did is kept with the answer.
 */
import type { Clock } from '../clock.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { OpOutcome, RegistryOp } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import type { ClinicOpRow } from './clinic-op-rows.ts';
import { oneAtATime } from './one-at-a-time.ts';

export interface RejectedOp {
  opId: string;
  kind: string;
  /** The local row it was about ('patient:<id>', …). */
  entity: string;
  reason: string;
  /** iin_taken: the clinic's patient with this IIN. */
  existingPatientId?: string;
  /** iin_taken: what this desk did about it (re-pointed, or why not). */
  desk?: unknown;
  at: string | null;
}

export interface PushReport {
  /** Ops the clinic answered in this run (a repeated answer counts as well). */
  pushed: number;
  applied: number;
  rejected: RejectedOp[];
  /** Ops still waiting (written while the push ran). */
  pending: number;
}

export interface RegistryPusherDeps {
  store: DeskStore;
  api: Pick<ClinicDeskApi, 'pushOps'>;
  clock: Clock;
  /** Ops per call (each call is one transaction at the clinic). */
  batchSize?: number;
  /**
   * iin_taken for the local patient `from`: the clinic has the person as `to`. Runs in the
   * transaction that records the answer; its result is kept with it (iin-taken.ts repointPatient).
   */
  onIinTaken?: (tx: Tx, from: string, to: string) => unknown;
}

function rejectedOf(row: ClinicOpRow): RejectedOp {
  const detail = (row.outcome_detail ? JSON.parse(row.outcome_detail) : {}) as Partial<OpOutcome> & {
    reason?: string;
    existingPatientId?: string;
    desk?: unknown;
  };
  return {
    opId: row.op_id,
    kind: row.kind,
    entity: row.entity,
    reason: detail.reason ?? 'unknown',
    ...(detail.existingPatientId ? { existingPatientId: detail.existingPatientId } : {}),
    ...(detail.desk === undefined ? {} : { desk: detail.desk }),
    at: row.settled_at,
  };
}

export class RegistryPusher {
  readonly #deps: RegistryPusherDeps;
  /** Pushes until nothing is pending; concurrent calls share the next run. Network errors throw. */
  readonly push: () => Promise<PushReport>;

  constructor(deps: RegistryPusherDeps) {
    this.#deps = deps;
    this.push = oneAtATime(() => this.#drain());
  }

  pendingCount(): number {
    return this.#deps.store.rows.clinicOps.pendingCount();
  }

  /** The ops the clinic refused, newest first (for the admin's screen). */
  rejected(limit = 100): RejectedOp[] {
    return this.#deps.store.rows.clinicOps.rejected(limit).map(rejectedOf);
  }

  async #drain(): Promise<PushReport> {
    const { store, api, clock } = this.#deps;
    const report: PushReport = { pushed: 0, applied: 0, rejected: [], pending: 0 };
    for (;;) {
      const batch = store.rows.clinicOps.pending(this.#deps.batchSize ?? 200);
      if (batch.length === 0) break;
      const outcomes = await api.pushOps(batch.map((row) => JSON.parse(row.payload) as RegistryOp));
      const byId = new Map(outcomes.map((o) => [o.opId, o]));
      store.write((tx) => {
        const at = clock.now().toISOString();
        for (const row of batch) {
          const outcome = byId.get(row.op_id);
          // The clinic answers every op of a call or fails the call; a missing answer is a bug
          // there, and the op stays pending rather than being marked with a guess.
          if (!outcome) continue;
          const { opId: _opId, outcome: kind, ...answer } = outcome;
          let detail: Record<string, unknown> = answer;
          if (!store.rows.clinicOps.settle(tx, row.op_id, kind, detail, at)) continue;
          if (outcome.outcome === 'rejected' && outcome.reason === 'iin_taken' && outcome.existingPatientId) {
            // After settling: the handler supersedes the ops still pending about this patient.
            const from = (JSON.parse(row.payload) as { id: string }).id;
            const handled = this.#deps.onIinTaken?.(tx, from, outcome.existingPatientId);
            if (handled !== undefined) {
              detail = { ...answer, desk: handled };
              store.rows.clinicOps.setDetail(tx, row.op_id, detail);
            }
          }
          report.pushed += 1;
          if (kind === 'applied') report.applied += 1;
          else
            report.rejected.push(
              rejectedOf({ ...row, outcome: kind, outcome_detail: JSON.stringify(detail), settled_at: at }),
            );
        }
      });
      if (!batch.some((row) => byId.has(row.op_id))) break;
    }
    report.pending = store.rows.clinicOps.pendingCount();
    return report;
  }
}
