/**
 * The provisioning file `npm run clinic -- add-desk` writes for one desk (scripts/clinic.ts), read
 * at that desk when it joins its clinic: where the clinic database is, the desk's role and
 * password, the clinic data key wrapped under a passphrase for this desk only, and (for a server
 * the desk reaches over the network) the clinic's CA with the desk's client certificate and key.
 * What it yields is checked whole before anything is kept: a file for another desk, a wrong
 * passphrase, a certificate that is not this desk's, or a host that needs TLS and a file without
 * it changes nothing.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ClinicError } from '../../shared/clinic-errors.ts';
import { unwrapClinicKey, wrappedClinicKeySchema } from '../clinic/clinic-key.ts';
import { isLoopbackHost } from '../clinic/connect.ts';
import { checkDeskTls, deskTlsSchema, type DeskTlsPem } from '../clinic/desk-certificate.ts';
import { DEFAULT_OFFLINE_BUDGET, type ClinicConfig } from '../config/clinic-config.ts';

export const PROVISIONING_FORMAT = 'tanu-clinic-desk/1';

const provisioningSchema = z
  .object({
    format: z.literal(PROVISIONING_FORMAT),
    desk: z.string(),
    role: z.string(),
    password: z.string().min(16),
    clinic: z.object({ host: z.string().min(1), port: z.int(), database: z.string().min(1) }).strict(),
    tlsRequired: z.boolean(),
    /** PEM text (add-desk --server-ca, --desk-cert, --desk-key); required when tlsRequired. */
    tls: deskTlsSchema.optional(),
    clinicKey: wrappedClinicKeySchema.optional(),
  })
  .strict();

/** What a desk keeps from its file; `config.tls` is filled in where the PEM files are kept (keep-clinic-join.ts). */
export interface ClinicJoin {
  config: ClinicConfig;
  password: string;
  clinicKey: Buffer;
  tls: DeskTlsPem | null;
}

/** The secrets a joined desk keeps in its sealed store: the role's password, the clinic key, its TLS key. */
export const CLINIC_PASSWORD_SECRET = 'clinic';
export const CLINIC_KEY_SECRET = 'clinic-key';
export const CLINIC_TLS_KEY_SECRET = 'clinic-tls-key';

function invalid(message: string): ClinicError {
  return new ClinicError('CLINIC_INVALID_ARGUMENTS', message);
}

/** `now`: the desk's time, for the certificate's validity. */
export function readClinicJoin(path: string, passphrase: string, deskId: string, now: Date): ClinicJoin {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw invalid('The chosen file is not a provisioning file (not JSON).');
  }
  const result = provisioningSchema.safeParse(parsed);
  if (!result.success) throw invalid('The chosen file is not a Tanu provisioning file.');
  const file = result.data;
  if (file.desk !== deskId) {
    throw invalid(`The provisioning file is for desk ${file.desk}; this desk is ${deskId}.`);
  }
  if (file.clinicKey === undefined) {
    throw invalid('The provisioning file carries no clinic key (add-desk --clinic-key).');
  }
  if (file.tls !== undefined) checkDeskTls(file.tls, file.role, now);
  else if (file.tlsRequired || !isLoopbackHost(file.clinic.host)) {
    throw new ClinicError(
      'CLINIC_TLS_REQUIRED',
      `${file.clinic.host} is reached only over TLS, and this provisioning file carries no certificate for the desk: IT makes it again with add-desk --server-ca, --desk-cert and --desk-key (docs/CLINIC-PROTOCOL.md).`,
    );
  }
  const clinicKey = unwrapClinicKey(file.clinicKey, passphrase, deskId);
  return {
    config: {
      host: file.clinic.host,
      port: file.clinic.port,
      database: file.clinic.database,
      role: file.role,
      credentialsRef: CLINIC_PASSWORD_SECRET,
      tls: null,
      offlineBudget: { ...DEFAULT_OFFLINE_BUDGET },
    },
    password: file.password,
    clinicKey,
    tls: file.tls ?? null,
  };
}
