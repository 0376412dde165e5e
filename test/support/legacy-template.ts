/**
 * A patient enrolled before the descriptor pipeline changed, as the old build left them: their
 * only template made by tanu-face-2026.11.2 from obama1–3 (real engine descriptors of the
 * committed photos, enrolment purpose) and stored under that model version.
 */
import type { Actor } from '../../src/core/audit/actor.ts';
import type { DecisionRules } from '../../src/core/face/decision-rule-file.ts';
import type { PipelineId } from '../../src/core/face/pipelines.ts';
import { OperatorRegistry } from '../../src/core/operators/operators.ts';
import { analysePhotos, type TestDesk } from './desk.ts';
import { newPatient } from './registry.ts';

export const LEGACY: PipelineId = 'tanu-face-2026.11.2';
export const LEGACY_OBAMA_PHOTOS = ['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg'];

/** obama1–3 as the old build enrolled them (2026.11.2, enrolment purpose). */
export async function legacyObamaTemplate(): Promise<Float32Array[]> {
  const enrolled = await analysePhotos(LEGACY_OBAMA_PHOTOS, { pipeline: LEGACY, purpose: 'enrol' });
  return [...enrolled.values()].map((a) => Float32Array.from(a.descriptor ?? []));
}

/** The desk's admin, created with the database's first call: consent needs a registered operator. */
export function deskAdmin(t: TestDesk): Actor {
  const operators = new OperatorRegistry({ ...t, scrypt: { N: 1024, r: 8, p: 1 } });
  if (operators.count() === 0) {
    operators.create(
      { login: 'admin', displayName: 'A', role: 'admin', secret: '12345678' },
      { operatorId: 'system', deskId: 'setup' },
    );
  }
  return { operatorId: operators.authenticate('admin', '12345678', 'desk-1').id, deskId: 'desk-1' };
}

/** A consented adult whose only template is `template`, stored under 2026.11.2 as the old build stored it. */
export function enrolledBeforeTheChange(
  t: TestDesk,
  rules: DecisionRules,
  template: Float32Array[],
  overrides: Parameters<typeof newPatient>[0] = {},
): string {
  const admin = deskAdmin(t);
  const id = t.patients.register(newPatient(overrides), t.actor).id;
  t.consents.record({ patientId: id, givenBy: id, decision: 'given', purpose: 'face_identification' }, admin);
  t.templates.save(id, { modelId: rules[LEGACY].modelId, descriptors: template }, LEGACY, t.actor);
  return id;
}
