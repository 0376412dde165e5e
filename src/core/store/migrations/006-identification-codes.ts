/**
 * Six-digit identification codes. A row holds only a keyed hash of its code (HMAC-SHA-256 under the
 * 'code-hash' subkey, bound to the row's HOTP counter), never the code. Times are ISO 8601 UTC as
 * elsewhere, so they compare as text. At most one active code per visit: issuing a new one marks
 * the previous 'superseded' in the same transaction. The HOTP counter is install-wide and only moves
 * forward, so no two codes ever come from the same counter value.
 */
import type { Migration } from '../migrate.ts';

export const identificationCodes: Migration = {
  version: 6,
  name: 'identification codes',
  sql: `
    CREATE TABLE code_counter (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      next INTEGER NOT NULL CHECK (next >= 0)
    ) STRICT;
    INSERT INTO code_counter (id, next) VALUES (1, 0);
    CREATE TRIGGER code_counter_forward_only BEFORE UPDATE ON code_counter
      WHEN NEW.next <= OLD.next OR NEW.id <> OLD.id
      BEGIN SELECT RAISE(ABORT, 'the code counter only moves forward'); END;

    CREATE TABLE identification_code (
      id INTEGER PRIMARY KEY,
      patient_id TEXT NOT NULL REFERENCES patient (id) ON DELETE CASCADE,
      visit_id TEXT NOT NULL,
      counter INTEGER NOT NULL UNIQUE CHECK (counter >= 0),
      code_hash BLOB NOT NULL CHECK (length(code_hash) = 32),
      issued_at TEXT NOT NULL,
      expires_at TEXT NOT NULL CHECK (expires_at > issued_at),
      failed_tries INTEGER NOT NULL DEFAULT 0 CHECK (failed_tries BETWEEN 0 AND 5),
      state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'used', 'locked', 'superseded')),
      settled_at TEXT
    ) STRICT;
    CREATE INDEX identification_code_by_visit ON identification_code (visit_id, id);
    CREATE INDEX identification_code_by_patient ON identification_code (patient_id, issued_at);
    CREATE UNIQUE INDEX identification_code_one_active ON identification_code (visit_id)
      WHERE state = 'active';
  `,
};
