/** The patient registry on a real database: validation, protection of the IIN, lookup. */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageOn, isMinorUnder14 } from '../../../src/core/patients/age.ts';
import { identityDisagreements } from '../../../src/core/patients/names.ts';
import { NO_PHONE } from '../../../src/core/patients/phone.ts';
import { makeIin } from '../../support/iin.ts';
import { newPatient, openTestRegistry, rowCount } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('patients');

describe('PatientRegistry.register', () => {
  it('stores a patient and reads it back, with sex from the IIN and its audit row', () => {
    const r = openTestRegistry(newDir());
    const input = newPatient({ phone: NO_PHONE });
    const p = r.patients.register(input, r.actor);
    expect(p).toMatchObject({
      iin: input.iin,
      sex: 'female',
      familyName: 'Сейтқалиева',
      givenNames: 'Әйгерім Нұрланқызы',
      birthDate: '1988-04-12',
      birthDateDisagreesWithIin: false,
      phone: 'none',
      legallyIncapacitated: false,
      minorUnder14: false,
      createdAt: '2026-11-22T09:00:00.000Z',
    });
    expect(r.patients.get(p.id)).toEqual(p);
    const audit = r.db.prepare('SELECT * FROM audit_log').all() as Record<string, unknown>[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      event: 'patient_registered',
      patient_id: p.id,
      ...{ operator_id: r.actor.operatorId },
    });
    // The audit names the patient by id only.
    expect(JSON.stringify(audit)).not.toMatch(/Сейт|Әйгерім|1988/);
    r.db.close();
  });

  it('keeps a date of birth that disagrees with the IIN, flagged', () => {
    const r = openTestRegistry(newDir());
    const p = r.patients.register({ ...newPatient(), birthDate: '1988-04-21' }, r.actor);
    expect(p.birthDate).toBe('1988-04-21');
    expect(p.birthDateDisagreesWithIin).toBe(true);
    r.db.close();
  });

  it('computes minor-under-14 from the date of birth and the registry clock', () => {
    const r = openTestRegistry(newDir());
    r.clock.set('2026-11-22T09:00:00Z');
    const turnsFourteenToday = r.patients.register(newPatient({ birthDate: '2012-11-22' }), r.actor);
    const turnsFourteenTomorrow = r.patients.register(newPatient({ birthDate: '2012-11-23' }), r.actor);
    expect(turnsFourteenToday.minorUnder14).toBe(false);
    expect(turnsFourteenTomorrow.minorUnder14).toBe(true);
    r.clock.set('2026-11-23T09:00:00Z');
    expect(r.patients.get(turnsFourteenTomorrow.id).minorUnder14).toBe(false);
    r.db.close();
  });

  it('refuses bad input with a typed error naming the problem, and writes nothing', () => {
    const r = openTestRegistry(newDir());
    const ok = newPatient();
    const cases: [unknown, string][] = [
      [{ ...ok, iin: ok.iin.slice(0, 11) }, 'IIN_LENGTH'],
      [{ ...ok, iin: `${ok.iin.slice(0, 11)}x` }, 'IIN_NOT_DIGITS'],
      [{ ...ok, iin: `${ok.iin.slice(0, 11)}${(Number(ok.iin[11]) + 1) % 10}` }, 'IIN_CHECK_DIGIT'],
      [{ ...ok, iin: `${ok.iin.slice(0, 6)}9${ok.iin.slice(7)}` }, 'IIN_CENTURY_DIGIT'],
      [{ ...ok, iin: makeIin('2027-01-01') }, 'IIN_BAD_DATE'], // born after "today" (2026-11-22)
      [{ ...ok, familyName: '' }, 'INVALID_NAME'],
      [{ ...ok, familyName: 'Иванов2' }, 'INVALID_NAME'],
      [{ ...ok, givenNames: ' - ' }, 'INVALID_NAME'],
      [{ ...ok, givenNames: undefined }, 'INVALID_NAME'],
      [{ ...ok, birthDate: '1988-02-30' }, 'INVALID_BIRTH_DATE'],
      [{ ...ok, birthDate: '12.04.1988' }, 'INVALID_BIRTH_DATE'],
      [{ ...ok, birthDate: '2030-01-01' }, 'INVALID_BIRTH_DATE'],
      [{ ...ok, phone: undefined }, 'INVALID_PHONE'],
      [{ ...ok, phone: '87011234567' }, 'INVALID_PHONE'],
      [{ ...ok, phone: '+7 701 123 45 67' }, 'INVALID_PHONE'],
      [{ ...ok, phone: '' }, 'INVALID_PHONE'],
      [{ ...ok, legallyIncapacitated: 'no' }, 'INVALID_PATIENT'],
      [{ ...ok, nickname: 'Айка' }, 'INVALID_PATIENT'],
      [null, 'INVALID_PATIENT'],
    ];
    for (const [input, code] of cases) {
      expect(
        typedCode(() => r.patients.register(input, r.actor)),
        JSON.stringify(input),
      ).toBe(code);
    }
    expect(rowCount(r, 'patient')).toBe(0);
    expect(rowCount(r, 'audit_log')).toBe(0);
    r.db.close();
  });

  it('refuses a second patient with the same IIN', () => {
    const r = openTestRegistry(newDir());
    const input = newPatient();
    r.patients.register(input, r.actor);
    expect(typedCode(() => r.patients.register({ ...input, familyName: 'Другая' }, r.actor))).toBe(
      'IIN_ALREADY_REGISTERED',
    );
    expect(rowCount(r, 'patient')).toBe(1);
    expect(rowCount(r, 'audit_log')).toBe(1);
    r.db.close();
  });

  it('writes neither the patient nor the audit row when the audit entry is refused', () => {
    const r = openTestRegistry(newDir());
    expect(typedCode(() => r.patients.register(newPatient(), { ...r.actor, deskId: '' }))).toBe(
      'INVALID_AUDIT_EVENT',
    );
    expect(rowCount(r, 'patient')).toBe(0);
    r.db.close();
  });

  it('writes nothing when another desk holds the write lock', () => {
    const r = openTestRegistry(newDir());
    r.db.pragma('busy_timeout = 50');
    const other = new Database(r.dbPath);
    other.exec('BEGIN IMMEDIATE');
    expect(typedCode(() => r.patients.register(newPatient(), r.actor))).toBe('DATABASE_BUSY');
    other.exec('ROLLBACK');
    other.close();
    expect(rowCount(r, 'patient')).toBe(0);
    expect(rowCount(r, 'audit_log')).toBe(0);
    r.db.close();
  });
});

