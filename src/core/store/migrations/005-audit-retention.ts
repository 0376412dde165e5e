/**
 * Retention of the audit trail. Purging old rows removes the start of the hash chain, so the chain
 * gets an anchor: the sequence number and hash of the last purged row, from which verification
 * starts instead of the all-zero genesis hash. The purge's own audit row carries the anchor, the
 * cut-off and the counts in `detail` (JSON, covered by the row's hash; NULL for every other event).
 *
 * DELETE on audit_log stays refused except in a purge: only rows up to the seq of a purge marker,
 * and only while the anchor stands exactly there. The purge sets marker and anchor, deletes and
 * removes the marker in one transaction, so no marker outlives it. The anchor can only move forward
 * onto an existing row and cannot be removed. Someone writing SQL by hand can still imitate all of
 * that, but then no purge row in the chain records the anchor, and verifyChain reports it.
 */
import type { Migration } from '../migrate.ts';

export const auditRetention: Migration = {
  version: 5,
  name: 'audit retention',
  sql: `
    ALTER TABLE audit_log ADD COLUMN detail TEXT;

    CREATE TABLE audit_anchor (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      hash BLOB NOT NULL CHECK (length(hash) = 32)
    ) STRICT;
    CREATE TRIGGER audit_anchor_on_a_row BEFORE INSERT ON audit_anchor
      WHEN NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'the audit anchor must be an existing audit row'); END;
    CREATE TRIGGER audit_anchor_forward_only BEFORE UPDATE ON audit_anchor
      WHEN NEW.id <> OLD.id OR NEW.seq <= OLD.seq
        OR NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash)
      BEGIN SELECT RAISE(ABORT, 'the audit anchor only moves forward, onto an existing audit row'); END;
    CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
      BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be removed'); END;

    CREATE TABLE audit_purge_marker (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      up_to_seq INTEGER NOT NULL CHECK (up_to_seq >= 1)
    ) STRICT;

    DROP TRIGGER audit_log_no_delete;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (
        SELECT 1 FROM audit_purge_marker m JOIN audit_anchor a ON a.seq = m.up_to_seq
        WHERE OLD.seq <= m.up_to_seq
      )
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
