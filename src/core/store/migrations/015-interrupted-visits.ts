/**
 * A visit can end `interrupted`: open when the desk stopped (the app killed, the power cut), it is
 * closed at the next start with that end state, audited, and its code voided (visit/interrupted-
 * visits.ts). Before, such a visit stayed open for ever with a live code, and a doctor could kill
 * the app instead of leaving a visit that would show as abandoned. SQLite cannot widen a CHECK in
 * place, so `visit` is rebuilt (decision rows reference it: foreign keys off meanwhile, checked
 * before commit), with its indexes and the clinic queue's triggers as migration 012 made them.
 * The codes' `voided` state came with their own rebuild in migration 014.
 */
import type { Migration } from '../migrate.ts';

export const interruptedVisits: Migration = {
  version: 15,
  name: 'interrupted visits',
  rebuildsTables: true,
  sql: `
    CREATE TABLE visit_next (
      id TEXT PRIMARY KEY NOT NULL,
      patient_id TEXT REFERENCES patient (id),
      operator_id TEXT NOT NULL,
      desk_id TEXT NOT NULL,
      visit_type TEXT CHECK (visit_type IN ('in-person', 'online')),
      started_at TEXT NOT NULL,
      ended_at TEXT,
      end_state TEXT CHECK (
        end_state IN ('identified', 'recordedOnline', 'codeLocked', 'cancelled', 'timedOut', 'noChannel', 'interrupted')
      ),
      method TEXT CHECK (method IN ('face', 'code', 'representative', 'slip', 'override')),
      -- Only when the patient volunteered one; free text, so short and never in the audit.
      refusal_reason TEXT CHECK (refusal_reason IS NULL OR length(refusal_reason) BETWEEN 1 AND 200),
      CHECK ((ended_at IS NULL) = (end_state IS NULL)),
      CHECK ((end_state = 'identified') = (method IS NOT NULL))
    ) STRICT;
    INSERT INTO visit_next SELECT id, patient_id, operator_id, desk_id, visit_type, started_at, ended_at,
      end_state, method, refusal_reason FROM visit;
    DROP TABLE visit;
    ALTER TABLE visit_next RENAME TO visit;
    CREATE INDEX visit_by_patient ON visit (patient_id, started_at);
    CREATE INDEX visit_by_start ON visit (started_at);
    CREATE TRIGGER visit_ended_unsent AFTER UPDATE OF ended_at ON visit
      WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL
      BEGIN INSERT OR IGNORE INTO clinic_unsent (kind, id) VALUES ('visit', NEW.id); END;
    CREATE TRIGGER visit_inserted_ended_unsent AFTER INSERT ON visit
      WHEN NEW.ended_at IS NOT NULL
      BEGIN INSERT OR IGNORE INTO clinic_unsent (kind, id) VALUES ('visit', NEW.id); END;
  `,
};
