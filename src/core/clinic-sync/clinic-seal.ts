/**
 * What the clinic data key (made by `clinic new-key`, handed over wrapped in the provisioning file:
 * src/core/clinic/clinic-key.ts) does at a desk. It never replaces a desk's own data key, which
 * keeps sealing the desk's SQLite; it only seals what goes to the clinic's PostgreSQL, so that a
 * dump of the clinic database holds ciphertext and keyed hashes only, and a desk's own file never
 * depends on another desk's key.
 *
 * Three subkeys (HKDF-SHA-256, like the desk's subkeys.ts): 'clinic-record-seal' seals each
 * registry row's content, 'clinic-iin-lookup' keys the HMAC of the IIN that makes the clinic's
 * uniqueness work across desks without the IIN, 'clinic-slip-code' keys the HMAC of a slip's code
 * issued at reception (slip/reception-slips.ts), which any desk of the clinic can check.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { open, seal } from '../crypto/aead.ts';

export const CLINIC_KEY_BYTES = 32;

export interface ClinicKeys {
  /** Seals a row's content (AES-256-GCM, the row's kind and ids as associated data). */
  readonly recordSeal: Buffer;
  /** Keys the IIN's HMAC: the same IIN gives the same lookup at every desk of the clinic. */
  readonly iinLookup: Buffer;
  /** Keys a reception slip's code HMAC: made at the registrar's desk, checked at a doctor's. */
  readonly slipCode: Buffer;
}

/** A fresh key, for tests (the clinic's own is made by `clinic new-key`). */
export function newClinicKey(): Buffer {
  return randomBytes(CLINIC_KEY_BYTES);
}

export function deriveClinicKeys(clinicKey: Buffer): ClinicKeys {
  if (clinicKey.length !== CLINIC_KEY_BYTES) {
    throw new CryptoError('KEY_INVALID', `The clinic key has ${clinicKey.length} bytes; expected 32.`);
  }
  const sub = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', clinicKey, Buffer.alloc(0), `tanu/${purpose}/v1`, 32));
  return {
    recordSeal: sub('clinic-record-seal'),
    iinLookup: sub('clinic-iin-lookup'),
    slipCode: sub('clinic-slip-code'),
  };
}

/** 64 lowercase hex digits, as api.push_ops takes `iinLookup`. */
export function clinicIinLookup(keys: ClinicKeys, iin: string): string {
  return createHmac('sha256', keys.iinLookup).update(iin, 'utf8').digest('hex');
}

/**
 * The associated data binds a ciphertext to its row: a sealed patient copied onto another id, or
 * a template relabelled with another patient or model, does not open.
 */
const recordAad = (binding: readonly string[]) =>
  Buffer.from(JSON.stringify(['tanu/clinic-record/v1', ...binding]), 'utf8');

/** base64 of AES-256-GCM over the JSON of `content`. */
export function sealRecord(keys: ClinicKeys, binding: readonly string[], content: unknown): string {
  const plain = Buffer.from(JSON.stringify(content), 'utf8');
  try {
    return seal(keys.recordSeal, plain, recordAad(binding)).toString('base64');
  } finally {
    plain.fill(0);
  }
}

/** The JSON content; throws CryptoError DECRYPT_FAILED for another key, another row, altered bytes. */
export function openRecord(keys: ClinicKeys, binding: readonly string[], sealed: string): unknown {
  const plain = open(keys.recordSeal, Buffer.from(sealed, 'base64'), recordAad(binding));
  try {
    return JSON.parse(plain.toString('utf8'));
  } finally {
    plain.fill(0);
  }
}
