/**
 * A patient enrolled before the descriptor pipeline changed: their template was made by
 * tanu-face-2026.11.2 (the landmark box) and stored under that model version, as the old build
 * stored it. The visit verifies it with that pipeline (frames described by it, judged by its rule),
 * and a match offers to refresh the template with the current pipeline's descriptors of the same
 * frames: with the patient's consent it is replaced and audited, without it nothing changes. Real
 * engine descriptors of the committed obama and biden photos, for both pipelines.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import {
  earlierPipelines,
  loadDecisionRules,
  type DecisionRules,
} from '../../../src/core/face/decision-rule-file.ts';
import { CURRENT_PIPELINE } from '../../../src/core/face/pipelines.ts';
import type { DeskAnalysis, FaceNeeds } from '../../../src/core/visit/visit-desk-deps.ts';
import { openTestDesk, performFacePath, webcamCaptures, type TestDesk } from '../../support/desk.ts';
import {
  enrolledBeforeTheChange as legacyPatient,
  LEGACY,
  legacyObamaTemplate,
} from '../../support/legacy-template.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('template-refresh');
const rules: DecisionRules = loadDecisionRules();
const open: TestDesk[] = [];
/** obama1–3 as the old build enrolled them (2026.11.2, enrolment purpose). */
let legacyTemplate: Float32Array[];
/** obama.jpg as three webcam frames, described by 2026.11.2 with the current pipeline's refresh descriptor. */
let obamaLegacy: DeskAnalysis[];
/** The same frames described by the current pipeline (what the desk gets when it asks for no pipeline). */
let obamaCurrent: DeskAnalysis[];
let bidenLegacy: DeskAnalysis[];

beforeAll(async () => {
  legacyTemplate = await legacyObamaTemplate();
  const legacyAtDesk = { pipeline: LEGACY, templateRefresh: CURRENT_PIPELINE };
  obamaLegacy = await webcamCaptures('obama/obama.jpg', undefined, legacyAtDesk);
  obamaCurrent = await webcamCaptures('obama/obama.jpg');
  bidenLegacy = await webcamCaptures('biden/biden.jpg', undefined, legacyAtDesk);
}, 180_000);

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function desk(): Promise<TestDesk> {
  const t = await openTestDesk(tempDir(), {
    rule: rules[CURRENT_PIPELINE],
    modelVersion: CURRENT_PIPELINE,
    earlierPipelines: earlierPipelines(rules),
    enrolment: true,
  });
  open.push(t);
  return t;
}

/** A consented adult whose only template is the 2026.11.2 one, stored as the old build stored it. */
function enrolledBeforeTheChange(t: TestDesk): string {
  return legacyPatient(t, rules, legacyTemplate);
}

/** The camera answers with the analyses of the pipeline the desk asked for. */
function atTheCamera(t: TestDesk, legacy: DeskAnalysis[], current: DeskAnalysis[]): void {
  t.camera.personFor = (needs: FaceNeeds) => structuredClone(needs.pipeline === LEGACY ? legacy : current);
}

async function faceVisit(t: TestDesk, patientId: string) {
  const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
  await t.desk.selectPatient(visitId, patientId);
  await t.desk.chooseVisitType(visitId, 'in-person');
  await t.desk.giveConsent(visitId);
  return { visitId, view: await performFacePath(t, visitId) };
}

interface Row {
  event: string;
  distance: number | null;
  threshold: number | null;
  modelVersion: string | null;
  detail: string | null;
}

function rows(t: TestDesk, patientId: string): Row[] {
  return t.db
    .prepare(
      `SELECT event, distance, threshold, model_version AS modelVersion, detail
       FROM audit_log WHERE patient_id = ? ORDER BY seq`,
    )
    .all(patientId) as Row[];
}

function versions(t: TestDesk, patientId: string): string[] {
  return t.db
    .prepare('SELECT model_version FROM face_template WHERE patient_id = ? ORDER BY model_version')
    .pluck()
    .all(patientId) as string[];
}

