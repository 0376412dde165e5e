import type { KioskConfig } from '../../core/config/kiosk-config.ts';
import type { SecretStore } from '../../core/crypto/secret-store.ts';

/** The desk's password at the clinic database, when one is configured and its secret is stored. */
export function clinicPassword(config: KioskConfig, secrets: SecretStore): string | null {
  const ref = config.clinicDatabase?.credentialsRef;
  return ref !== undefined && secrets.has(ref) ? secrets.get(ref) : null;
}
