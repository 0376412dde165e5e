/**
 * The 1:N duplicate check at enrolment covers patients whose only template an earlier pipeline
 * made: the new face is also described as tanu-face-2026.11.2 would enrol it and searched among
 * that pipeline's templates with that pipeline's duplicate threshold. The real engine describes
 * webcam-like frames of the committed photos; the legacy template is the obama1–3 fixture the
 * template-refresh tests use, on a desk restarted after the old build stored it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawFrame } from '../../../src/shared/face.ts';
import { EnrolmentCaptures } from '../../../src/core/enrolment/enrolment-captures.ts';
import { meanOf } from '../../../src/core/enrolment/template-index.ts';
import {
  earlierPipelines,
  loadDecisionRules,
  type DecisionRules,
} from '../../../src/core/face/decision-rule-file.ts';
import { euclidean } from '../../../src/core/face/descriptor.ts';
import { engineAnalyzerPort, type EngineAnalyzerPort } from '../../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../../src/core/face/face-engine.ts';
import { CURRENT_PIPELINE } from '../../../src/core/face/pipelines.ts';
import type { DeskAnalysis, FaceAnalyzerPort, FaceNeeds } from '../../../src/core/visit/visit-desk-deps.ts';
import { openTestDesk, WEBCAM_VARIANTS, type TestDesk } from '../../support/desk.ts';
import { webcamFrame, type WebcamVariant } from '../../support/frames.ts';
import {
  deskAdmin,
  enrolledBeforeTheChange,
  LEGACY,
  legacyObamaTemplate,
} from '../../support/legacy-template.ts';
import { MODELS_DIR } from '../../support/paths.ts';
import { newPatient } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const tempDir = useTempDir('legacy-duplicate');
const rules: DecisionRules = loadDecisionRules();
const open: TestDesk[] = [];
let engine: EngineAnalyzerPort;
let legacyTemplate: Float32Array[];

/** The engine as the desk sees it, remembering what each frame was asked for. */
class RecordingEngine implements FaceAnalyzerPort {
  readonly needs: FaceNeeds[] = [];
  async analyze(frame: RawFrame, needs: FaceNeeds): Promise<DeskAnalysis> {
    this.needs.push(structuredClone(needs));
    return engine.analyze(frame, needs);
  }
}

beforeAll(async () => {
  legacyTemplate = await legacyObamaTemplate();
  engine = engineAnalyzerPort(FaceEngine.start({ modelsDir: MODELS_DIR }));
  await engine.ready();
}, 180_000);

afterAll(async () => {
  await engine.close();
});

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function desk(dir: string): Promise<TestDesk> {
  const t = await openTestDesk(dir, {
    rule: rules[CURRENT_PIPELINE],
    modelVersion: CURRENT_PIPELINE,
    earlierPipelines: earlierPipelines(rules),
    enrolment: true,
  });
  open.push(t);
  return t;
}

/** A desk the new build started on, where the old build had enrolled obama (his one template). */
async function deskWithLegacyObama(): Promise<{ t: TestDesk; obama: string }> {
  const dir = tempDir();
  const before = await desk(dir);
  const obama = enrolledBeforeTheChange(before, rules, legacyTemplate, { familyName: 'Obama' });
  await before.close();
  open.pop();
  return { t: await desk(dir), obama };
}

/** A registrar enrols a newly registered patient from these frames, through the real engine. */
async function enrolFrom(t: TestDesk, frames: RawFrame[], face = new RecordingEngine()) {
  const enrolment = t.enrolment;
  if (!enrolment) throw new Error('the desk has no enrolment');
  const actor = deskAdmin(t);
  const captures = new EnrolmentCaptures({ face, consents: t.consents, enrolment });
  const patientId = t.patients.register(newPatient({ familyName: 'Newcomer' }), t.actor).id;
  const id = captures.start(patientId, patientId, actor);
  let accepted = 0;
  for (const frame of frames) accepted = (await captures.addFrame(id, frame, actor)).accepted;
  expect(accepted, 'every frame passed the quality gate').toBe(frames.length);
  return { patientId, result: captures.finish(id, actor), needs: face.needs };
}

/**
 * obama at a desk camera again, as in obama2.jpg, one of the photos he was enrolled from: the one
 * of the three frontal enough for the quality gate (obama1 and obama3 are turned), at three
 * camera settings. A photo of him taken years apart (obama.jpg) is 0.40 from his template in
 * 2026.11.2's distances, beyond its threshold (README, "Duplicate check").
 */
function obamaAgain(): Promise<RawFrame[]> {
  const settings: WebcamVariant[] = [
    { width: 640, quality: 75 },
    { width: 480, quality: 75 },
    { width: 560, quality: 85 },
  ];
  return Promise.all(settings.map((v) => webcamFrame('obama/obama2.jpg', v)));
}

function bidenFrames(): Promise<RawFrame[]> {
  return Promise.all(WEBCAM_VARIANTS.map((v) => webcamFrame('biden/biden.jpg', v)));
}

interface FlagRow {
  patient_id: string;
  other_patient_id: string;
}
function flags(t: TestDesk): FlagRow[] {
  return t.db
    .prepare("SELECT patient_id, other_patient_id FROM patient_flag WHERE kind = 'duplicate_face'")
    .all() as FlagRow[];
}
function blockedRows(t: TestDesk): { patientId: string; modelVersion: string }[] {
  return t.db
    .prepare(
      `SELECT patient_id AS patientId, model_version AS modelVersion FROM audit_log
       WHERE event = 'enrolment_blocked_duplicate' ORDER BY seq`,
    )
    .all() as { patientId: string; modelVersion: string }[];
}
function templateVersions(t: TestDesk, patientId: string): string[] {
  return t.db
    .prepare('SELECT model_version FROM face_template WHERE patient_id = ?')
    .pluck()
    .all(patientId) as string[];
}

