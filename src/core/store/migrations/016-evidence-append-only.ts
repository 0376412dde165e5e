/**
 * Decisions and ended visits are evidence, as the audit rows bound to them (audit/records-check.ts)
 * say: append-only from here, like audit_log. A decision never changes; a visit changes while it is
 * open (its patient, its type, its end) and, once ended, only to have its refusal reason erased by
 * the retention purge (audit/retention.ts). Nothing deletes either. Dropping these triggers
 * around an edit still leaves the row's bound hash in the chain to tell.
 */
import type { Migration } from '../migrate.ts';

export const evidenceAppendOnly: Migration = {
  version: 16,
  name: 'evidence append-only',
  sql: `
    CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
      BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
      BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER visit_ended_no_update BEFORE UPDATE ON visit
      WHEN OLD.ended_at IS NOT NULL AND NOT (
        NEW.refusal_reason IS NULL
        AND NEW.id IS OLD.id AND NEW.patient_id IS OLD.patient_id AND NEW.operator_id IS OLD.operator_id
        AND NEW.desk_id IS OLD.desk_id AND NEW.visit_type IS OLD.visit_type
        AND NEW.started_at IS OLD.started_at AND NEW.ended_at IS OLD.ended_at
        AND NEW.end_state IS OLD.end_state AND NEW.method IS OLD.method
      )
      BEGIN SELECT RAISE(ABORT, 'an ended visit is append-only (only its refusal reason may be erased)'); END;
    CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit
      BEGIN SELECT RAISE(ABORT, 'visits are append-only'); END;
  `,
};
