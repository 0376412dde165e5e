/**
 * What the desk remembers about sending its evidence to the clinic (src/core/clinic-sync).
 *
 * `clinic_ack` is the clinic's last acknowledgement of the desk's chain head: the push cursor (audit
 * rows after it are unsent) and, with its copy in a sealed file outside this database, what the
 * start check compares the chain against. It stands only on a row the chain holds, because the
 * clinic acknowledges only rows this desk sent, and it never moves back.
 *
 * `clinic_unsent` queues the decisions and ended visits not yet acknowledged. Triggers fill it, so
 * no code path that writes a decision or ends a visit can forget to; a push deletes what the
 * clinic took, in the transaction that stores the acknowledgement. A queue instead of a "pushed"
 * flag on the evidence tables: those stay as the visit flow writes them, and a push reads a few
 * queued ids instead of scanning years of decisions. Existing rows are queued by this migration:
 * a desk that never pushed has sent nothing yet.
 */
import type { Migration } from '../migrate.ts';

export const clinicEvidence: Migration = {
  version: 12,
  name: 'clinic evidence',
  sql: `
    CREATE TABLE clinic_ack (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      hash BLOB NOT NULL CHECK (length(hash) = 32),
      acknowledged_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER clinic_ack_on_a_row BEFORE INSERT ON clinic_ack
      WHEN NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'the clinic acknowledgement must be an audit row of this desk'); END;
    CREATE TRIGGER clinic_ack_forward_only BEFORE UPDATE ON clinic_ack
      WHEN NEW.id <> OLD.id OR NEW.seq < OLD.seq
        OR NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'the clinic acknowledgement only moves forward, onto an audit row'); END;

    CREATE TABLE clinic_unsent (
      n INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('decision', 'visit')),
      id TEXT NOT NULL,
      UNIQUE (kind, id)
    ) STRICT;
    CREATE TRIGGER decision_unsent AFTER INSERT ON decision
      BEGIN INSERT OR IGNORE INTO clinic_unsent (kind, id) VALUES ('decision', NEW.id); END;
    CREATE TRIGGER visit_ended_unsent AFTER UPDATE OF ended_at ON visit
      WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL
      BEGIN INSERT OR IGNORE INTO clinic_unsent (kind, id) VALUES ('visit', NEW.id); END;
    CREATE TRIGGER visit_inserted_ended_unsent AFTER INSERT ON visit
      WHEN NEW.ended_at IS NOT NULL
      BEGIN INSERT OR IGNORE INTO clinic_unsent (kind, id) VALUES ('visit', NEW.id); END;

    INSERT INTO clinic_unsent (kind, id) SELECT 'decision', id FROM decision ORDER BY decided_at, rowid;
    INSERT INTO clinic_unsent (kind, id)
      SELECT 'visit', id FROM visit WHERE ended_at IS NOT NULL ORDER BY ended_at, rowid;
  `,
};
