/**
 * Every code from a fresh random secret (codes/code-service.ts): a code no longer comes from the
 * install's HOTP secret and a counter in this file, which a restored backup rewound, so the same
 * codes came out again and anyone who had seen earlier slips knew the next ones. The counter goes;
 * each row keeps a random salt its keyed hash is bound to, with the visit. Codes still active at the
 * upgrade were made the old way and cannot be checked the new way: they are voided (superseded),
 * as a five-minute code would soon be anyway, and the patient is given a new one.
 */
import type { Migration } from '../migrate.ts';

export const codesOwnSecret: Migration = {
  version: 14,
  name: 'codes from their own secret',
  sql: `
    CREATE TABLE identification_code_next (
      id INTEGER PRIMARY KEY,
      patient_id TEXT NOT NULL REFERENCES patient (id) ON DELETE CASCADE,
      visit_id TEXT NOT NULL,
      -- Random, per code: the keyed hash covers it and the visit id (code-hash.ts).
      salt BLOB NOT NULL UNIQUE CHECK (length(salt) = 16),
      code_hash BLOB NOT NULL CHECK (length(code_hash) = 32),
      issued_at TEXT NOT NULL,
      expires_at TEXT NOT NULL CHECK (expires_at > issued_at),
      failed_tries INTEGER NOT NULL DEFAULT 0 CHECK (failed_tries BETWEEN 0 AND 5),
      -- voided: its visit was closed without it (interrupted, migration 015).
      state TEXT NOT NULL DEFAULT 'active'
        CHECK (state IN ('active', 'used', 'locked', 'superseded', 'voided')),
      settled_at TEXT
    ) STRICT;
    INSERT INTO identification_code_next
      (id, patient_id, visit_id, salt, code_hash, issued_at, expires_at, failed_tries, state, settled_at)
    SELECT id, patient_id, visit_id, randomblob(16), code_hash, issued_at, expires_at, failed_tries,
           CASE state WHEN 'active' THEN 'superseded' ELSE state END,
           CASE state WHEN 'active' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE settled_at END
    FROM identification_code;
    DROP TABLE identification_code;
    ALTER TABLE identification_code_next RENAME TO identification_code;
    CREATE INDEX identification_code_by_visit ON identification_code (visit_id, id);
    CREATE INDEX identification_code_by_patient ON identification_code (patient_id, issued_at);
    CREATE UNIQUE INDEX identification_code_one_active ON identification_code (visit_id)
      WHERE state = 'active';
    DROP TABLE code_counter;
  `,
};
