/**
 * The cross-desk duplicate check's bounds on a real desk database (clinic mode, no clinic needed):
 * a pulled template is compared with this desk's own enrolments the other desk may not have seen,
 * once per pair, and not with one that reached the clinic long before the other enrolment.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../../src/core/clinic-sync/clinic-seal.ts';
import { UNSEEN_WINDOW_MS } from '../../../src/core/clinic-sync/cross-desk-duplicates.ts';
import type { AppliedChange } from '../../../src/core/clinic-sync/registry-apply.ts';
import type { KioskServices } from '../../../src/core/kiosk/kiosk-services.ts';
import { openDeskServices } from '../../support/clinic-desk.ts';
import { nearDescriptor, randomDescriptor } from '../../support/descriptors.ts';
import { GOOD_VERDICT } from '../../support/quality.ts';
import { newPatient } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('cross-desk-unit');
let s: KioskServices;
let actor: { operatorId: string; deskId: string };

beforeAll(() => {
  s = openDeskServices(tempDir(), 'desk-a', deriveClinicKeys(newClinicKey()));
  const admin = s.operators.create(
    { login: 'admin-a', displayName: 'Admin', role: 'admin', secret: 'admin secret 1' },
    { operatorId: 'system', deskId: 'desk-a' },
  );
  actor = { operatorId: admin.id, deskId: 'desk-a' };
});

afterAll(async () => {
  await s?.close();
});

/** A patient registered here; enrolled here from frames near `face` when given. */
function patient(face?: Float32Array): string {
  const id = s.patients.register(newPatient(), actor).id;
  if (face) {
    s.consents.record(
      { patientId: id, givenBy: id, decision: 'given', purpose: 'face_identification' },
      actor,
    );
    const frames = [0, 1, 2].map(() => ({ descriptor: nearDescriptor(face, 0.02), quality: GOOD_VERDICT }));
    expect(s.enrolment.enrol(id, frames, actor).outcome).toBe('enrolled');
  }
  return id;
}

/** A template of `patientId` as if just pulled from another desk, enrolled there at `enrolledAt`. */
function pulled(patientId: string, face: Float32Array, enrolledAt: Date, id = randomUUID()): AppliedChange {
  return {
    kind: 'template',
    id,
    patientId,
    modelId: s.rule.modelId,
    modelVersion: s.modelVersion,
    descriptors: [0, 1, 2].map(() => nearDescriptor(face, 0.02)),
    enrolledAt: enrolledAt.toISOString(),
  };
}

function check(changes: AppliedChange[]): void {
  const hooks = s.pullHooks;
  if (hooks === null) throw new Error('no pull hooks in clinic mode');
  s.store.write((tx) => hooks.withinPage(tx, changes));
}

const reports = () =>
  s.store.connection.prepare("SELECT count(*) FROM clinic_op WHERE kind = 'face.duplicate'").pluck().get();

describe('checkPulledTemplates', () => {
  it('flags a pulled face this desk enrolled under another patient, once per pair', () => {
    const face = randomDescriptor();
    const own = patient(face);
    const other = patient();
    check([pulled(other, face, s.clock.now())]);
    expect(s.store.rows.flags.open(own)).toMatchObject([{ kind: 'duplicate_face', otherPatientId: other }]);
    expect(s.store.rows.flags.open(other)).toMatchObject([{ kind: 'duplicate_face', otherPatientId: own }]);
    expect(reports()).toBe(1);
    // The page again (a crash before the cursor moved): nothing more.
    check([pulled(other, face, s.clock.now())]);
    expect(s.store.rows.flags.open(own)).toHaveLength(1);
    expect(reports()).toBe(1);
    // Someone else's face: nothing.
    const stranger = patient();
    check([pulled(stranger, randomDescriptor(), s.clock.now())]);
    expect(s.store.rows.flags.open(stranger)).toEqual([]);
  });

  it('skips an own enrolment that reached the clinic longer than the window before the other', () => {
    const face = randomDescriptor();
    const own = patient(face);
    const [op] = s.store.connection
      .prepare("SELECT op_id FROM clinic_op WHERE kind = 'template.enrol' ORDER BY seq DESC LIMIT 1")
      .all() as { op_id: string }[];
    if (!op) throw new Error('no template.enrol op');
    // The op reached the clinic now; another desk enrols the same face more than the window later.
    s.store.write((tx) =>
      s.store.rows.clinicOps.settle(tx, op.op_id, 'applied', {}, s.clock.now().toISOString()),
    );
    const later = patient();
    // In a page with an earlier enrolment too (so the page's own-enrolment query reaches back).
    check([
      pulled(patient(), randomDescriptor(), s.clock.now()),
      pulled(later, face, new Date(s.clock.now().getTime() + UNSEEN_WINDOW_MS + 60_000)),
    ]);
    expect(s.store.rows.flags.open(later)).toEqual([]);
    // Within the window it is checked.
    const sooner = patient();
    check([pulled(sooner, face, new Date(s.clock.now().getTime() + UNSEEN_WINDOW_MS - 60_000))]);
    expect(s.store.rows.flags.open(sooner)).toMatchObject([{ otherPatientId: own }]);
  });
});