describe('a template made by an earlier pipeline', () => {
  it('is verified with its own pipeline and rule; a match offers a refresh that, with consent, replaces it', async () => {
    const t = await desk();
    const patientId = enrolledBeforeTheChange(t);
    atTheCamera(t, obamaLegacy, obamaCurrent);

    const { visitId, view } = await faceVisit(t, patientId);
    expect(view).toMatchObject({ phase: 'identified', method: 'face', templateRefresh: 'offered' });
    // Every liveness frame was described by the template's pipeline, with the refresh descriptor.
    const described = t.camera.needs.filter((n) => n.descriptor);
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((n) => n.pipeline === LEGACY && n.templateRefresh === CURRENT_PIPELINE)).toBe(
      true,
    );
    const match = rows(t, patientId).find((r) => r.event === 'face_match');
    expect(match?.modelVersion).toBe(LEGACY);
    expect(match?.threshold).toBeLessThanOrEqual(rules[LEGACY].threshold);

    const refreshed = await t.desk.refreshTemplate(visitId, true);
    expect(refreshed.templateRefresh).toBe('refreshed');
    expect(versions(t, patientId)).toEqual([CURRENT_PIPELINE]);
    const audit = rows(t, patientId).find((r) => r.event === 'template_refreshed');
    // Which pipeline, never a descriptor or a distance.
    expect(audit).toEqual({
      event: 'template_refreshed',
      distance: null,
      threshold: null,
      modelVersion: CURRENT_PIPELINE,
      detail: null,
    });
    expect(await typedRejection(t.desk.refreshTemplate(visitId, true))).toBe('INVALID_EVENT');

    // The next visit uses the current pipeline and its rule, and offers nothing.
    t.camera.needs.length = 0;
    const next = await faceVisit(t, patientId);
    expect(next.view).toMatchObject({ phase: 'identified', method: 'face', templateRefresh: null });
    expect(t.camera.needs.filter((n) => n.descriptor).every((n) => n.pipeline === undefined)).toBe(true);
    const matches = rows(t, patientId).filter((r) => r.event === 'face_match');
    expect(matches.at(-1)?.modelVersion).toBe(CURRENT_PIPELINE);
    expect(matches.at(-1)?.threshold).toBeLessThanOrEqual(rules[CURRENT_PIPELINE].threshold);
    expect(verifyChain(t.store.rows.audit, t.keys['audit-chain']).ok).toBe(true);
  });

  it('declined: the old template stays and keeps working; nothing is audited as refreshed', async () => {
    const t = await desk();
    const patientId = enrolledBeforeTheChange(t);
    atTheCamera(t, obamaLegacy, obamaCurrent);
    const { visitId, view } = await faceVisit(t, patientId);
    expect(view.templateRefresh).toBe('offered');
    expect((await t.desk.refreshTemplate(visitId, false)).templateRefresh).toBe('declined');
    expect(versions(t, patientId)).toEqual([LEGACY]);
    expect(rows(t, patientId).some((r) => r.event === 'template_refreshed')).toBe(false);

    const again = await faceVisit(t, patientId);
    expect(again.view).toMatchObject({ phase: 'identified', templateRefresh: 'offered' });
  });

  it('another person is not identified against it, and no refresh is offered', async () => {
    const t = await desk();
    const patientId = enrolledBeforeTheChange(t);
    atTheCamera(t, bidenLegacy, bidenLegacy);
    const { visitId, view } = await faceVisit(t, patientId);
    expect(view).toMatchObject({ phase: 'noMatch', templateRefresh: null });
    const noMatch = rows(t, patientId).find((r) => r.event === 'face_no_match');
    expect(noMatch?.modelVersion).toBe(LEGACY);
    expect(await typedRejection(t.desk.refreshTemplate(visitId, true))).toBe('INVALID_EVENT');
    expect(versions(t, patientId)).toEqual([LEGACY]);
  });
});
