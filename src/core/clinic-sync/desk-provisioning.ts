/**
 * The provisioning file `clinic add-desk` writes, as the desk reads it at setup: its role and
 * password at the clinic, where the clinic is, and the clinic data key wrapped under the passphrase
 * the clinic admin gives the installer separately (so the file alone, lost or copied, opens
 * nothing). The desk keeps what it needs sealed under its own key; the file is then deleted.
 */
import { z } from 'zod';
import { ClinicError } from '../../shared/clinic-errors.ts';
import { unwrapClinicKey, wrappedClinicKeySchema } from './clinic-key.ts';

export const PROVISIONING_FORMAT = 'tanu-clinic-desk/1';

export const provisioningSchema = z
  .object({
    format: z.literal(PROVISIONING_FORMAT),
    desk: z.string(),
    role: z.string(),
    password: z.string(),
    clinic: z.object({ host: z.string(), port: z.int(), database: z.string() }).strict(),
    tlsRequired: z.boolean(),
    /** Absent in files written before the key was handed over this way: ask the admin for one. */
    clinicKey: wrappedClinicKeySchema.optional(),
  })
  .strict();
export type DeskProvisioning = z.output<typeof provisioningSchema>;

export interface ProvisionedDesk {
  desk: string;
  /** postgres://role:password@host:port/database (for connectClinic, with TLS files when required). */
  url: string;
  tlsRequired: boolean;
  /** The 32-byte clinic key, unwrapped (the caller seals it under the desk's key and zeroes this). */
  clinicKey: Buffer;
}

/** Throws CLINIC_INVALID_ARGUMENTS for a file that is not a provisioning file or has no key. */
export function readProvisioning(text: string, passphrase: string): ProvisionedDesk {
  let file: DeskProvisioning;
  try {
    file = provisioningSchema.parse(JSON.parse(text));
  } catch {
    throw new ClinicError('CLINIC_INVALID_ARGUMENTS', 'This is not a Tanu clinic provisioning file.');
  }
  if (!file.clinicKey) {
    throw new ClinicError(
      'CLINIC_INVALID_ARGUMENTS',
      'This provisioning file holds no clinic key: the admin makes one with `clinic new-key` and adds the desk again with --clinic-key.',
    );
  }
  const host = file.clinic.host.includes(':') ? `[${file.clinic.host}]` : file.clinic.host;
  const url = `postgres://${encodeURIComponent(file.role)}:${encodeURIComponent(file.password)}@${host}:${file.clinic.port}/${encodeURIComponent(file.clinic.database)}`;
  return {
    desk: file.desk,
    url,
    tlsRequired: file.tlsRequired,
    clinicKey: unwrapClinicKey(file.clinicKey, passphrase),
  };
}
