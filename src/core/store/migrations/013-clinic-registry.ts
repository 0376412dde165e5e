/**
 * What a desk in a clinic keeps to share its registry through the clinic's PostgreSQL
 * (src/core/clinic-sync): the ops it authored and their fate at the clinic, where its pull stopped,
 * the changes it could not apply, and the clinic's id of each face template.
 */
import type { Migration } from '../migrate.ts';

export const clinicRegistry: Migration = {
  version: 13,
  name: 'clinic registry sync',
  sql: `
    -- Registry ops, written in the transaction of the change they describe, pushed in seq order.
    CREATE TABLE clinic_op (
      seq INTEGER PRIMARY KEY,
      -- UUIDv7: the clinic answers a retried push of the same id from its stored outcome.
      op_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      -- The row the op is about ('patient:<id>', …): a pulled change of a row with an op still
      -- pending here is an older state and is not applied over the newer local one.
      entity TEXT NOT NULL,
      -- The op exactly as pushed: ciphertext under the clinic key and keyed hashes, no plain data.
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      -- Set when the clinic answered: 'applied' or 'rejected' (kept and shown, never retried), or
      -- 'superseded' (replaced by re-pointed ops after iin_taken, never pushed).
      outcome TEXT CHECK (outcome IN ('applied', 'rejected', 'superseded')),
      -- The clinic's answer (reason, existingPatientId, version) or what this desk did about it.
      outcome_detail TEXT,
      settled_at TEXT
    ) STRICT;
    CREATE INDEX clinic_op_pending ON clinic_op (seq) WHERE outcome IS NULL;
    CREATE INDEX clinic_op_pending_entity ON clinic_op (entity) WHERE outcome IS NULL;

    -- Where this desk's pull stopped: the clinic's cursor as received, stored with the rows it
    -- covers (one transaction per page), so a crash repeats a page rather than skipping one.
    CREATE TABLE clinic_pull (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      cursor TEXT NOT NULL,
      pulled_at TEXT NOT NULL
    ) STRICT;

    -- Pulled changes that could not be applied (a row another local row contradicts, a reference
    -- not yet known): kept for the admin instead of stopping the pull.
    CREATE TABLE clinic_pull_issue (
      id INTEGER PRIMARY KEY,
      change_id INTEGER NOT NULL,
      kind TEXT NOT NULL,
      entity TEXT NOT NULL,
      reason TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;

    -- The clinic knows a template by a UUID; a revocation pulled from it names that id.
    ALTER TABLE face_template ADD COLUMN clinic_id TEXT;
    CREATE UNIQUE INDEX face_template_by_clinic_id ON face_template (clinic_id);
  `,
};
