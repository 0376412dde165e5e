/** Representatives: linked people in the registry, with relation and proof; who may not represent. */
import { describe, expect, it } from 'vitest';
import type { RepresentativeLink } from '../../../src/core/patients/representatives.ts';
import { newPatient, openTestRegistry, rowCount } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('representatives');

function family() {
  const r = openTestRegistry(newDir());
  const child = r.patients.register(newPatient({ birthDate: '2019-06-01', givenNames: 'Алихан' }), r.actor);
  const mother = r.patients.register(newPatient({ birthDate: '1990-01-15', givenNames: 'Айгерим' }), r.actor);
  const sibling = r.patients.register(newPatient({ birthDate: '2016-03-03', givenNames: 'Аружан' }), r.actor);
  const ward = r.patients.register(
    newPatient({ birthDate: '1950-03-03', legallyIncapacitated: true }),
    r.actor,
  );
  return { r, child, mother, sibling, ward };
}

describe('Representatives', () => {
  it('links a parent with the proof document, in both directions, and audits it', () => {
    const { r, child, mother } = family();
    const link: RepresentativeLink = {
      patientId: child.id,
      representativeId: mother.id,
      relation: 'parent',
      proof: { kind: 'birth_certificate', reference: ' I-АЛ № 0123456 ' },
    };
    const made = r.representatives.link(link, r.actor);
    expect(made.proof.reference).toBe('I-АЛ № 0123456');
    expect(r.representatives.of(child.id)).toEqual([made]);
    expect(r.representatives.representedBy(mother.id)).toEqual([made]);
    const last = r.db.prepare('SELECT event, patient_id FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(last).toEqual({ event: 'representative_linked', patient_id: child.id });
    r.db.close();
  });

  it('refuses impossible links with a typed error and writes nothing', () => {
    const { r, child, mother, sibling, ward } = family();
    const ok: RepresentativeLink = {
      patientId: child.id,
      representativeId: mother.id,
      relation: 'parent',
      proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
    };
    const auditBefore = rowCount(r, 'audit_log');
    const cases: [unknown, string][] = [
      [{ ...ok, representativeId: child.id }, 'INVALID_REPRESENTATIVE'],
      [{ ...ok, representativeId: sibling.id }, 'INVALID_REPRESENTATIVE'], // a minor under 14
      [{ ...ok, representativeId: ward.id }, 'INVALID_REPRESENTATIVE'], // legally incapacitated
      [{ ...ok, relation: 'neighbour' }, 'INVALID_REPRESENTATIVE'],
      [{ ...ok, proof: { kind: 'verbal', reference: 'x' } }, 'INVALID_REPRESENTATIVE'],
      [{ ...ok, proof: { kind: 'birth_certificate', reference: '   ' } }, 'INVALID_REPRESENTATIVE'],
      [{ ...ok, proof: undefined }, 'INVALID_REPRESENTATIVE'],
      [{ ...ok, representativeId: 'nobody' }, 'PATIENT_NOT_FOUND'],
      [{ ...ok, patientId: 'nobody' }, 'PATIENT_NOT_FOUND'],
    ];
    for (const [link, code] of cases) {
      expect(
        typedCode(() => r.representatives.link(link as RepresentativeLink, r.actor)),
        JSON.stringify(link),
      ).toBe(code);
    }
    expect(rowCount(r, 'representative')).toBe(0);
    expect(rowCount(r, 'audit_log')).toBe(auditBefore);
    r.representatives.link(ok, r.actor);
    expect(typedCode(() => r.representatives.link(ok, r.actor))).toBe('INVALID_REPRESENTATIVE');
    expect(rowCount(r, 'representative')).toBe(1);
    r.db.close();
  });
});
