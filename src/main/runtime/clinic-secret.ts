import type { KioskConfig } from '../../core/config/kiosk-config.ts';
import type { SecretStore } from '../../core/crypto/secret-store.ts';
import { deriveClinicKeys, type ClinicKeys } from '../../core/clinic-sync/clinic-seal.ts';
import { CLINIC_KEY_SECRET } from '../../core/clinic-sync/provisioning.ts';

/**
 * What the services need to reach the clinic, from the sealed secret store: the desk's password at
 * the clinic database, its TLS key when the configuration names it as a secret, and the clinic data
 * key's subkeys. Nothing when no clinic is configured or its password or named key is not stored
 * (the desk then stays single and says so).
 */
export function clinicSecrets(
  config: KioskConfig,
  secrets: SecretStore,
): { clinicPassword: string | null; clinicTlsKey?: string; clinicKeys?: ClinicKeys } {
  const ref = config.clinicDatabase?.credentialsRef;
  if (ref === undefined || !secrets.has(ref)) return { clinicPassword: null };
  const keyRef = config.clinicDatabase?.tls?.keyRef;
  if (keyRef !== undefined && !secrets.has(keyRef)) return { clinicPassword: null };
  const login = {
    clinicPassword: secrets.get(ref),
    ...(keyRef === undefined ? {} : { clinicTlsKey: secrets.get(keyRef) }),
  };
  if (!secrets.has(CLINIC_KEY_SECRET)) return login;
  const key = Buffer.from(secrets.get(CLINIC_KEY_SECRET), 'base64');
  try {
    return { ...login, clinicKeys: deriveClinicKeys(key) };
  } finally {
    key.fill(0);
  }
}
