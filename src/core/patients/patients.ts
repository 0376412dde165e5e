/**
 * The patient registry: register, fetch, and look up by IIN or by name. Input is validated in
 * full before the transaction starts, so bad input gets a typed error naming the field and writes
 * nothing; the row and its audit entry are written together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { isoDate, type Clock } from '../clock.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import type { ClinicOutbox } from '../clinic-sync/registry-outbox.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { isIsoDate, isMinorUnder14 } from './age.ts';
import { parseIin, type Sex } from './iin.ts';
import { iinLookupKey, openIin, sealIin } from './iin-protection.ts';
import { nameKey } from './names.ts';
import type { PatientRow } from './patient-rows.ts';
import { NO_PHONE, validatePhone, type Phone } from './phone.ts';

export interface NewPatient {
  iin: string;
  familyName: string;
  /** Given name(s) and patronymic, as on the identity document. */
  givenNames: string;
  /** YYYY-MM-DD as stated on the document; kept and flagged when it differs from the IIN's. */
  birthDate: string;
  /** E.164, or NO_PHONE ('none'): never left out. */
  phone: Phone;
  legallyIncapacitated: boolean;
}

export interface Patient {
  id: string;
  iin: string;
  sex: Sex;
  familyName: string;
  givenNames: string;
  birthDate: string;
  /** The stated date of birth is not the one encoded in the IIN: the registrar must check the documents. */
  birthDateDisagreesWithIin: boolean;
  phone: Phone;
  legallyIncapacitated: boolean;
  /** Under 14 on the registry clock's today. */
  minorUnder14: boolean;
  createdAt: string;
}

export interface NameQuery {
  familyName: string;
  givenNames?: string;
  birthDate?: string;
}

export interface RegistryDeps {
  store: DeskStore;
  keys: Pick<Subkeys, 'iin-seal' | 'iin-lookup'>;
  audit: AuditLog;
  clock: Clock;
  /** In clinic mode, records an op for the clinic in the same transaction; none on a single desk. */
  clinic?: ClinicOutbox;
}

