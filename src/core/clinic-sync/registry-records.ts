/**
 * What each registry row looks like inside its clinic ciphertext, and the way between that content
 * and the desk's own rows. The desk seals its SQLite under its own key; the clinic's rows are
 * sealed under the clinic key. So a row leaving the desk is opened with the desk's subkeys and
 * sealed under the clinic's (registry-outbox.ts), and a pulled row the other way
 * (registry-apply.ts). The content is the row itself, so a pulled row is the row its author wrote.
 *
 * Each ciphertext is bound (associated data) to its kind and ids: moved to another row, it fails.
 */
import { z } from 'zod';
import { ROLES } from '../../shared/roles.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import { decodeDescriptors, encodeDescriptors, templateAad } from '../enrolment/template-codec.ts';
import type { ConsentRow } from '../enrolment/consent-rows.ts';
import { open, seal } from '../crypto/aead.ts';
import type { Descriptor } from '../face/descriptor.ts';
import type { OperatorRow } from '../operators/operator-rows.ts';
import { iinLookupKey, openIin, sealIin } from '../patients/iin-protection.ts';
import { nameKey } from '../patients/names.ts';
import type { PatientRow } from '../patients/patient-rows.ts';
import type { RepresentativeRow } from '../patients/representative-rows.ts';

/** The desk subkeys the sync opens and seals rows with. */
export type DeskSealKeys = Pick<Subkeys, 'iin-seal' | 'iin-lookup' | 'template-seal'>;

export const binding = {
  patient: (id: string) => ['patient', id],
  representative: (patientId: string, representativeId: string) => [
    'representative',
    patientId,
    representativeId,
  ],
  consent: (id: string, patientId: string) => ['consent', id, patientId],
  template: (id: string, patientId: string, modelId: string, modelVersion: string) => [
    'template',
    id,
    patientId,
    modelId,
    modelVersion,
  ],
  operator: (id: string) => ['operator', id],
} as const;

const flag = z.union([z.literal(0), z.literal(1)]);

export const patientContent = z
  .object({
    iin: z.string().regex(/^\d{12}$/),
    familyName: z.string().min(1).max(200),
    givenNames: z.string().min(1).max(200),
    birthDate: z.string(),
    birthDateDisagrees: flag,
    phone: z.string().nullable(),
    legallyIncapacitated: flag,
    createdAt: z.string(),
    language: z.string().nullable(),
  })
  .strict();
export type PatientContent = z.output<typeof patientContent>;

export const representativeContent = z
  .object({ relation: z.string(), proofKind: z.string(), proofReference: z.string(), createdAt: z.string() })
  .strict();

export const consentContent = z
  .object({
    givenBy: z.string(),
    decision: z.string(),
    purpose: z.string(),
    operatorId: z.string(),
    deskId: z.string(),
    at: z.string(),
  })
  .strict();

/** Descriptors as float32 little-endian, base64 (template-codec.ts's bytes). */
export const templateContent = z.object({ descriptors: z.base64(), createdAt: z.string() }).strict();

export const operatorContent = z
  .object({
    login: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    secretHash: z.string(),
    locked: flag,
    createdAt: z.string(),
  })
  .strict();

export function patientToContent(row: PatientRow, keys: DeskSealKeys): PatientContent {
  return {
    iin: openIin(keys['iin-seal'], row.id, row.iin_sealed),
    familyName: row.family_name,
    givenNames: row.given_names,
    birthDate: row.birth_date,
    birthDateDisagrees: row.birth_date_disagrees as 0 | 1,
    phone: row.phone,
    legallyIncapacitated: row.legally_incapacitated as 0 | 1,
    createdAt: row.created_at,
    language: row.language,
  };
}

/** The desk's row for a pulled patient: IIN sealed and looked up under this desk's own keys. */
export function patientFromContent(id: string, c: PatientContent, keys: DeskSealKeys): PatientRow {
  return {
    id,
    iin_lookup: iinLookupKey(keys['iin-lookup'], c.iin),
    iin_sealed: sealIin(keys['iin-seal'], id, c.iin),
    family_name: c.familyName,
    given_names: c.givenNames,
    family_name_key: nameKey(c.familyName),
    given_names_key: nameKey(c.givenNames),
    birth_date: c.birthDate,
    birth_date_disagrees: c.birthDateDisagrees,
    phone: c.phone,
    legally_incapacitated: c.legallyIncapacitated,
    created_at: c.createdAt,
    language: c.language,
  };
}

export const representativeToContent = (r: RepresentativeRow): z.output<typeof representativeContent> => ({
  relation: r.relation,
  proofKind: r.proof_kind,
  proofReference: r.proof_reference,
  createdAt: r.created_at,
});

export const consentToContent = (r: ConsentRow): z.output<typeof consentContent> => ({
  givenBy: r.given_by,
  decision: r.decision,
  purpose: r.purpose,
  operatorId: r.operator_id,
  deskId: r.desk_id,
  at: r.at,
});

export const operatorToContent = (r: OperatorRow): z.output<typeof operatorContent> => ({
  login: r.login,
  displayName: r.display_name,
  role: r.role as (typeof ROLES)[number],
  secretHash: r.secret_hash,
  locked: r.locked as 0 | 1,
  createdAt: r.created_at,
});

/** The descriptors of a desk-sealed template (the bytes are zeroed after use by the caller's seal). */
export function openDeskTemplate(
  keys: DeskSealKeys,
  row: { patient_id: string; model_id: string; model_version: string; sealed: Buffer },
): Buffer {
  return open(
    keys['template-seal'],
    row.sealed,
    templateAad(row.patient_id, row.model_id, row.model_version),
  );
}

/** A pulled template's descriptors sealed as TemplateStore seals them, so the matcher opens it. */
export function sealDeskTemplate(
  keys: DeskSealKeys,
  patientId: string,
  modelId: string,
  modelVersion: string,
  descriptorsBase64: string,
): { sealed: Buffer; descriptors: Descriptor[] } | null {
  const bytes = Buffer.from(descriptorsBase64, 'base64');
  try {
    const descriptors = decodeDescriptors(bytes);
    if (descriptors === null) return null;
    const sealed = seal(
      keys['template-seal'],
      encodeDescriptors(descriptors),
      templateAad(patientId, modelId, modelVersion),
    );
    return { sealed, descriptors };
  } finally {
    bytes.fill(0);
  }
}
