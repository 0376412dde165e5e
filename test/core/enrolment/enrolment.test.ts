/**
 * Enrolment on a real database: consent first, frames that passed the quality gate, and the 1:N
 * duplicate check that blocks the same face under a second IIN and flags both records.
 */
import { describe, expect, it } from 'vitest';
import type { QualityVerdict } from '../../../src/shared/face.ts';
import type { Probe } from '../../../src/core/face/matcher.ts';
import { ConsentRegistry } from '../../../src/core/enrolment/consent.ts';
import { Enrolment, loadTemplateIndex, type EnrolmentConfig } from '../../../src/core/enrolment/enrolment.ts';
import { OperatorRegistry } from '../../../src/core/operators/operators.ts';
import { TemplateIndex } from '../../../src/core/enrolment/template-index.ts';
import { TemplateStore } from '../../../src/core/enrolment/templates.ts';
import { MODEL_ID, MODEL_VERSION, nearDescriptor, randomDescriptor } from '../../support/descriptors.ts';
import { newPatient, openTestRegistry, rowCount, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';
import { GOOD_VERDICT } from '../../support/quality.ts';

const newDir = useTempDir('enrolment');
const config: EnrolmentConfig = { modelId: MODEL_ID, modelVersion: MODEL_VERSION, duplicateThreshold: 0.6 };

const good: QualityVerdict = GOOD_VERDICT;
const blurry: QualityVerdict = { ...good, ok: false, reasons: ['BLURRY'] };

/** Frames of one face: small variations around it. */
function framesOf(face: Float32Array, n = 3, quality = good): Probe[] {
  return Array.from({ length: n }, () => ({ descriptor: nearDescriptor(face, 0.15), quality }));
}

interface World extends TestRegistry {
  templates: TemplateStore;
  consents: ConsentRegistry;
  index: TemplateIndex;
  enrolment: Enrolment;
  consented(overrides?: Parameters<typeof newPatient>[0]): string;
}

function world(dir = newDir()): World {
  const r = openTestRegistry(dir);
  const operators = new OperatorRegistry({ ...r, scrypt: { N: 1024, r: 8, p: 1 } });
  if (operators.count() === 0) {
    const admin = operators.create(
      { login: 'admin', displayName: 'A', role: 'admin', secret: '12345678' },
      {
        operatorId: 'system',
        deskId: 'setup',
      },
    );
    operators.create(
      { login: 'reg', displayName: 'R', role: 'registrar', secret: '12345678' },
      { operatorId: admin.id, deskId: 'desk-1' },
    );
  }
  const registrar = operators.authenticate('reg', '12345678', 'desk-1');
  const actor = { operatorId: registrar.id, deskId: 'desk-1' };
  const templates = new TemplateStore(r);
  const consents = new ConsentRegistry({ ...r });
  const index = loadTemplateIndex(templates, config);
  const enrolment = new Enrolment({ ...r, consents, templates, index, config });
  return {
    ...r,
    actor,
    templates,
    consents,
    index,
    enrolment,
    consented(overrides) {
      const p = r.patients.register(newPatient(overrides), actor);
      consents.record(
        { patientId: p.id, givenBy: p.id, decision: 'given', purpose: 'face_identification' },
        actor,
      );
      return p.id;
    },
  };
}

const lastEvents = (w: World, n: number) =>
  (
    w.db.prepare('SELECT event FROM audit_log ORDER BY seq DESC LIMIT ?').pluck().all(n) as string[]
  ).reverse();

describe('consent', () => {
  it('records who consented, for what, when and by which operator', () => {
    const w = world();
    const p = w.patients.register(newPatient(), w.actor);
    const c = w.consents.record(
      { patientId: p.id, givenBy: p.id, decision: 'given', purpose: 'face_identification' },
      w.actor,
    );
    expect(w.consents.current(p.id)).toEqual(c);
    expect(c).toMatchObject({
      operatorId: w.actor.operatorId,
      deskId: 'desk-1',
      at: '2026-11-22T09:00:00.000Z',
    });
    expect(lastEvents(w, 1)).toEqual(['consent_given']);
    w.db.close();
  });

  it('takes consent for a child under 14 from a linked parent only', () => {
    const w = world();
    const child = w.patients.register(newPatient({ birthDate: '2018-01-01' }), w.actor);
    const mother = w.patients.register(newPatient({ birthDate: '1990-01-01' }), w.actor);
    const stranger = w.patients.register(newPatient({ birthDate: '1985-01-01' }), w.actor);
    const consent = (givenBy: string) => () =>
      w.consents.record(
        { patientId: child.id, givenBy, decision: 'given', purpose: 'face_identification' },
        w.actor,
      );
    expect(typedCode(consent(child.id))).toBe('INVALID_CONSENT');
    expect(typedCode(consent(mother.id))).toBe('INVALID_CONSENT'); // not linked yet
    w.representatives.link(
      {
        patientId: child.id,
        representativeId: mother.id,
        relation: 'parent',
        proof: { kind: 'birth_certificate', reference: 'I-АЛ 1' },
      },
      w.actor,
    );
    expect(typedCode(consent(stranger.id))).toBe('INVALID_CONSENT');
    expect(consent(mother.id)().givenBy).toBe(mother.id);
    // An adult decides for themselves.
    expect(
      typedCode(() =>
        w.consents.record(
          { patientId: mother.id, givenBy: child.id, decision: 'given', purpose: 'face_identification' },
          w.actor,
        ),
      ),
    ).toBe('INVALID_CONSENT');
    w.db.close();
  });
});

describe('Enrolment.enrol', () => {
  it('needs a given, unwithdrawn consent', () => {
    const w = world();
    const p = w.patients.register(newPatient(), w.actor);
    const face = randomDescriptor();
    expect(typedCode(() => w.enrolment.enrol(p.id, framesOf(face), w.actor))).toBe('CONSENT_REQUIRED');
    w.consents.record(
      { patientId: p.id, givenBy: p.id, decision: 'refused', purpose: 'face_identification' },
      w.actor,
    );
    expect(typedCode(() => w.enrolment.enrol(p.id, framesOf(face), w.actor))).toBe('CONSENT_REQUIRED');
    expect(rowCount(w, 'face_template')).toBe(0);
    w.db.close();
  });

  it('makes a template of 3–5 frames that passed the quality gate, and only of those', () => {
    const w = world();
    const id = w.consented();
    const face = randomDescriptor();
    const tooFew = [...framesOf(face, 2), ...framesOf(face, 4, blurry)];
    expect(typedCode(() => w.enrolment.enrol(id, tooFew, w.actor))).toBe('INVALID_ENROLMENT');
    expect(
      typedCode(() =>
        w.enrolment.enrol(id, [...framesOf(face, 2), { descriptor: [1, 2, 3], quality: good }], w.actor),
      ),
    ).toBe('INVALID_DESCRIPTOR');
    expect(rowCount(w, 'face_template')).toBe(0);

    const frames = [...framesOf(face, 4), ...framesOf(face, 2, blurry), ...framesOf(face, 3)];
    expect(w.enrolment.enrol(id, frames, w.actor)).toEqual({ outcome: 'enrolled', descriptors: 5 });
    const stored = w.templates.load(id, MODEL_ID, MODEL_VERSION);
    const passing = frames.filter((f) => f.quality.ok).slice(-5);
    expect(stored.descriptors).toEqual(passing.map((f) => f.descriptor));
    expect(w.index.has(id)).toBe(true);
    expect(lastEvents(w, 1)).toEqual(['enrolment']);
    w.db.close();
  });

  it('blocks the same face under a second IIN, flags both records, and saves nothing', () => {
    const w = world();
    const face = randomDescriptor();
    const first = w.consented();
    expect(w.enrolment.enrol(first, framesOf(face), w.actor).outcome).toBe('enrolled');
    const ghost = w.consented({ familyName: 'Ахметов', givenNames: 'Серик' });
    const templatesBefore = rowCount(w, 'face_template');

    expect(w.enrolment.enrol(ghost, framesOf(face), w.actor)).toEqual({ outcome: 'blocked_duplicate' });
    expect(rowCount(w, 'face_template')).toBe(templatesBefore);
    expect(w.index.has(ghost)).toBe(false);
    expect(w.store.rows.flags.open(ghost)).toMatchObject([{ kind: 'duplicate_face', otherPatientId: first }]);
    expect(w.store.rows.flags.open(first)).toMatchObject([{ kind: 'duplicate_face', otherPatientId: ghost }]);
    expect(lastEvents(w, 2)).toEqual(['enrolment_blocked_duplicate', 'enrolment_blocked_duplicate']);

    // A different face enrols; the same person re-enrolling is not their own duplicate.
    expect(w.enrolment.enrol(w.consented(), framesOf(randomDescriptor()), w.actor).outcome).toBe('enrolled');
    expect(w.enrolment.enrol(first, framesOf(face), w.actor).outcome).toBe('enrolled');
    w.db.close();
  });

  it('still knows every enrolled face after a restart (the index is rebuilt from the encrypted templates)', () => {
    const dir = newDir();
    const w = world(dir);
    const face = randomDescriptor();
    w.enrolment.enrol(w.consented(), framesOf(face), w.actor);
    w.db.close();

    const again = world(dir);
    expect(again.index.size).toBe(1);
    const ghost = again.consented({ familyName: 'Ахметов' });
    expect(again.enrolment.enrol(ghost, framesOf(face), again.actor).outcome).toBe('blocked_duplicate');
    again.db.close();
  });
});

describe('Enrolment.withdrawConsent', () => {
  it('deletes and erases the template, forgets the face, and audits both', () => {
    const w = world();
    const face = randomDescriptor();
    const id = w.consented();
    w.enrolment.enrol(id, framesOf(face), w.actor);
    expect(w.enrolment.withdrawConsent(id, w.actor)).toEqual({ deleted: 1, erased: true });
    expect(w.templates.has(id)).toBe(false);
    expect(w.index.has(id)).toBe(false);
    expect(w.consents.isGiven(id)).toBe(false);
    expect(lastEvents(w, 2)).toEqual(['consent_withdrawn', 'template_deleted']);
    expect(typedCode(() => w.enrolment.enrol(id, framesOf(face), w.actor))).toBe('CONSENT_REQUIRED');
    expect(typedCode(() => w.enrolment.withdrawConsent(id, w.actor))).toBe('CONSENT_REQUIRED');
    // The face is no longer enrolled: someone else with it is not blocked by a withdrawn template.
    expect(w.enrolment.enrol(w.consented(), framesOf(face), w.actor).outcome).toBe('enrolled');
    w.db.close();
  });
});
