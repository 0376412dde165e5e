/**
 * The append-only, hash-chained audit trail and the visits whose decisions it records. The audit
 * has no foreign keys on purpose: it must outlive anything it mentions.
 */
import type { Migration } from '../migrate.ts';

export const auditAndVisits: Migration = {
  version: 3,
  name: 'audit trail and visits',
  sql: `
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY CHECK (seq >= 1),
      at TEXT NOT NULL,
      operator_id TEXT NOT NULL,
      desk_id TEXT NOT NULL,
      patient_id TEXT,
      visit_id TEXT,
      event TEXT NOT NULL,
      method TEXT,
      distance REAL,
      threshold REAL,
      model_version TEXT,
      -- HMAC-SHA-256(chain key, previous row's hash || canonical JSON of this row).
      hash BLOB NOT NULL CHECK (length(hash) = 32)
    ) STRICT;
    CREATE INDEX audit_log_by_time ON audit_log (at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    CREATE TABLE visit (
      id TEXT PRIMARY KEY NOT NULL,
      patient_id TEXT NOT NULL REFERENCES patient (id),
      operator_id TEXT NOT NULL,
      desk_id TEXT NOT NULL,
      decided_at TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('identified', 'not_identified')),
      method TEXT NOT NULL CHECK (method IN ('face', 'code', 'representative', 'slip', 'override')),
      distance REAL,
      threshold REAL,
      model_version TEXT
    ) STRICT;
    CREATE INDEX visit_by_patient ON visit (patient_id);
  `,
};
