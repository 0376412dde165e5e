/**
 * Face templates at rest: only ever AES-256-GCM sealed, with the patient id, model id and model
 * version as associated data, so a template copied onto another patient's row (or relabelled with
 * another model) does not open. Saving is part of enrolment (enrolment.ts), which checks consent
 * and duplicates first; deleting (consent withdrawn) erases the bytes from the file and its WAL.
 */
import { randomUUID } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { ClinicOutbox } from '../clinic-sync/registry-outbox.ts';
import { open, seal } from '../crypto/aead.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import { validateTemplate, type FaceTemplate } from '../face/descriptor.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { decodeDescriptors, encodeDescriptors, templateAad } from './template-codec.ts';
import type { TemplateRow } from './template-rows.ts';

export interface TemplateDeps {
  store: DeskStore;
  keys: Pick<Subkeys, 'template-seal'>;
  audit: AuditLog;
  clock: Clock;
  /** In clinic mode, records an op for the clinic in the same transaction; none on a single desk. */
  clinic?: ClinicOutbox;
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

const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._@/+-]{0,99}$/;

export class TemplateStore {
  readonly #deps: TemplateDeps;

  constructor(deps: TemplateDeps) {
    this.#deps = deps;
  }

  #open(row: TemplateRow): FaceTemplate {
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
   * a model id, an existing patient. With `refreshes`, the template replaces the patient's
   * template of that older model version (deleted in the same transaction; erase its bytes with
   * DeskStore.eraseDeleted after) and the audit row is `template_refreshed`.
   */
  save(
    patientId: string,
    template: unknown,
    modelVersion: string,
    actor: Actor,
    options: { refreshes?: string } = {},
  ): void {
    const tpl = validateTemplate(template);
    if (!MODEL_VERSION.test(modelVersion)) {
      throw new RegistryError(
        'INVALID_ENROLMENT',
        'The model version must be a short identifier like "1.7.15".',
      );
    }
    const { store, keys, audit, clock } = this.#deps;
    const plain = encodeDescriptors(tpl.descriptors);
    const sealed = seal(keys['template-seal'], plain, templateAad(patientId, tpl.modelId, modelVersion));
    plain.fill(0);
    store.write((tx) => {
      if (!store.rows.patients.exists(patientId)) {
        throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
      }
      // clinic_id: the id the clinic will know this template by (unused on a single desk).
      store.rows.templates.replace(
        tx,
        {
          patient_id: patientId,
          model_id: tpl.modelId,
          model_version: modelVersion,
          sealed,
          clinic_id: randomUUID(),
        },
        clock.now().toISOString(),
      );
      const { refreshes } = options;
      if (refreshes !== undefined && refreshes !== modelVersion) {
        if (!store.rows.templates.deleteVersion(tx, patientId, tpl.modelId, refreshes)) {
          throw new RegistryError(
            'TEMPLATE_NOT_FOUND',
            `Patient ${patientId} has no template of model version ${refreshes} to refresh.`,
          );
        }
      }
      const event = refreshes === undefined ? 'enrolment' : 'template_refreshed';
      audit.append(tx, { ...actor, patientId, event, modelVersion });
      // A refresh needs no revoke op: the clinic revokes the older template of the model itself.
      this.#deps.clinic?.templateSaved(tx, patientId, tpl.modelId, modelVersion);
    });
  }

  /**
   * The first of `versions` (in the caller's order of preference) the patient has a template of,
   * or null: which pipeline a visit must verify them with.
   */
  versionOf(patientId: string, modelId: string, versions: readonly string[]): string | null {
    const held = new Set(this.#deps.store.rows.templates.versionsOf(patientId, modelId));
    return versions.find((v) => held.has(v)) ?? null;
  }

  /** Throws TEMPLATE_NOT_FOUND or TEMPLATE_UNREADABLE. */
  load(patientId: string, modelId: string, modelVersion: string): FaceTemplate {
    const row = this.#deps.store.rows.templates.find(patientId, modelId, modelVersion);
    if (!row) {
      throw new RegistryError(
        'TEMPLATE_NOT_FOUND',
        `Patient ${patientId} has no template for this face model.`,
      );
    }
    return this.#open(row);
  }

  has(patientId: string): boolean {
    return this.#deps.store.rows.templates.hasAny(patientId);
  }

  /** Every template of a model version, decrypted, for the in-memory duplicate index. Fails closed on any unreadable row. */
  *all(modelId: string, modelVersion: string): Generator<StoredTemplate> {
    for (const row of this.#deps.store.rows.templates.ofModel(modelId, modelVersion))
      yield { patientId: row.patient_id, modelVersion, template: this.#open(row) };
  }

  /**
   * Deletes every template of the patient and audits each deletion, in the caller's transaction.
   * The bytes are erased from the file only by the checkpoint in deleteForPatient /
   * DeskStore.eraseDeleted, which must run after the transaction.
   */
  remove(tx: Tx, patientId: string, actor: Actor): number {
    const { store, audit } = this.#deps;
    this.#deps.clinic?.templatesDeleting(tx, patientId);
    const versions = store.rows.templates.deleteAll(tx, patientId);
    for (const modelVersion of versions) {
      audit.append(tx, { ...actor, patientId, event: 'template_deleted', modelVersion });
    }
    return versions.length;
  }

  /** remove() in its own transaction, then erase the bytes from the database file and its WAL. */
  deleteForPatient(patientId: string, actor: Actor): DeletionResult {
    const { store } = this.#deps;
    const deleted = store.write((tx) => this.remove(tx, patientId, actor));
    return { deleted, erased: store.eraseDeleted() };
  }
}
