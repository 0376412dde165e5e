/** Encrypted face templates: one per patient and model version. */
import type { Migration } from '../migrate.ts';

export const faceTemplates: Migration = {
  version: 2,
  name: 'face templates',
  sql: `
    CREATE TABLE face_template (
      id INTEGER PRIMARY KEY,
      patient_id TEXT NOT NULL REFERENCES patient (id),
      model_id TEXT NOT NULL CHECK (length(model_id) BETWEEN 1 AND 200),
      model_version TEXT NOT NULL CHECK (length(model_version) BETWEEN 1 AND 100),
      -- AES-256-GCM over the descriptors; patient id, model id and version are the associated data.
      sealed BLOB NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (patient_id, model_id, model_version)
    ) STRICT;
  `,
};
