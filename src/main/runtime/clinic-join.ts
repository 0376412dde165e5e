/**
 * An admin joins this desk to its clinic: the provisioning file IT made with
 * `npm run clinic -- add-desk --clinic-key`, chosen in the system's file dialog, opened with its
 * passphrase. Everything is checked before anything is kept (the file is for this desk, the
 * passphrase opens the clinic key, the host needs no TLS files); then the password and the key go
 * to the sealed secret store, the configuration names the clinic, the services are rebuilt on it,
 * and what the desk already holds is queued for the clinic once. Audited.
 */
import { KioskError } from '../../shared/kiosk-errors.ts';
import {
  CLINIC_KEY_SECRET,
  CLINIC_PASSWORD_SECRET,
  readClinicJoin,
} from '../../core/clinic-sync/provisioning.ts';
import type { FileChooser, KioskRuntime } from './kiosk-runtime.ts';

export async function joinClinic(
  runtime: KioskRuntime,
  files: FileChooser,
  passphrase: string,
): Promise<{ desk: string; server: string }> {
  const { services, actor } = runtime.require('settings');
  const path = await files.openPath('provisioning');
  if (path === null) throw new KioskError('SETUP_REQUIRED', 'No provisioning file was chosen.');
  const join = readClinicJoin(path, passphrase, services.config.desk.id);
  try {
    services.record({ ...actor, event: 'settings_changed' });
    runtime.secrets.set(CLINIC_PASSWORD_SECRET, join.password);
    runtime.secrets.set(CLINIC_KEY_SECRET, join.clinicKey.toString('base64'));
  } finally {
    join.clinicKey.fill(0);
  }
  await runtime.reconfigure({ ...services.config, clinicDatabase: join.config }, { rebuild: true });
  const joined = runtime.services();
  joined.queueRegistryForClinic();
  await joined.clinicLink?.sync();
  return { desk: joined.config.desk.id, server: joined.clinicLink?.server ?? '' };
}
