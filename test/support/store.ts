/** A real database and key file in a temporary folder, with the subkeys and a fixed clock. */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys, type Subkeys } from '../../src/core/crypto/subkeys.ts';
import { AuditLog } from '../../src/core/audit/audit-log.ts';
import type { AuditEntryInput } from '../../src/core/audit/events.ts';
import { DATABASE_FILE_NAME, type OpenOptions } from '../../src/core/store/database.ts';
import { DeskStore } from '../../src/core/store/desk-store.ts';

export interface TestStore {
  dir: string;
  dbPath: string;
  keyPath: string;
  store: DeskStore;
  /** The raw connection, for reading the file's rows back in assertions. */
  db: Database.Database;
  keys: Subkeys;
  clock: Clock & { set(iso: string): void; advance(ms: number): void };
  audit: AuditLog;
  /** Appends one audit row in its own transaction. */
  record(entry: AuditEntryInput): ReturnType<AuditLog['append']>;
}

/** A clock tests move by hand; starts at the given time. */
export function manualClock(start = '2026-11-22T09:00:00.000Z'): TestStore['clock'] {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = Date.parse(iso);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export function openTestStore(dir: string, options: OpenOptions = {}): TestStore {
  const dbPath = join(dir, DATABASE_FILE_NAME);
  const keyPath = join(dir, 'data.key');
  const store = DeskStore.open(dbPath, options);
  const keys = deriveSubkeys(keyFileProvider(keyPath, { create: true }));
  const clock = manualClock();
  const audit = new AuditLog(store.rows.audit, keys['audit-chain'], clock);
  return {
    dir,
    dbPath,
    keyPath,
    store,
    db: store.connection,
    keys,
    clock,
    audit,
    record: (entry) => store.write((tx) => audit.append(tx, entry)),
  };
}

/** The audit rows of a raw connection (one a test opened to tamper with the file). */
export function auditOf(db: Database.Database): DeskStore['rows']['audit'] {
  return new DeskStore(db).rows.audit;
}
