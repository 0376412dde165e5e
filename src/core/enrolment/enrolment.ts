/**
 * Enrolment: a consented patient's 3–5 gate-passing frames become their template, unless the face
 * already belongs to another patient. The same face under two IINs is how ghost patients are
 * made, so a match against anyone else blocks the enrolment and flags both records for a
 * supervisor instead of saving anything.
 */
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { validateDescriptor } from '../face/descriptor.ts';
import type { Probe } from '../face/matcher.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ConsentRegistry } from './consent.ts';
import type { PatientRegistry } from '../patients/patients.ts';
import { meanOf, TemplateIndex } from './template-index.ts';
import type { DeletionResult, TemplateStore } from './templates.ts';

export const MIN_ENROLMENT_FRAMES = 3;
export const MAX_ENROLMENT_FRAMES = 5;

export interface EnrolmentConfig {
  modelId: string;
  modelVersion: string;
  /**
   * Mean-to-mean distance at or below which two templates are taken for the same person: the
   * pipeline's `duplicateThreshold` from the decision rule file (README, "Duplicate check").
   */
  duplicateThreshold: number;
}

export type EnrolmentResult =
  | { outcome: 'enrolled'; descriptors: number }
  /** Nothing saved; both records flagged for a supervisor. */
  | { outcome: 'blocked_duplicate' };

export interface EnrolmentDeps {
  store: DeskStore;
  patients: PatientRegistry;
  consents: ConsentRegistry;
  templates: TemplateStore;
  index: TemplateIndex;
  audit: AuditLog;
  clock: Clock;
  config: EnrolmentConfig;
}

/** Decrypts every template of the configured model into a fresh index (at start-up). */
export function loadTemplateIndex(templates: TemplateStore, config: EnrolmentConfig): TemplateIndex {
  const index = new TemplateIndex();
  for (const t of templates.all(config.modelId, config.modelVersion))
    index.set(t.patientId, t.template.descriptors);
  return index;
}

export class Enrolment {
  readonly #deps: EnrolmentDeps;

  constructor(deps: EnrolmentDeps) {
    this.#deps = deps;
  }

  enrol(patientId: string, frames: readonly Probe[], actor: Actor): EnrolmentResult {
    return this.#enrol(patientId, frames, actor);
  }

  /**
   * Replaces the patient's template made by an older pipeline (`fromVersion`) with one of the
   * configured pipeline, from frames that pipeline described while the patient was identified with
   * the old template; the caller has the patient's consent to it. Checked as an enrolment is
   * (recorded consent, gate-passing frames, duplicates), audited as `template_refreshed`; the old
   * template's bytes are then erased from the database file.
   */
  refresh(patientId: string, frames: readonly Probe[], fromVersion: string, actor: Actor): EnrolmentResult {
    const result = this.#enrol(patientId, frames, actor, fromVersion);
    if (result.outcome === 'enrolled') this.#deps.store.eraseDeleted();
    return result;
  }

  #enrol(patientId: string, frames: readonly Probe[], actor: Actor, refreshes?: string): EnrolmentResult {
    const { store, patients, consents, templates, index, audit, clock, config } = this.#deps;
    patients.get(patientId); // PATIENT_NOT_FOUND
    if (!consents.isGiven(patientId)) {
      throw new RegistryError(
        'CONSENT_REQUIRED',
        'Enrolment needs the patient’s recorded consent to face identification.',
      );
    }
    const passing = frames.filter((f) => f.quality?.ok === true);
    if (passing.length < MIN_ENROLMENT_FRAMES) {
      throw new RegistryError(
        'INVALID_ENROLMENT',
        `Enrolment needs ${MIN_ENROLMENT_FRAMES} frames that pass the quality gate; ${passing.length} did.`,
      );
    }
    const descriptors = passing
      .slice(-MAX_ENROLMENT_FRAMES)
      .map((f, i) => validateDescriptor(f.descriptor, `enrolment frame ${i} descriptor`));

    const nearest = index.nearest(meanOf(descriptors), patientId);
    if (nearest !== null && nearest.distance <= config.duplicateThreshold) {
      const raisedAt = clock.now().toISOString();
      store.write((tx) => {
        store.rows.flags.raise(tx, patientId, 'duplicate_face', nearest.patientId, raisedAt);
        store.rows.flags.raise(tx, nearest.patientId, 'duplicate_face', patientId, raisedAt);
        for (const id of [patientId, nearest.patientId]) {
          audit.append(tx, {
            ...actor,
            patientId: id,
            event: 'enrolment_blocked_duplicate',
            modelVersion: config.modelVersion,
          });
        }
      });
      return { outcome: 'blocked_duplicate' };
    }
    templates.save(
      patientId,
      { modelId: config.modelId, descriptors },
      config.modelVersion,
      actor,
      refreshes === undefined ? {} : { refreshes },
    );
    index.set(patientId, descriptors);
    return { outcome: 'enrolled', descriptors: descriptors.length };
  }

  /**
   * Consent withdrawn: the consent is marked and the templates deleted in one transaction (a crash
   * cannot leave a template whose consent is gone), then the bytes are erased and the index row dropped.
   */
  withdrawConsent(patientId: string, actor: Actor): DeletionResult {
    const { store, consents, templates, index } = this.#deps;
    const deleted = store.write((tx) => {
      consents.withdraw(tx, patientId, actor);
      return templates.remove(tx, patientId, actor);
    });
    index.remove(patientId);
    return { deleted, erased: store.eraseDeleted() };
  }
}
