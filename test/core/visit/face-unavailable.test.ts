/**
 * A desk whose face engine cannot run (its models missing or altered) does not leave the patient
 * in front of "the engine is restarting" until the visit times out: the visit goes to the code at
 * once, says why, and the audit names the engine's failure. The real engine, refused on a real
 * models folder with a file removed or changed; a passing crash still does not close the face path.
 */
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaceEngineError } from '../../../src/shared/errors.ts';
import { engineAnalyzerPort } from '../../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../../src/core/face/face-engine.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import type { FaceAnalyzerPort } from '../../../src/core/visit/visit-desk-deps.ts';
import { dummyFrame, MODEL_VERSION, openTestDesk, type TestDesk } from '../../support/desk.ts';
import { allZero } from '../../support/frames.ts';
import { MODELS_DIR } from '../../support/paths.ts';
import { newPatient } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('face-unavailable');
const RULE = loadDecisionRule();
const opened: TestDesk[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()?.close();
});

/** The engine's models folder, with one weight file removed or altered. */
function brokenModels(how: 'missing' | 'altered'): string {
  const dir = join(tempDir(), 'models');
  cpSync(MODELS_DIR, dir, { recursive: true });
  const weights = join(dir, 'face_recognition_model.bin');
  if (how === 'missing') rmSync(weights);
  else appendFileSync(weights, Buffer.from([0]));
  return dir;
}

async function deskWith(face: FaceAnalyzerPort) {
  const t = await openTestDesk(tempDir(), { face });
  opened.push(t);
  const patientId = t.patients.register(newPatient({ phone: '+77011112233' }), t.actor).id;
  const descriptor = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i + 1) / 11);
  t.templates.save(patientId, { modelId: RULE.modelId, descriptors: [descriptor] }, MODEL_VERSION, t.actor);
  return { t, patientId };
}

function auditOf(t: TestDesk, event: string): { method: string | null; detail: string | null }[] {
  return t.db.prepare('SELECT method, detail FROM audit_log WHERE event = ? ORDER BY seq').all(event) as {
    method: string | null;
    detail: string | null;
  }[];
}

describe('the face engine cannot run', () => {
  it.each([
    ['missing', 'MODEL_MISSING'],
    ['altered', 'MODEL_TAMPERED'],
  ] as const)(
    'with a model %s, an in-person visit goes straight to the code and the audit says %s',
    async (how, code) => {
      const port = engineAnalyzerPort(FaceEngine.start({ modelsDir: brokenModels(how) }));
      expect(await typedRejection(port.ready())).toBe(code);
      expect(port.unavailable()).toBe(code);
      const { t, patientId } = await deskWith(port);

      const { visitId } = t.desk.start(t.actor, 'Dr Bekova');
      await t.desk.selectPatient(visitId, patientId);
      const view = await t.desk.chooseVisitType(visitId, 'in-person');
      // No consent asked for a photo that will not be taken; the code is on its way.
      expect(view).toMatchObject({ phase: 'codeSent', codeReason: 'face-unavailable', channel: 'patient' });
      expect(auditOf(t, 'consent_given')).toHaveLength(0);
      expect(auditOf(t, 'face_path_unavailable')).toEqual([
        { method: 'face', detail: JSON.stringify({ engine: code }) },
      ]);
      // A frame sent anyway is wiped and refused: no camera phase is open.
      const frame = dummyFrame();
      expect(await typedRejection(t.desk.submitFrame(visitId, frame))).toBe('FRAME_NOT_EXPECTED');
      expect(allZero(frame.data)).toBe(true);
      await port.close();
    },
  );

  it('an engine that fails mid-visit with altered models switches the visit to the code at once', async () => {
    const tampered: FaceAnalyzerPort = {
      analyze: (frame) => {
        frame.data.fill(0);
        return Promise.reject(new FaceEngineError('MODEL_TAMPERED', 'The models changed since start.'));
      },
      unavailable: () => null,
    };
    const { t, patientId } = await deskWith(tampered);
    const { visitId } = t.desk.start(t.actor, 'Dr Bekova');
    await t.desk.selectPatient(visitId, patientId);
    await t.desk.chooseVisitType(visitId, 'in-person');
    expect((await t.desk.giveConsent(visitId)).phase).toBe('faceGuidance');
    const view = await t.desk.submitFrame(visitId, dummyFrame());
    expect(view).toMatchObject({ phase: 'codeSent', codeReason: 'face-unavailable' });
    expect(auditOf(t, 'face_path_unavailable')).toEqual([
      { method: 'face', detail: JSON.stringify({ engine: 'MODEL_TAMPERED' }) },
    ]);
  });

  it('a passing crash is not that: the face path stays open and the next frame is tried', async () => {
    const crashing: FaceAnalyzerPort = {
      analyze: (frame) => {
        frame.data.fill(0);
        return Promise.reject(new FaceEngineError('ENGINE_CRASHED', 'The engine stopped; it restarts.'));
      },
      unavailable: () => null,
    };
    const { t, patientId } = await deskWith(crashing);
    const { visitId } = t.desk.start(t.actor, 'Dr Bekova');
    await t.desk.selectPatient(visitId, patientId);
    await t.desk.chooseVisitType(visitId, 'in-person');
    await t.desk.giveConsent(visitId);
    expect(await typedRejection(t.desk.submitFrame(visitId, dummyFrame()))).toBe('ENGINE_CRASHED');
    expect(t.desk.view(visitId).phase).toBe('faceGuidance');
    expect(auditOf(t, 'face_path_unavailable')).toHaveLength(0);
  });
});
