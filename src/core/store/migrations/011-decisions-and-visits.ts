/**
 * Names that say what the tables hold. "Visit" meant three things: the `visit` table held
 * identification decisions (a no-match then a code is two rows), `visit_session` was the visit
 * itself, and a decision's id travelled as a "visitId". Now `decision` holds decisions, `visit`
 * holds visits, and a decision names its visit in `visit_id`, the id every audit row and code of
 * the visit carries. SQLite rewrites the foreign key that pointed at visit_session.
 */
import type { Migration } from '../migrate.ts';

export const decisionsAndVisits: Migration = {
  version: 11,
  name: 'decisions and visits',
  sql: `
    ALTER TABLE visit RENAME TO decision;
    ALTER TABLE visit_session RENAME TO visit;
    ALTER TABLE decision RENAME COLUMN session_id TO visit_id;
    DROP INDEX visit_by_patient;
    DROP INDEX visit_by_patient_time;
    CREATE INDEX decision_by_patient ON decision (patient_id, decided_at);
    CREATE INDEX decision_by_visit ON decision (visit_id);
    DROP INDEX visit_session_by_patient;
    DROP INDEX visit_session_by_start;
    CREATE INDEX visit_by_patient ON visit (patient_id, started_at);
    CREATE INDEX visit_by_start ON visit (started_at);
  `,
};
