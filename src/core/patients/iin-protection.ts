/**
 * The IIN is never stored in plain text: it is sealed (AES-256-GCM, the patient id as associated
 * data, so a sealed IIN copied onto another patient's row does not open) and found through a keyed
 * HMAC. A plain hash would not do: there are few enough valid IINs to hash them all.
 */
import { createHmac } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import { open, seal } from '../crypto/aead.ts';

const aad = (patientId: string) => Buffer.from(`tanu/patient-iin/${patientId}`, 'utf8');

export function iinLookupKey(lookupKey: Buffer, iin: string): Buffer {
  return createHmac('sha256', lookupKey).update(iin, 'utf8').digest();
}

export function sealIin(sealKey: Buffer, patientId: string, iin: string): Buffer {
  return seal(sealKey, Buffer.from(iin, 'utf8'), aad(patientId));
}

export function openIin(sealKey: Buffer, patientId: string, sealed: Buffer): string {
  try {
    return open(sealKey, sealed, aad(patientId)).toString('utf8');
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new RegistryError(
        'IIN_UNREADABLE',
        `The stored IIN of patient ${patientId} does not open: ${error.message}`,
      );
    }
    throw error;
  }
}