describe('the duplicate check over templates an earlier pipeline made', () => {
  it('flags obama enrolling again under a new IIN while his only template is a 2026.11.2 one', async () => {
    const { t, obama } = await deskWithLegacyObama();
    // The current pipeline's index is empty: before this check, nothing stood in the way.
    expect(t.enrolment?.duplicateCheckPipelines()).toEqual([LEGACY]);

    const { patientId, result, needs } = await enrolFrom(t, await obamaAgain());
    expect(result).toEqual({ outcome: 'blocked_duplicate' });
    // Every frame was also described as 2026.11.2 enrols a face.
    expect(needs.every((n) => n.descriptor && n.duplicateCheck?.join() === LEGACY)).toBe(true);
    expect(templateVersions(t, patientId)).toEqual([]);
    expect(flags(t)).toEqual(
      expect.arrayContaining([
        { patient_id: patientId, other_patient_id: obama },
        { patient_id: obama, other_patient_id: patientId },
      ]),
    );
    // Audited for both records, with the pipeline whose distances found it.
    expect(blockedRows(t)).toEqual([
      { patientId, modelVersion: LEGACY },
      { patientId: obama, modelVersion: LEGACY },
    ]);
  });

  it('was flagged within 2026.11.2’s duplicate threshold, not by a distance across pipelines', async () => {
    const legacy = await Promise.all(
      (await obamaAgain()).map((f) =>
        engine.analyze(f, { descriptor: true, pipeline: LEGACY, purpose: 'enrol' }),
      ),
    );
    const distance = euclidean(meanOf(legacy.map((a) => a.descriptor ?? [])), meanOf(legacyTemplate));
    // Measured 0.24 against the rule file's 0.32 for 2026.11.2.
    expect(distance).toBeLessThanOrEqual(rules[LEGACY].duplicateThreshold);
  });

  it('enrols another person (biden), flagging nothing', async () => {
    const { t } = await deskWithLegacyObama();
    const { patientId, result } = await enrolFrom(t, await bidenFrames());
    expect(result).toEqual({ outcome: 'enrolled', descriptors: 3 });
    expect(templateVersions(t, patientId)).toEqual([CURRENT_PIPELINE]);
    expect(flags(t)).toEqual([]);
  });

  it('asks for no earlier pipeline once no patient holds its templates', async () => {
    const t = await desk(tempDir());
    expect(t.enrolment?.duplicateCheckPipelines()).toEqual([]);
    const { result, needs } = await enrolFrom(t, await bidenFrames());
    expect(result.outcome).toBe('enrolled');
    expect(needs.every((n) => n.duplicateCheck === undefined)).toBe(true);
  });

  it('refuses frames the earlier pipeline did not describe, saving and flagging nothing', async () => {
    const { t } = await deskWithLegacyObama();
    const enrolment = t.enrolment;
    if (!enrolment) throw new Error('the desk has no enrolment');
    const current = await Promise.all(
      (await obamaAgain()).map((f) => engine.analyze(f, { descriptor: true, purpose: 'enrol' })),
    );
    const patientId = t.patients.register(newPatient({ familyName: 'Newcomer' }), t.actor).id;
    const admin = deskAdmin(t);
    t.consents.record(
      { patientId, givenBy: patientId, decision: 'given', purpose: 'face_identification' },
      admin,
    );
    const frames = current.map((a) => ({ descriptor: a.descriptor ?? [], quality: a.quality }));
    expect(typedCode(() => enrolment.enrol(patientId, frames, admin))).toBe('INVALID_ENROLMENT');
    expect(templateVersions(t, patientId)).toEqual([]);
    expect(flags(t)).toEqual([]);
  });

  it('forgets the legacy template once it is refreshed; the refreshed one is searched in the current pipeline', async () => {
    const { t, obama } = await deskWithLegacyObama();
    const enrolment = t.enrolment;
    if (!enrolment) throw new Error('the desk has no enrolment');
    const admin = deskAdmin(t);
    const current = await Promise.all(
      (await obamaAgain()).map((f) => engine.analyze(f, { descriptor: true, purpose: 'enrol' })),
    );
    const frames = current.map((a) => ({ descriptor: a.descriptor ?? [], quality: a.quality }));
    expect(enrolment.refresh(obama, frames, LEGACY, admin).outcome).toBe('enrolled');
    expect(enrolment.duplicateCheckPipelines()).toEqual([]);

    const { result, needs } = await enrolFrom(t, await obamaAgain());
    expect(result).toEqual({ outcome: 'blocked_duplicate' });
    expect(needs.every((n) => n.duplicateCheck === undefined)).toBe(true);
    expect(blockedRows(t).map((r) => r.modelVersion)).toEqual([CURRENT_PIPELINE, CURRENT_PIPELINE]);
  });

  it('forgets the legacy template when consent is withdrawn', async () => {
    const { t, obama } = await deskWithLegacyObama();
    const enrolment = t.enrolment;
    if (!enrolment) throw new Error('the desk has no enrolment');
    enrolment.withdrawConsent(obama, deskAdmin(t));
    expect(enrolment.duplicateCheckPipelines()).toEqual([]);
    const { result } = await enrolFrom(t, await obamaAgain());
    expect(result.outcome).toBe('enrolled');
  });
});
