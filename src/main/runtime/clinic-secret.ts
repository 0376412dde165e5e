import type { KioskConfig } from '../../core/config/kiosk-config.ts';
import type { SecretStore } from '../../core/crypto/secret-store.ts';
import { deriveClinicKeys, type ClinicKeys } from '../../core/clinic-sync/clinic-seal.ts';
import { CLINIC_KEY_SECRET } from '../../core/clinic-sync/provisioning.ts';

/**
 * What the services need to reach the clinic, from the sealed secret store: the desk's password at
 * the clinic database and the clinic data key's subkeys. Nothing when no clinic is configured or
 * its password is not stored (the desk then stays single and says so).
 */
export function clinicSecrets(
  config: KioskConfig,
  secrets: SecretStore,
): { clinicPassword: string | null; clinicKeys?: ClinicKeys } {
  const ref = config.clinicDatabase?.credentialsRef;
  if (ref === undefined || !secrets.has(ref)) return { clinicPassword: null };
  const password = secrets.get(ref);
  if (!secrets.has(CLINIC_KEY_SECRET)) return { clinicPassword: password };
  const key = Buffer.from(secrets.get(CLINIC_KEY_SECRET), 'base64');
  try {
    return { clinicPassword: password, clinicKeys: deriveClinicKeys(key) };
  } finally {
    key.fill(0);
  }
}
