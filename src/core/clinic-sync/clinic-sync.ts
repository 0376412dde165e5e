/**
 * The desk's side of the clinic database, run by the composition root when the configuration names
 * one: it connects with the desk's own role, checks that the desk's chain still holds what the
 * clinic acknowledged, pushes the evidence, tells the clinic what still waits (its offline budget,
 * seen from the clinic's report), and lets the registry sync do its part on the same
 * connection. The desk never waits for any of it: a visit is decided and recorded locally, and an
 * unreachable clinic only makes the desk "offline" until the next round.
 *
 * A refusal that retrying cannot fix (the clinic sees a fork or a gap, the desk's chain lost what
 * the clinic acknowledged, the desk was revoked) stops the pushing and stays as the desk's problem
 * for the admin: pushing on would only hide it. Saying how much waits goes on.
 */
import type pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';
import type { ClinicLinkState, ClinicStatus } from '../../shared/ipc/clinic-channels.ts';
import type { Clock } from '../clock.ts';
import type { ReportPeriod } from '../audit/fraud-report.ts';
import { clinicFraudReport, type ClinicFraudReport } from '../clinic/clinic-fraud-report.ts';
import { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { checkAgainstAck, checkAgainstClinic, type AckVerdict } from './ack-check.ts';
import type { ClinicAckFile } from './clinic-ack.ts';
import type { ClinicLinkSource } from './clinic-link.ts';
import { EvidencePusher, isEvidenceRefused } from './evidence-push.ts';
import type { OfflineBudget, UnsentEvidence } from './offline-budget.ts';

type ClinicView = Extract<ClinicStatus, { mode: 'clinic' }>;

/** Work the registry sync does in a round, on the round's connection. */
export interface SyncPart {
  round(api: ClinicDeskApi, client: pg.Client): Promise<void>;
  /** Registry changes not yet pushed. */
  pending(): number;
}

export interface ClinicSyncOptions {
  desk: string;
  /** host/database, for the admin's screen (never the credentials). */
  server: string;
  /** Opens a connection as the desk's role (connect.ts's rule applies inside). */
  connect: () => Promise<pg.Client>;
  store: DeskStore;
  ackFile: ClinicAckFile;
  clock: Clock;
  /** How often a round runs on its own; null: only when asked (tests). */
  intervalMs?: number | null;
  /**
   * How often the desk looks for work of its own to push (a decision, an audit row, a registry
   * op), so a patient enrolled here is at the other desks within a second or two rather than at
   * the next timed round; null: never (the default when `intervalMs` is null).
   */
  watchMs?: number | null;
  parts?: readonly SyncPart[];
  /** Told once about a problem that stops the pushing (for the log and the admin's alerts). */
  onProblem?: (problem: SyncProblem) => void;
}

export type SyncProblem =
  { kind: 'chain'; verdict: Extract<AckVerdict, { ok: false }> } | { kind: 'refused'; code: string };

/** One word for why the sync stopped, for the audit row, the admin's alert and the log. */
export function syncProblemReason(problem: SyncProblem): string {
  return problem.kind === 'chain' ? `chain-${problem.verdict.problem}` : problem.code;
}

/** How often a running desk looks for its own waiting work: a push within about a second of the write. */
const WATCH_MS = 500;
/** A desk that failed to reach the clinic waits this long before its own work asks again, doubling to the cap. */
const RETRY_FIRST_MS = 1_000;
const RETRY_CAP_MS = 30_000;
/** The refused changes the admin's Clinic tab lists, newest first (it says how many there are in all). */
const REJECTS_SHOWN = 200;

const iso = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());

export class ClinicSync implements ClinicLinkSource {
  readonly desk: string;
  readonly server: string;
  readonly #o: ClinicSyncOptions;
  readonly #pusher: EvidencePusher;
  #client: pg.Client | null = null;
  #state: ClinicLinkState = 'offline';
  #lastContactAt: string | null = null;
  #problem: SyncProblem | null = null;
  #round: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #watch: NodeJS.Timeout | null = null;
  #busy = false;
  #failures = 0;
  #retryAt = 0;
  #closed = false;

