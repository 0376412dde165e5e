/**
 * Which of a patient's templates a visit verifies, and with which pipeline. Distances mean
 * something only within the pipeline that made the template, so a patient enrolled before a
 * pipeline change is verified with that earlier pipeline (its frames described by it, judged by its
 * rule, its liveness continuity limits) until the template is refreshed.
 */
import type { EarlierPipeline } from '../face/decision-rule-file.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import { CURRENT_PIPELINE } from '../face/pipelines.ts';
import { livenessConfigFor, type LivenessConfig } from '../liveness/config.ts';
import type { TemplateStore } from '../enrolment/templates.ts';
import type { TemplateChoice } from './live-visit.ts';
import type { FaceNeeds } from './visit-desk-deps.ts';

export interface TemplateChoiceDeps {
  templates: Pick<TemplateStore, 'versionOf'>;
  rule: DecisionRule;
  modelVersion: string;
  earlierPipelines?: readonly EarlierPipeline[];
}

/** The current pipeline's template if the patient has one, else the newest earlier one's, else null. */
export function chooseTemplate(deps: TemplateChoiceDeps, patientId: string): TemplateChoice | null {
  const { templates, rule, modelVersion } = deps;
  if (templates.versionOf(patientId, rule.modelId, [modelVersion]) !== null)
    return { modelVersion, rule, earlier: null };
  for (const e of deps.earlierPipelines ?? []) {
    if (templates.versionOf(patientId, e.rule.modelId, [e.pipeline]) !== null)
      return { modelVersion: e.pipeline, rule: e.rule, earlier: e.pipeline };
  }
  return null;
}

/** What a frame needs from the engine: liveness frames are described as the template's pipeline does. */
export function faceNeeds(descriptor: boolean, choice: TemplateChoice | null): FaceNeeds {
  const earlier = choice?.earlier ?? null;
  if (!descriptor || earlier === null) return { descriptor };
  return { descriptor, pipeline: earlier, templateRefresh: CURRENT_PIPELINE };
}

/** The liveness settings for the template's pipeline (its continuity limits). */
export function livenessFor(config: LivenessConfig, choice: TemplateChoice | null): LivenessConfig {
  const earlier = choice?.earlier ?? null;
  return earlier === null ? config : livenessConfigFor(config, earlier);
}
