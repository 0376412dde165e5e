/** The registry wired to a real test store, and a valid new-patient input to vary. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/core/audit/actor.ts';
import { PatientRegistry, type NewPatient } from '../../src/core/patients/patients.ts';
import { Representatives } from '../../src/core/patients/representatives.ts';
import { DeskStore } from '../../src/core/store/desk-store.ts';
import { makeIin } from './iin.ts';
import { openTestStore, type TestStore } from './store.ts';

export interface TestRegistry extends TestStore {
  patients: PatientRegistry;
  representatives: Representatives;
  actor: Actor;
}

export function openTestRegistry(dir: string): TestRegistry {
  const store = openTestStore(dir);
  const patients = new PatientRegistry(store);
  return {
    ...store,
    patients,
    representatives: new Representatives({ ...store, patients }),
    actor: { operatorId: randomUUID(), deskId: 'desk-1' },
  };
}

let serial = 0;

/** A valid adult patient; each call gets a new IIN. */
export function newPatient(overrides: Partial<NewPatient> = {}): NewPatient {
  const birthDate = overrides.birthDate ?? '1988-04-12';
  serial += 7;
  return {
    iin: makeIin(birthDate, 'female', serial),
    familyName: 'Сейтқалиева',
    givenNames: 'Әйгерім Нұрланқызы',
    birthDate,
    phone: '+77011234567',
    legallyIncapacitated: false,
    ...overrides,
  };
}

export function rowCount(store: TestStore, table: string): number {
  return store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** How many patients of that family name the database file `path` holds (a restored backup, say). */
export function patientsNamedIn(path: string, familyName: string): number {
  const store = DeskStore.open(path, { readonly: true });
  try {
    return store.connection
      .prepare('SELECT count(*) FROM patient WHERE family_name = ?')
      .pluck()
      .get(familyName) as number;
  } finally {
    store.close();
  }
}
