/** Patients, their representatives, and flags a supervisor must look at. */
import type { Migration } from '../migrate.ts';

export const patients: Migration = {
  version: 1,
  name: 'patients',
  sql: `
    CREATE TABLE patient (
      id TEXT PRIMARY KEY NOT NULL,
      -- HMAC-SHA-256 of the IIN under a lookup key: finds a patient by IIN without storing it.
      iin_lookup BLOB NOT NULL UNIQUE CHECK (length(iin_lookup) = 32),
      -- The IIN itself, AES-256-GCM sealed with the patient id as associated data.
      iin_sealed BLOB NOT NULL,
      family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 200),
      given_names TEXT NOT NULL CHECK (length(given_names) BETWEEN 1 AND 200),
      -- Normalised forms (case, diacritics, look-alike letters) for lookup and comparison.
      family_name_key TEXT NOT NULL,
      given_names_key TEXT NOT NULL,
      birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      -- 1 when the stated date of birth is not the one encoded in the IIN (kept, but flagged).
      birth_date_disagrees INTEGER NOT NULL CHECK (birth_date_disagrees IN (0, 1)),
      -- E.164, or NULL when the patient explicitly has no phone.
      phone TEXT CHECK (phone IS NULL OR phone GLOB '+[1-9]*'),
      legally_incapacitated INTEGER NOT NULL CHECK (legally_incapacitated IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX patient_by_name ON patient (family_name_key, given_names_key);

    CREATE TABLE representative (
      patient_id TEXT NOT NULL REFERENCES patient (id),
      representative_id TEXT NOT NULL REFERENCES patient (id),
      relation TEXT NOT NULL CHECK (relation IN ('parent', 'guardian', 'trustee', 'legal_representative')),
      proof_kind TEXT NOT NULL CHECK (
        proof_kind IN ('birth_certificate', 'guardianship_decision', 'court_decision', 'power_of_attorney')
      ),
      proof_reference TEXT NOT NULL CHECK (length(proof_reference) BETWEEN 1 AND 100),
      created_at TEXT NOT NULL,
      PRIMARY KEY (patient_id, representative_id),
      CHECK (patient_id <> representative_id)
    ) STRICT;
    CREATE INDEX representative_by_representative ON representative (representative_id);

    CREATE TABLE patient_flag (
      id INTEGER PRIMARY KEY,
      patient_id TEXT NOT NULL REFERENCES patient (id),
      kind TEXT NOT NULL CHECK (kind IN ('duplicate_face')),
      other_patient_id TEXT REFERENCES patient (id),
      raised_at TEXT NOT NULL,
      resolved_at TEXT
    ) STRICT;
    CREATE INDEX patient_flag_open ON patient_flag (patient_id) WHERE resolved_at IS NULL;
  `,
};
