/**
 * Enrolment: a consented patient's 3–5 gate-passing frames become their template, unless the face
 * already belongs to another patient. The same face under two IINs is how ghost patients are
 * made, so a match against anyone else blocks the enrolment and flags both records for a
 * supervisor instead of saving anything.
 *
 * "Anyone else" includes patients whose only template an earlier descriptor pipeline made (not yet
 * refreshed): distances mean something only within one pipeline, so the new face is also
 * described as each such pipeline would enrol it, and its mean is searched among that pipeline's
 * templates with that pipeline's own duplicate threshold (resources/decision-rule.json).
 */
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { EarlierPipeline } from '../face/decision-rule-file.ts';
import { validateDescriptor, type Descriptor } from '../face/descriptor.ts';
import type { Probe } from '../face/matcher.ts';
import type { PipelineId } from '../face/pipelines.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ConsentRegistry } from './consent.ts';
import type { PatientRegistry } from '../patients/patients.ts';
import { meanOf, TemplateIndex, type Nearest } from './template-index.ts';
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

/** The templates one earlier pipeline made, searched for duplicates in that pipeline's distances. */
export interface EarlierIndex {
  pipeline: PipelineId;
  modelId: string;
  /** That pipeline's `duplicateThreshold` from the decision rule file. */
  duplicateThreshold: number;
  index: TemplateIndex;
}

/**
 * An enrolment frame: the current pipeline's descriptor, and the face as each earlier pipeline
 * with templates on this desk would enrol it (EnrolmentCaptures asks the engine for them).
 */
export interface EnrolmentProbe extends Probe {
  earlierDescriptors?: Partial<Record<PipelineId, ArrayLike<number>>>;
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
  /** One index per earlier pipeline still verified (loadEarlierIndexes); absent: none. */
  earlierIndexes?: readonly EarlierIndex[];
  audit: AuditLog;
  clock: Clock;
  config: EnrolmentConfig;
}

/** Decrypts every template of the configured model into a fresh index (at start-up). */
export function loadTemplateIndex(
  templates: TemplateStore,
  config: Pick<EnrolmentConfig, 'modelId' | 'modelVersion'>,
): TemplateIndex {
  const index = new TemplateIndex();
  for (const t of templates.all(config.modelId, config.modelVersion))
    index.set(t.patientId, t.template.descriptors);
  return index;
}

/** Decrypts every template each earlier pipeline made into an index of its own (at start-up). */
export function loadEarlierIndexes(
  templates: TemplateStore,
  earlier: readonly EarlierPipeline[],
): EarlierIndex[] {
  return earlier.map(({ pipeline, rule }) => ({
    pipeline,
    modelId: rule.modelId,
    duplicateThreshold: rule.duplicateThreshold,
    index: loadTemplateIndex(templates, { modelId: rule.modelId, modelVersion: pipeline }),
  }));
}

export class Enrolment {
  readonly #deps: EnrolmentDeps;

  constructor(deps: EnrolmentDeps) {
    this.#deps = deps;
  }

  /**
   * The earlier pipelines a new enrolment's frames must also be described by: those with
   * templates on this desk (none once every such patient has been refreshed, and then the check
   * costs nothing).
   */
  duplicateCheckPipelines(): PipelineId[] {
    return (this.#deps.earlierIndexes ?? []).filter((e) => e.index.size > 0).map((e) => e.pipeline);
  }

  enrol(patientId: string, frames: readonly EnrolmentProbe[], actor: Actor): EnrolmentResult {
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
    if (result.outcome === 'enrolled') {
      this.#deps.store.eraseDeleted();
      for (const e of this.#deps.earlierIndexes ?? [])
        if (e.pipeline === fromVersion) e.index.remove(patientId);
    }
    return result;
  }

  #enrol(
    patientId: string,
    frames: readonly EnrolmentProbe[],
    actor: Actor,
    refreshes?: string,
  ): EnrolmentResult {
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
    const used = passing.slice(-MAX_ENROLMENT_FRAMES);
    const descriptors = used.map((f, i) =>
      validateDescriptor(f.descriptor, `enrolment frame ${i} descriptor`),
    );
    // A refresh is the patient's own face in the current pipeline: the template it replaces was
    // checked against that older pipeline's templates when it was made.
    const earlier = refreshes === undefined ? this.#earlierSearches(patientId, used) : [];

    const duplicate =
      withinThreshold(
        index.nearest(meanOf(descriptors), patientId),
        config.duplicateThreshold,
        config.modelVersion,
      ) ??
      earlier
        .map((e) => withinThreshold(e.index.nearest(e.mean, patientId), e.duplicateThreshold, e.pipeline))
        .find((d) => d !== null) ??
      null;
    for (const e of earlier) e.mean.fill(0);
    if (duplicate !== null) {
      const raisedAt = clock.now().toISOString();
      store.write((tx) => {
        store.rows.flags.raise(tx, patientId, 'duplicate_face', duplicate.patientId, raisedAt);
        store.rows.flags.raise(tx, duplicate.patientId, 'duplicate_face', patientId, raisedAt);
        for (const id of [patientId, duplicate.patientId]) {
          // The pipeline whose distances found it; never a descriptor or a distance.
          audit.append(tx, {
            ...actor,
            patientId: id,
            event: 'enrolment_blocked_duplicate',
            modelVersion: duplicate.modelVersion,
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
    for (const e of this.#deps.earlierIndexes ?? []) e.index.remove(patientId);
    return { deleted, erased: store.eraseDeleted() };
  }

  /**
   * The frames' mean in each earlier pipeline that has templates of someone other than this
   * patient. Every frame must carry that pipeline's descriptor: a check that silently skipped
   * those patients is the gap this closes, so frames without it (an engine not asked, or templates
   * that arrived from the clinic during the capture) are refused and nothing is saved.
   */
  #earlierSearches(
    patientId: string,
    frames: readonly EnrolmentProbe[],
  ): (EarlierIndex & { mean: Float32Array })[] {
    const searches: (EarlierIndex & { mean: Float32Array })[] = [];
    for (const e of this.#deps.earlierIndexes ?? []) {
      if (e.index.size - (e.index.has(patientId) ? 1 : 0) === 0) continue;
      const described: Descriptor[] = frames.map((f, i) => {
        const d = f.earlierDescriptors?.[e.pipeline];
        if (d === undefined) {
          throw new RegistryError(
            'INVALID_ENROLMENT',
            `Enrolment frame ${i} was not described by ${e.pipeline}, whose templates the duplicate check must search; capture again.`,
          );
        }
        return validateDescriptor(d, `enrolment frame ${i} ${e.pipeline} descriptor`);
      });
      searches.push({ ...e, mean: meanOf(described) });
      for (const d of described) d.fill(0);
    }
    return searches;
  }
}

/** The nearest other patient when within the threshold, with the pipeline that measured it. */
function withinThreshold(
  nearest: Nearest | null,
  threshold: number,
  modelVersion: string,
): (Nearest & { modelVersion: string }) | null {
  return nearest !== null && nearest.distance <= threshold ? { ...nearest, modelVersion } : null;
}
