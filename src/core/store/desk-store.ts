/**
 * The desk's data behind one surface. Every table is reached through a repository (its SQL lives
 * there and nowhere else), and every write through an explicit transaction handle:
 *
 *   store.write((tx) => {
 *     store.rows.patients.insert(tx, row);
 *     audit.append(tx, { ...actor, patientId: row.id, event: 'patient_registered' });
 *   });
 *
 * One IMMEDIATE transaction per `write` (a savepoint when nested), rolled back as a whole on any
 * error; reads need no handle. Signal Desktop's ts/sql/Interface is the model of the shape;
 * SQLite and its synchronous speed stay on the desk. This is the seam the clinic database syncs
 * through: what a desk writes, it writes here.
 */
import type Database from 'better-sqlite3';
import { AuditRows } from '../audit/audit-rows.ts';
import { ClinicOpRows } from '../clinic-sync/clinic-op-rows.ts';
import { ClinicPullRows } from '../clinic-sync/clinic-pull-rows.ts';
import { ClinicRegistryRows } from '../clinic-sync/clinic-registry-rows.ts';
import { EvidenceRows } from '../clinic-sync/evidence-rows.ts';
import { CodeRows } from '../codes/code-rows.ts';
import { KeyCheckRows } from '../crypto/key-check-rows.ts';
import { ConsentRows } from '../enrolment/consent-rows.ts';
import { TemplateRows } from '../enrolment/template-rows.ts';
import { OutboxRows } from '../notify/outbox-rows.ts';
import { OperatorRows } from '../operators/operator-rows.ts';
import { ThrottleRows } from '../operators/throttle-rows.ts';
import { FlagRows } from '../patients/flag-rows.ts';
import { PatientRows } from '../patients/patient-rows.ts';
import { RepresentativeRows } from '../patients/representative-rows.ts';
import { DecisionRows } from '../visit/decision-rows.ts';
import { VisitRows } from '../visit/visit-rows.ts';
import { openDatabase, type OpenOptions } from './database.ts';
import { eraseDeletedContent } from './secure-erase.ts';
import { runInTransaction, withStoreErrors } from './transaction.ts';
import { TxRegistry, type Tx } from './tx.ts';

/** Every repository of the desk's database, owned by its store. */
export interface Repositories {
  audit: AuditRows;
  patients: PatientRows;
  representatives: RepresentativeRows;
  flags: FlagRows;
  consents: ConsentRows;
  templates: TemplateRows;
  operators: OperatorRows;
  /** The unknown-login throttle's run and pause. */
  throttle: ThrottleRows;
  codes: CodeRows;
  outbox: OutboxRows;
  decisions: DecisionRows;
  visits: VisitRows;
  keyCheck: KeyCheckRows;
  /** The registry ops pushed to the clinic (clinic mode only; empty on a single desk). */
  clinicOps: ClinicOpRows;
  clinicPull: ClinicPullRows;
  clinicRegistry: ClinicRegistryRows;
  /** What went up to the clinic: its acknowledgement, the unsent decisions and visits. */
  evidence: EvidenceRows;
}

export class DeskStore {
  readonly rows: Repositories;
  readonly #db: Database.Database;
  readonly #tx = new TxRegistry();
  readonly #afterCommit = new Set<() => void>();

  constructor(db: Database.Database) {
    this.#db = db;
    const guard = this.#tx.guard;
    this.rows = {
      audit: new AuditRows(db, guard),
      patients: new PatientRows(db, guard),
      representatives: new RepresentativeRows(db, guard),
      flags: new FlagRows(db, guard),
      consents: new ConsentRows(db, guard),
      templates: new TemplateRows(db, guard),
      operators: new OperatorRows(db, guard),
      throttle: new ThrottleRows(db, guard),
      codes: new CodeRows(db, guard),
      outbox: new OutboxRows(db, guard),
      decisions: new DecisionRows(db, guard),
      visits: new VisitRows(db, guard),
      keyCheck: new KeyCheckRows(db, guard),
      clinicOps: new ClinicOpRows(db, guard),
      clinicPull: new ClinicPullRows(db, guard),
      clinicRegistry: new ClinicRegistryRows(db, guard),
      evidence: new EvidenceRows(db, guard),
    };
  }

  /** Opens the database file (pragmas, migrations; see database.ts) behind a store. */
  static open(path: string, options: OpenOptions = {}): DeskStore {
    return new DeskStore(openDatabase(path, options));
  }

  /** One write transaction: everything written through `tx` commits together, or none of it. */
  write<T>(work: (tx: Tx) => T): T {
    const result = runInTransaction(this.#db, () => this.#tx.run(work));
    // Only after the outermost commit: a nested write is a savepoint that may still roll back.
    if (!this.#db.inTransaction) for (const listener of this.#afterCommit) listener();
    return result;
  }

  /**
   * Calls `listener` after each committed write transaction (not after a rollback); it must not
   * throw. For what is kept outside the file (audit/chain-head-keeper.ts). Returns the unsubscribe.
   */
  onCommit(listener: () => void): () => void {
    this.#afterCommit.add(listener);
    return () => this.#afterCommit.delete(listener);
  }

  /** Several reads from one snapshot (a deferred read transaction), e.g. a report's two counts. */
  snapshot<T>(work: () => T): T {
    return withStoreErrors(() => this.#db.transaction(work).deferred());
  }

  /**
   * Makes deleted rows really gone from the file and its WAL (secure-erase.ts); false: a reader
   * held an older snapshot, retry later.
   */
  eraseDeleted(waitMs?: number): boolean {
    return eraseDeletedContent(this.#db, waitMs);
  }

  /** A copy through SQLite's online backup API (a WAL file must not be copied as a file). */
  async backupTo(path: string): Promise<void> {
    await this.#db.backup(path);
  }

  /** SQLite's integrity check ('quick': without the index cross-checks): 'ok', or its first finding. */
  integrity(options: { quick?: boolean } = {}): string {
    const check = options.quick ? 'quick_check' : 'integrity_check';
    return withStoreErrors(() => String(this.#db.pragma(check, { simple: true })));
  }

  /**
   * The raw connection, for the store's own tools (backup.ts) and for tests that inspect the file.
   * Domain code goes through `rows`; src/main never reaches here (eslint forbids it).
   */
  get connection(): Database.Database {
    return this.#db;
  }

  close(): void {
    this.#db.close();
  }
}