const NEW_PATIENT_FIELDS = new Set([
  'iin',
  'familyName',
  'givenNames',
  'birthDate',
  'phone',
  'legallyIncapacitated',
]);
const NAME_CHARS = /^[\p{L}\p{M}\s'’ʼ.\p{Pd}]+$/u;
const FIELD_LABEL = { familyName: 'family name', givenNames: 'given names' } as const;

export function validateName(value: unknown, field: keyof typeof FIELD_LABEL): string {
  const label = FIELD_LABEL[field];
  if (typeof value !== 'string') throw new RegistryError('INVALID_NAME', `The ${label} is missing.`);
  const name = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (name.length === 0 || name.length > 200) {
    throw new RegistryError('INVALID_NAME', `The ${label} must have 1 to 200 characters.`);
  }
  if (!NAME_CHARS.test(name) || !/\p{L}/u.test(name) || nameKey(name).length === 0) {
    throw new RegistryError(
      'INVALID_NAME',
      `The ${label} may contain only letters, spaces, hyphens and apostrophes.`,
    );
  }
  return name;
}

export function validateBirthDate(value: unknown, today: string): string {
  if (!isIsoDate(value) || value < '1800-01-01' || value > today) {
    throw new RegistryError(
      'INVALID_BIRTH_DATE',
      'The date of birth must be a real date (YYYY-MM-DD), not in the future.',
    );
  }
  return value;
}

export class PatientRegistry {
  readonly #deps: RegistryDeps;

  constructor(deps: RegistryDeps) {
    this.#deps = deps;
  }

  #today(): string {
    return isoDate(this.#deps.clock.now());
  }

  /** Checks everything before anything is written. */
  #validate(input: unknown): NewPatient & { iinBirthDate: string } {
    if (typeof input !== 'object' || input === null) {
      throw new RegistryError('INVALID_PATIENT', 'A new patient must be an object.');
    }
    const unknown = Object.keys(input).filter((k) => !NEW_PATIENT_FIELDS.has(k));
    if (unknown.length > 0) {
      throw new RegistryError('INVALID_PATIENT', `Unknown patient field(s): ${unknown.join(', ')}.`);
    }
    const p = input as Record<keyof NewPatient, unknown>;
    const today = this.#today();
    const iin = parseIin(p.iin, today);
    const familyName = validateName(p.familyName, 'familyName');
    const givenNames = validateName(p.givenNames, 'givenNames');
    const birthDate = validateBirthDate(p.birthDate, today);
    const phone = validatePhone(p.phone);
    if (typeof p.legallyIncapacitated !== 'boolean') {
      throw new RegistryError('INVALID_PATIENT', 'legallyIncapacitated must be true or false.');
    }
    return {
      iin: iin.iin,
      iinBirthDate: iin.birthDate,
      familyName,
      givenNames,
      birthDate,
      phone,
      legallyIncapacitated: p.legallyIncapacitated,
    };
  }

  register(input: unknown, actor: Actor): Patient {
    const p = this.#validate(input);
    const { store, keys, audit, clock } = this.#deps;
    const id = randomUUID();
    const lookup = iinLookupKey(keys['iin-lookup'], p.iin);
    store.write((tx) => {
      // Checked under the write lock, so two desks registering the same IIN cannot both succeed.
      if (store.rows.patients.idByLookup(lookup) !== null) {
        throw new RegistryError('IIN_ALREADY_REGISTERED', 'A patient with this IIN is already registered.');
      }
      store.rows.patients.insert(tx, {
        id,
        iin_lookup: lookup,
        iin_sealed: sealIin(keys['iin-seal'], id, p.iin),
        family_name: p.familyName,
        given_names: p.givenNames,
        family_name_key: nameKey(p.familyName),
        given_names_key: nameKey(p.givenNames),
        birth_date: p.birthDate,
        birth_date_disagrees: p.birthDate === p.iinBirthDate ? 0 : 1,
        phone: p.phone === NO_PHONE ? null : p.phone,
        legally_incapacitated: p.legallyIncapacitated ? 1 : 0,
        created_at: clock.now().toISOString(),
      });
      audit.append(tx, { ...actor, patientId: id, event: 'patient_registered' });
      this.#deps.clinic?.patientSaved(tx, id);
    });
    return this.get(id);
  }

  /** Whether the patient exists, without opening their IIN. */
  exists(id: string): boolean {
    return this.#deps.store.rows.patients.exists(id);
  }

  #fromRow(row: PatientRow): Patient {
    const iin = openIin(this.#deps.keys['iin-seal'], row.id, row.iin_sealed);
    return {
      id: row.id,
      iin,
      sex: parseIin(iin).sex,
      familyName: row.family_name,
      givenNames: row.given_names,
      birthDate: row.birth_date,
      birthDateDisagreesWithIin: row.birth_date_disagrees === 1,
      phone: row.phone ?? NO_PHONE,
      legallyIncapacitated: row.legally_incapacitated === 1,
      minorUnder14: isMinorUnder14(row.birth_date, this.#today()),
      createdAt: row.created_at,
    };
  }

  /** Throws PATIENT_NOT_FOUND. */
  get(id: string): Patient {
    const row = this.#deps.store.rows.patients.byId(id);
    if (!row) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${id}.`);
    return this.#fromRow(row);
  }

  /** The patient with this IIN, or null. A malformed IIN is a typed error, not "not found". */
  findByIin(iin: string): Patient | null {
    const valid = parseIin(iin).iin;
    const row = this.#deps.store.rows.patients.byLookup(iinLookupKey(this.#deps.keys['iin-lookup'], valid));
    return row ? this.#fromRow(row) : null;
  }

  /**
   * Patients whose normalised family name (and given names / date of birth, when given) match:
   * "Сейтқалиев", "СЕЙТКАЛИЕВ" and a look-alike Latin spelling all find the same record.
   */
  findByName(query: NameQuery, limit = 50): Patient[] {
    const family = nameKey(validateName(query.familyName, 'familyName'));
    const given =
      query.givenNames === undefined ? null : nameKey(validateName(query.givenNames, 'givenNames'));
    if (query.birthDate !== undefined && !isIsoDate(query.birthDate)) {
      throw new RegistryError('INVALID_BIRTH_DATE', 'The date of birth must be a real date (YYYY-MM-DD).');
    }
    const rows = this.#deps.store.rows.patients.byNameKeys(
      { family, given, birthDate: query.birthDate ?? null },
      limit,
    );
    return rows.map((r) => this.#fromRow(r));
  }
}
