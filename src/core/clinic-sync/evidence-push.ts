/**
 * What flows up: the desk's audit rows after the clinic's last acknowledgement, in seq order, with
 * the decisions and ended visits waiting in the queue, pushed to api.push_audit in bounded
 * batches. Each answer is checked against the local chain, kept in the sealed file and then, in
 * one transaction, in the database together with the removal of what the clinic took.
 *
 * Why retrying is always safe: nothing local changes until the clinic has answered, and the
 * clinic takes rows at or below its head as no-ops when identical, decisions and visits once per
 * id (docs/CLINIC-PROTOCOL.md). A lost answer, a desk killed between the answer and the commit, or
 * a connection dropped mid-call therefore only means the next push sends some rows again.
 *
 * The file is written before the database: if the desk dies between the two, the file is ahead
 * (harmless: the chain holds its head, the next push catches the database up), never behind.
 */
import { ClinicError, type ClinicErrorCode } from '../../shared/clinic-errors.ts';
import type { Clock } from '../clock.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { Ack, AuditBatch, ClinicAuditRow } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { placeOfHead } from './ack-check.ts';
import type { ClinicAckFile } from './clinic-ack.ts';
import type { StoredAck } from './evidence-rows.ts';

/** 500 rows of about 400 bytes: a push well under a second on the 2-core desks, even offline backlogs. */
export const DEFAULT_EVIDENCE_BATCH = 500;

export interface EvidencePusherOptions {
  store: DeskStore;
  ackFile: ClinicAckFile;
  clock: Clock;
  /** At most this many audit rows, and as many decisions and visits, per push. */
  batchSize?: number;
}

export interface PushReport {
  /** Calls made to the clinic (0: nothing was waiting). */
  batches: number;
  rows: number;
  decisions: number;
  visits: number;
  /** The clinic's acknowledgement after the last batch (null: it holds no row of this desk). */
  ack: StoredAck | null;
}

export interface Backlog {
  rows: number;
  decisions: number;
  visits: number;
}

/**
 * Refusals that retrying does not mend: the chain at the clinic and the desk's disagree, a record
 * was rewritten, or the desk is not (or no longer) one of the clinic's. The desk must say so;
 * anything else (unreachable, a dropped connection, a server failure) is retried later.
 */
const REFUSALS: ReadonlySet<ClinicErrorCode> = new Set([
  'CLINIC_CHAIN_GAP',
  'CLINIC_CHAIN_FORK',
  'CLINIC_RECORD_CONFLICT',
  'CLINIC_INVALID_BATCH',
  'CLINIC_DESK_UNKNOWN',
  'CLINIC_ACK_MISMATCH',
]);

export function isEvidenceRefused(error: unknown): boolean {
  return error instanceof ClinicError && REFUSALS.has(error.code);
}

interface Prepared {
  batch: AuditBatch;
  lastSeq: number | null;
  positions: number[];
  full: boolean;
}

function mismatch(message: string): ClinicError {
  return new ClinicError('CLINIC_ACK_MISMATCH', `${message}; nothing was stored on the desk.`);
}

