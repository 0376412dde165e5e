/** Operator accounts and the consent records enrolment depends on. */
import type { Migration } from '../migrate.ts';

export const operatorsAndConsent: Migration = {
  version: 4,
  name: 'operators and consent',
  sql: `
    CREATE TABLE operator (
      id TEXT PRIMARY KEY NOT NULL,
      login TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
      role TEXT NOT NULL CHECK (role IN ('doctor', 'registrar', 'admin')),
      -- scrypt$N$r$p$salt$hash (base64); never the secret itself.
      secret_hash TEXT NOT NULL,
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE consent (
      id TEXT PRIMARY KEY NOT NULL,
      patient_id TEXT NOT NULL REFERENCES patient (id),
      -- The patient, or the representative who decided for them.
      given_by TEXT NOT NULL REFERENCES patient (id),
      decision TEXT NOT NULL CHECK (decision IN ('given', 'refused')),
      purpose TEXT NOT NULL CHECK (purpose IN ('face_identification')),
      operator_id TEXT NOT NULL REFERENCES operator (id),
      desk_id TEXT NOT NULL,
      at TEXT NOT NULL,
      withdrawn_at TEXT
    ) STRICT;
    CREATE INDEX consent_by_patient ON consent (patient_id);
  `,
};
