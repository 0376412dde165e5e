/** A real database and key file in a temporary folder, with the subkeys and a fixed clock. */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys, type Subkeys } from '../../src/core/crypto/subkeys.ts';
import { AuditLog } from '../../src/core/audit/audit-log.ts';
import { DATABASE_FILE_NAME, openDatabase, type OpenOptions } from '../../src/core/store/database.ts';

export interface TestStore {
  dir: string;
  dbPath: string;
  keyPath: string;
  db: Database.Database;
  keys: Subkeys;
  clock: Clock & { set(iso: string): void; advance(ms: number): void };
  audit: AuditLog;
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
  const db = openDatabase(dbPath, options);
  const keys = deriveSubkeys(keyFileProvider(keyPath, { create: true }));
  const clock = manualClock();
  return { dir, dbPath, keyPath, db, keys, clock, audit: new AuditLog(db, keys['audit-chain'], clock) };
}