  constructor(options: ClinicSyncOptions) {
    this.#o = options;
    this.desk = options.desk;
    this.server = options.server;
    this.#pusher = new EvidencePusher({
      store: options.store,
      ackFile: options.ackFile,
      clock: options.clock,
    });
    // At start, before anything is pushed: a chain that lost what the clinic acknowledged is caught here.
    const verdict = checkAgainstAck(options.store, options.ackFile);
    if (!verdict.ok) this.#stop({ kind: 'chain', verdict });
    const every = options.intervalMs === undefined ? 30_000 : options.intervalMs;
    if (every !== null) {
      this.#timer = setInterval(() => void this.sync(), every);
      this.#timer.unref();
      void this.sync();
    }
    const watch = options.watchMs === undefined ? (every === null ? null : WATCH_MS) : options.watchMs;
    if (watch !== null) {
      this.#watch = setInterval(() => this.#pushIfWaiting(), watch);
      this.#watch.unref();
    }
  }

  /** A round when this desk holds something the clinic has not acknowledged (and no round is due to fail). */
  #pushIfWaiting(): void {
    if (this.#closed || this.#busy || this.#problem !== null) return;
    if (performance.now() < this.#retryAt) return;
    const { rows, decisions, visits } = this.#pusher.backlog();
    const changes = (this.#o.parts ?? []).reduce((sum, part) => sum + part.pending(), 0);
    if (rows + decisions + visits + changes > 0) void this.sync();
  }

  /** Why pushing stopped, or null. */
  problem(): SyncProblem | null {
    return this.#problem;
  }

  /** One round now (after a visit ends, on the timer): rounds never overlap; never throws. */
  sync(): Promise<void> {
    this.#round = this.#round.then(() => this.#syncOnce());
    return this.#round;
  }

  async #syncOnce(): Promise<void> {
    if (this.#closed) return;
    if (this.#problem !== null) return this.#reportStopped();
    this.#busy = true;
    try {
      const client = await this.#connected();
      const api = new ClinicDeskApi(client);
      const verdict = checkAgainstClinic(this.#o.store, await api.heads(), this.#o.ackFile);
      if (!verdict.ok) {
        this.#stop({ kind: 'chain', verdict });
        return await this.#reportStopped();
      }
      await this.#pusher.push(api);
      // What still waits after the push (usually what was recorded meanwhile): the clinic's report
      // weighs it against the offline budget, which the clinic cannot count itself.
      await api.reportBacklog(this.#unsentEvidence());
      for (const part of this.#o.parts ?? []) await part.round(api, client);
      this.#state = 'online';
      this.#lastContactAt = this.#o.clock.now().toISOString();
      this.#failures = 0;
      this.#retryAt = 0;
    } catch (error) {
      this.#failures += 1;
      this.#retryAt = performance.now() + Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** (this.#failures - 1));
      await this.#drop();
      if (error instanceof ClinicError && error.code === 'CLINIC_DESK_UNKNOWN') this.#state = 'revoked';
      else this.#state = 'offline';
      if (isEvidenceRefused(error)) this.#stop({ kind: 'refused', code: (error as ClinicError).code });
    } finally {
      this.#busy = false;
    }
  }

  /**
   * A stopped sync pushes nothing, yet the clinic should still see this desk's evidence piling up
   * (its report flags the desk past the budget), so each round still says how much waits; and a
   * chain that lost what the clinic acknowledged is told to the clinic too, so `clinic verify`
   * finds the restored desk, not only the desk itself (the clinic keeps each finding once). Not
   * once revoked: the clinic refuses the role anyway. Failures only mean "offline".
   */
  async #reportStopped(): Promise<void> {
    if (this.#state === 'revoked') return;
    try {
      const api = new ClinicDeskApi(await this.#connected());
      if (this.#problem?.kind === 'chain') {
        const { verdict } = this.#problem;
        await api.reportChainProblem({
          problem: verdict.problem,
          ackedSeq: verdict.ack.seq,
          localSeq: verdict.localSeq,
        });
      }
      await api.reportBacklog(this.#unsentEvidence());
    } catch {
      await this.#drop();
    }
  }

  async #connected(): Promise<pg.Client> {
    if (this.#client !== null) return this.#client;
    const client = await this.#o.connect();
    // A dropped connection is noticed by the next call; the error event must not crash the desk.
    client.on('error', () => void this.#drop());
    this.#client = client;
    return client;
  }

  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #stop(problem: SyncProblem): void {
    if (this.#problem !== null) return;
    this.#problem = problem;
    this.#o.onProblem?.(problem);
  }

  state(): ClinicLinkState {
    return this.#state;
  }

  lastContactAt(): string | null {
    return this.#lastContactAt;
  }

  acknowledged(): { seq: number; at: string | null } | null {
    const ack = this.#o.store.rows.evidence.ack();
    return ack === null ? null : { seq: ack.seq, at: iso(ack.acknowledgedAt) };
  }

  unsent(): UnsentEvidence & { changes: number } {
    const changes = (this.#o.parts ?? []).reduce((sum, part) => sum + part.pending(), 0);
    return { ...this.#unsentEvidence(), changes };
  }

  #unsentEvidence(): UnsentEvidence {
    const { decisions } = this.#pusher.backlog();
    const oldest = this.#o.store.rows.evidence.unsentDecisions(1)[0];
    return { decisions, oldestAt: oldest === undefined ? null : iso(oldest.decidedAt) };
  }

  async clinicDesks(): Promise<ClinicView['desks']> {
    const heads = await this.#withApi((api) => api.heads());
    return heads.desks.map((d) => ({
      desk: d.desk,
      lastContactAt: iso(d.lastContactAt),
      headSeq: d.head?.seq ?? null,
      acknowledgedAt: iso(d.acknowledgedAt),
      unsentDecisions: d.unsent?.decisions ?? null,
      revoked: d.revoked,
    }));
  }

  /** The clinic-wide anti-fraud report (the caller falls back to the desk's own when this fails). */
  fraudReport(period: ReportPeriod, budget: OfflineBudget): Promise<ClinicFraudReport> {
    return this.#withApi((api) => clinicFraudReport(api, period, budget));
  }

  async rejects(): Promise<ClinicView['rejects']> {
    const recent = await this.#withApi((api) => api.recentRejects(REJECTS_SHOWN));
    return {
      total: recent.total,
      newest: recent.rows.map((r) => ({ desk: r.desk, kind: r.kind, reason: r.reason, at: iso(r.at) })),
    };
  }

  async duplicates(): Promise<ClinicView['duplicates']> {
    const flags = await this.#withApi((api) => api.duplicates());
    return flags.map((f) => ({
      desk: f.desk,
      kind: f.kind,
      patientId: f.patientId,
      otherPatientId: f.otherPatientId,
      at: iso(f.at),
    }));
  }

  /** An admin's read, queued behind the sync's own calls on the one connection. */
  #withApi<T>(read: (api: ClinicDeskApi) => Promise<T>): Promise<T> {
    const run = this.#round.then(async () => read(new ClinicDeskApi(await this.#connected())));
    this.#round = run.then(
      () => undefined,
      () => this.#drop(),
    );
    return run;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#watch !== null) clearInterval(this.#watch);
    await this.#round;
    await this.#drop();
  }
}
