/**
 * What a desk keeps once its provisioning file has been checked (provisioning.ts): the role's
 * password, the clinic data key and the desk's TLS key in the sealed secret store, as every secret
 * of the desk is kept; the clinic's CA and the desk's certificate, which are not secret, as the PEM
 * files the configuration names, in the desk's data folder. Returns the configuration to write.
 */
import { rmSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { ClinicConfig } from '../config/clinic-config.ts';
import type { SecretStore } from '../crypto/secret-store.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import {
  CLINIC_KEY_SECRET,
  CLINIC_PASSWORD_SECRET,
  CLINIC_TLS_KEY_SECRET,
  type ClinicJoin,
} from './provisioning.ts';

/** The PEM files a joined desk keeps beside its database. */
export const CLINIC_CA_FILE_NAME = 'clinic-ca.pem';
export const CLINIC_CERT_FILE_NAME = 'clinic-desk-cert.pem';

export function keepClinicJoin(join: ClinicJoin, dataDir: string, secrets: SecretStore): ClinicConfig {
  const ca = joinPath(dataDir, CLINIC_CA_FILE_NAME);
  const cert = joinPath(dataDir, CLINIC_CERT_FILE_NAME);
  secrets.set(CLINIC_PASSWORD_SECRET, join.password);
  secrets.set(CLINIC_KEY_SECRET, join.clinicKey.toString('base64'));
  if (join.tls === null) {
    // A desk joined again, now to a clinic on its own machine: no earlier clinic's TLS lingers.
    secrets.delete(CLINIC_TLS_KEY_SECRET);
    for (const file of [ca, cert]) rmSync(file, { force: true });
    return { ...join.config, tls: null };
  }
  writeFileAtomic(ca, join.tls.ca);
  writeFileAtomic(cert, join.tls.cert);
  secrets.set(CLINIC_TLS_KEY_SECRET, join.tls.key);
  return { ...join.config, tls: { ca, cert, keyRef: CLINIC_TLS_KEY_SECRET } };
}