describe('the IIN at rest', () => {
  it('is in neither the database file nor its WAL, and a sealed IIN does not open on another row', () => {
    const r = openTestRegistry(newDir());
    const a = r.patients.register(newPatient(), r.actor);
    const b = r.patients.register(newPatient(), r.actor);
    for (const file of [r.dbPath, `${r.dbPath}-wal`]) {
      const bytes = readFileSync(file);
      for (const iin of [a.iin, b.iin]) {
        expect(bytes.includes(iin), `${file} holds the IIN`).toBe(false);
        // The serial and check digits (the part not derivable from the date of birth).
        expect(bytes.includes(iin.slice(6)), `${file} holds the IIN's tail`).toBe(false);
      }
    }
    const raw = new Database(r.dbPath);
    raw
      .prepare('UPDATE patient SET iin_sealed = (SELECT iin_sealed FROM patient WHERE id = ?) WHERE id = ?')
      .run(a.id, b.id);
    raw.close();
    expect(typedCode(() => r.patients.get(b.id))).toBe('IIN_UNREADABLE');
    expect(r.patients.get(a.id).iin).toBe(a.iin);
    r.db.close();
  });
});

describe('lookup', () => {
  it('finds a patient by IIN, returns null for an unknown one and a typed error for a malformed one', () => {
    const r = openTestRegistry(newDir());
    const p = r.patients.register(newPatient(), r.actor);
    expect(r.patients.findByIin(p.iin)?.id).toBe(p.id);
    expect(r.patients.findByIin(makeIin('1990-01-01'))).toBeNull();
    expect(typedCode(() => r.patients.findByIin('12345'))).toBe('IIN_LENGTH');
    expect(typedCode(() => r.patients.get('no-such-id'))).toBe('PATIENT_NOT_FOUND');
    r.db.close();
  });

  it('finds a patient by name despite case, Kazakh letters, look-alikes and hyphens, and says what disagrees', () => {
    const r = openTestRegistry(newDir());
    const p = r.patients.register(newPatient({ familyName: 'Сейтқали-Ахметова' }), r.actor);
    r.patients.register(
      newPatient({ familyName: 'Сейтқали-Ахметова', givenNames: 'Дана', birthDate: '1990-05-05' }),
      r.actor,
    );
    r.patients.register(newPatient({ familyName: 'Ахметова' }), r.actor);
    for (const spelling of [
      'Сейтқали-Ахметова',
      'СЕЙТКАЛИ АХМЕТОВА',
      'сейткали—ахметова',
      'CEЙTKAЛИ-AXMETOBA',
    ]) {
      expect(
        r.patients.findByName({ familyName: spelling }).map((x) => x.familyName),
        spelling,
      ).toEqual(['Сейтқали-Ахметова', 'Сейтқали-Ахметова']);
    }
    const [found, ...rest] = r.patients.findByName({
      familyName: 'сейткали ахметова',
      givenNames: 'айгерим нурланкызы',
    });
    expect(rest).toEqual([]);
    expect(found?.id).toBe(p.id);
    expect(r.patients.findByName({ familyName: 'Сейткали-Ахметова', birthDate: '1990-05-05' })).toHaveLength(
      1,
    );
    expect(r.patients.findByName({ familyName: 'Иванова' })).toEqual([]);
    // What the doctor is told when the person in the chair gives a slightly different identity.
    expect(
      identityDisagreements(found as NonNullable<typeof found>, {
        familyName: 'СЕЙТКАЛИ АХМЕТОВА',
        givenNames: 'Айгерим Нурланкызы',
        birthDate: '1988-04-21',
      }),
    ).toEqual(['birthDate']);
    r.db.close();
  });
});

describe('age', () => {
  it('counts whole years; a 29 February birthday falls on 1 March in common years', () => {
    expect(ageOn('2012-11-22', '2026-11-21')).toBe(13);
    expect(ageOn('2012-11-22', '2026-11-22')).toBe(14);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
    expect(isMinorUnder14('2012-11-23', '2026-11-22')).toBe(true);
    expect(isMinorUnder14('2012-11-22', '2026-11-22')).toBe(false);
  });
});
