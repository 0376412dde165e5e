/**
 * Visits as the doctor sees them: one `visit_session` row from the moment the doctor starts until
 * the visit ends (identified, recorded online, code locked, abandoned, timed out), named by the id
 * every audit row and code of the visit carries. The `visit` table stays what it was, one row per
 * identification decision (a no-match then a code is two rows), now linked to its session.
 * Also: the patient's remembered language (screens, code texts, notifications) and a second kind
 * of supervisor flag, repeated face failures, which needs patient_flag rebuilt for its CHECK.
 */
import type { Migration } from '../migrate.ts';

export const visitSessions: Migration = {
  version: 8,
  name: 'visit sessions',
  sql: `
    CREATE TABLE visit_session (
      id TEXT PRIMARY KEY NOT NULL,
      patient_id TEXT REFERENCES patient (id),
      operator_id TEXT NOT NULL,
      desk_id TEXT NOT NULL,
      visit_type TEXT CHECK (visit_type IN ('in-person', 'online')),
      started_at TEXT NOT NULL,
      ended_at TEXT,
      end_state TEXT CHECK (
        end_state IN ('identified', 'recordedOnline', 'codeLocked', 'cancelled', 'timedOut', 'noChannel')
      ),
      method TEXT CHECK (method IN ('face', 'code', 'representative', 'slip', 'override')),
      -- Only when the patient volunteered one; free text, so short and never in the audit.
      refusal_reason TEXT CHECK (refusal_reason IS NULL OR length(refusal_reason) BETWEEN 1 AND 200),
      CHECK ((ended_at IS NULL) = (end_state IS NULL)),
      CHECK ((end_state = 'identified') = (method IS NOT NULL))
    ) STRICT;
    CREATE INDEX visit_session_by_patient ON visit_session (patient_id, started_at);
    CREATE INDEX visit_session_by_start ON visit_session (started_at);

    ALTER TABLE visit ADD COLUMN session_id TEXT REFERENCES visit_session (id);
    CREATE INDEX visit_by_patient_time ON visit (patient_id, decided_at);

    ALTER TABLE patient ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('kk', 'ru', 'en'));

    CREATE TABLE patient_flag_v8 (
      id INTEGER PRIMARY KEY,
      patient_id TEXT NOT NULL REFERENCES patient (id),
      kind TEXT NOT NULL CHECK (kind IN ('duplicate_face', 'repeated_face_failures')),
      other_patient_id TEXT REFERENCES patient (id),
      raised_at TEXT NOT NULL,
      resolved_at TEXT
    ) STRICT;
    INSERT INTO patient_flag_v8 SELECT id, patient_id, kind, other_patient_id, raised_at, resolved_at
      FROM patient_flag;
    DROP TABLE patient_flag;
    ALTER TABLE patient_flag_v8 RENAME TO patient_flag;
    CREATE INDEX patient_flag_open ON patient_flag (patient_id) WHERE resolved_at IS NULL;
  `,
};
