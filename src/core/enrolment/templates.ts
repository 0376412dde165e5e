/**
 * Face templates at rest: only ever AES-256-GCM sealed, with the patient id, model id and model
 * version as associated data, so a template copied onto another patient's row (or relabelled with
 * another model) does not open. Saving is part of enrolment (enrolment.ts), which checks consent
 * and duplicates first; deleting (consent withdrawn) erases the bytes from the file and its WAL.
 */
import type Database from 'better-sqlite3';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { open, seal } from '../crypto/aead.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import { validateTemplate, type FaceTemplate } from '../face/descriptor.ts';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';
import { eraseDeletedContent } from './secure-erase.ts';
import { decodeDescriptors, encodeDescriptors, templateAad } from './template-codec.ts';

export interface TemplateDeps {
  db: Database.Database;
  keys: Pick<Subkeys, 'template-seal'>;
  audit: AuditLog;
  clock: Clock;
}

export interface StoredTemplate {
  patientId: string;
  modelVersion: string;
  template: FaceTemplate;
}

export interface DeletionResult {
  deleted: number;
  /** The bytes are gone from the database file and its WAL; false: retry eraseDeletedContent later. */
  erased: boolean;
}

interface Row {
  patient_id: string;
  model_id: string;
  model_version: string;
  sealed: Buffer;
}

const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._@/+-]{0,99}$/;

export class TemplateStore {
  readonly #deps: TemplateDeps;

  constructor(deps: TemplateDeps) {
    this.#deps = deps;
  }

  #open(row: Row): FaceTemplate {
    const key = this.#deps.keys['template-seal'];
    let plain: Buffer;
    try {
      plain = open(key, row.sealed, templateAad(row.patient_id, row.model_id, row.model_version));
    } catch (error) {
      if (error instanceof CryptoError) {
        throw new RegistryError(
          'TEMPLATE_UNREADABLE',
          `The template of patient ${row.patient_id} does not open: it belongs to another record or model, was altered, or the key changed.`,
        );
      }
      throw error;
    }
    const descriptors = decodeDescriptors(plain);
    plain.fill(0);
    if (descriptors === null) {
      throw new RegistryError(
        'TEMPLATE_UNREADABLE',
        `The template of patient ${row.patient_id} is malformed.`,
      );
    }
    return { modelId: row.model_id, descriptors };
  }

  /**
   * Seals and stores a template (replacing this patient's template for the same model version)
   * and audits the enrolment, in one transaction. Validates first: 1–10 well-formed descriptors,
   * a model id, an existing patient.
   */
  save(patientId: string, template: unknown, modelVersion: string, actor: Actor): void {
    const tpl = validateTemplate(template);
    if (!MODEL_VERSION.test(modelVersion)) {
      throw new RegistryError(
        'INVALID_ENROLMENT',
        'The model version must be a short identifier like "1.7.15".',
      );
    }
    const { db, keys, audit, clock } = this.#deps;
    const plain = encodeDescriptors(tpl.descriptors);
    const sealed = seal(keys['template-seal'], plain, templateAad(patientId, tpl.modelId, modelVersion));
    plain.fill(0);
    runInTransaction(db, () => {
      if (!db.prepare('SELECT 1 FROM patient WHERE id = ?').get(patientId)) {
        throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
      }
      db.prepare('DELETE FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?').run(
        patientId,
        tpl.modelId,
        modelVersion,
      );
      db.prepare(
        'INSERT INTO face_template (patient_id, model_id, model_version, sealed, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(patientId, tpl.modelId, modelVersion, sealed, clock.now().toISOString());
      audit.append({ ...actor, patientId, event: 'enrolment', modelVersion });
    });
  }

  /** Throws TEMPLATE_NOT_FOUND or TEMPLATE_UNREADABLE. */
  load(patientId: string, modelId: string, modelVersion: string): FaceTemplate {
    const row = withStoreErrors(
      () =>
        this.#deps.db
          .prepare('SELECT * FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?')
          .get(patientId, modelId, modelVersion) as Row | undefined,
    );
    if (!row) {
      throw new RegistryError(
        'TEMPLATE_NOT_FOUND',
        `Patient ${patientId} has no template for this face model.`,
      );
    }
    return this.#open(row);
  }

  has(patientId: string): boolean {
    return withStoreErrors(
      () =>
        this.#deps.db.prepare('SELECT 1 FROM face_template WHERE patient_id = ?').get(patientId) !==
        undefined,
    );
  }

  /** Every template of a model version, decrypted, for the in-memory duplicate index. Fails closed on any unreadable row. */
  *all(modelId: string, modelVersion: string): Generator<StoredTemplate> {
    const rows = this.#deps.db
      .prepare('SELECT * FROM face_template WHERE model_id = ? AND model_version = ? ORDER BY id')
      .iterate(modelId, modelVersion) as IterableIterator<Row>;
    for (const row of rows) yield { patientId: row.patient_id, modelVersion, template: this.#open(row) };
  }

  /**
   * Deletes every template of the patient and audits each deletion, in one transaction (a
   * savepoint inside the caller's). The bytes are erased from the file only by the checkpoint in
   * deleteForPatient / eraseDeletedContent, which must run after the transaction.
   */
  remove(patientId: string, actor: Actor): number {
    const { db, audit } = this.#deps;
    return runInTransaction(db, () => {
      const versions = db
        .prepare('SELECT model_version FROM face_template WHERE patient_id = ?')
        .pluck()
        .all(patientId) as string[];
      db.prepare('DELETE FROM face_template WHERE patient_id = ?').run(patientId);
      for (const modelVersion of versions) {
        audit.append({ ...actor, patientId, event: 'template_deleted', modelVersion });
      }
      return versions.length;
    });
  }

  /** remove(), then erase the bytes from the database file and its WAL. Not inside a transaction. */
  deleteForPatient(patientId: string, actor: Actor): DeletionResult {
    const deleted = this.remove(patientId, actor);
    return { deleted, erased: eraseDeletedContent(this.#deps.db) };
  }
}