export class EvidencePusher {
  readonly #store: DeskStore;
  readonly #ackFile: ClinicAckFile;
  readonly #clock: Clock;
  readonly #size: number;
  /** The last push asked for: pushes run one after another, never two batches at once. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: EvidencePusherOptions) {
    this.#store = options.store;
    this.#ackFile = options.ackFile;
    this.#clock = options.clock;
    this.#size = options.batchSize ?? DEFAULT_EVIDENCE_BATCH;
  }

  /**
   * Pushes everything waiting, batch after batch, until nothing is left: what was committed before
   * the call has reached the clinic when it resolves. A call while another runs waits for it (and
   * then usually finds little left), so a timer and an end-of-visit push may overlap freely.
   * Throws the ClinicError of the first failed batch; the batches before it stay acknowledged.
   */
  push(api: Pick<ClinicDeskApi, 'pushAudit'>): Promise<PushReport> {
    const run = this.#tail.then(() => this.#pushAll(api));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** What waits for the clinic: for the desk's sync state and the offline budget. */
  backlog(): Backlog {
    return this.#store.snapshot(() => {
      const rows = this.#store.rows;
      const from = Math.max(rows.evidence.ack()?.seq ?? 0, rows.audit.anchor().seq);
      return { rows: Math.max(0, rows.audit.tip().seq - from), ...rows.evidence.unsentCounts() };
    });
  }

  async #pushAll(api: Pick<ClinicDeskApi, 'pushAudit'>): Promise<PushReport> {
    const report: PushReport = { batches: 0, rows: 0, decisions: 0, visits: 0, ack: null };
    report.ack = this.#store.rows.evidence.ack();
    for (;;) {
      const next = this.#prepare();
      if (next === null) return report;
      const answer = await api.pushAudit(next.batch);
      report.ack = this.#keep(answer, next) ?? report.ack;
      report.batches += 1;
      report.rows += next.batch.rows.length;
      report.decisions += next.batch.decisions?.length ?? 0;
      report.visits += next.batch.visits?.length ?? 0;
      if (!next.full) return report;
    }
  }

  /** The next batch, read from one snapshot so rows, decisions and visits are of one moment. */
  #prepare(): Prepared | null {
    const size = this.#size;
    return this.#store.snapshot(() => {
      const { audit, evidence } = this.#store.rows;
      // After a retention purge that ran before the desk ever pushed, the chain starts at the anchor.
      const from = Math.max(evidence.ack()?.seq ?? 0, audit.anchor().seq);
      const rows = audit.after(from, size);
      const decisions = evidence.unsentDecisions(size);
      const visits = evidence.unsentVisits(size);
      if (rows.length === 0 && decisions.length === 0 && visits.length === 0) return null;
      const start = audit.hashAt(from);
      if (start === null) {
        throw mismatch(`the local chain no longer holds row ${from}, the acknowledged head`);
      }
      let prev: Buffer = start;
      const linked: ClinicAuditRow[] = [];
      for (const { hash, ...record } of rows) {
        linked.push({ ...record, prevHash: prev.toString('hex'), hash: hash.toString('hex') });
        prev = hash;
      }
      const positions = [...decisions.map((d) => d.n), ...visits.map((v) => v.n)];
      return {
        batch: {
          rows: linked,
          decisions: decisions.map(({ n: _n, ...decision }) => decision),
          visits: visits.map(({ n: _n, ...visit }) => visit),
        },
        lastSeq: linked.at(-1)?.seq ?? null,
        positions,
        full: rows.length === size || decisions.length === size || visits.length === size,
      };
    });
  }

  /** Checks the clinic's answer, keeps it (file, then database); returns the acknowledgement now held. */
  #keep(answer: Ack, sent: Prepared): StoredAck | null {
    const store = this.#store;
    const stored = store.rows.evidence.ack();
    const file = this.#ackFile.read();
    const before = Math.max(stored?.seq ?? 0, file.status === 'ok' ? file.ack.seq : 0);
    if (answer === null) {
      if (sent.lastSeq !== null || before > 0) {
        throw mismatch('the clinic answered that it holds no row of this desk after the desk pushed rows');
      }
      store.write((tx) => store.rows.evidence.markSent(tx, sent.positions));
      return null;
    }
    if (answer.seq < before || (sent.lastSeq !== null && answer.seq < sent.lastSeq)) {
      throw mismatch(`the clinic acknowledged row ${answer.seq}, less than the desk pushed before`);
    }
    const place = placeOfHead(store.rows.audit, answer);
    const moved = stored === null || stored.seq !== answer.seq || stored.hash !== answer.hash;
    // A head the chain does not hold: the clinic has rows this database does not (restored behind it).
    if (place !== 'present' && !(place === 'purged' && !moved)) {
      throw mismatch(
        `the clinic holds this desk's chain up to row ${answer.seq}, which the local chain does not (${place})`,
      );
    }
    const ack: StoredAck = moved
      ? { ...answer, acknowledgedAt: this.#clock.now().toISOString() }
      : (stored as StoredAck);
    if (file.status !== 'ok' || file.ack.seq !== ack.seq || file.ack.hash !== ack.hash) {
      this.#ackFile.write(ack);
    }
    store.write((tx) => {
      if (moved) store.rows.evidence.saveAck(tx, answer, ack.acknowledgedAt);
      store.rows.evidence.markSent(tx, sent.positions);
    });
    return ack;
  }
}
