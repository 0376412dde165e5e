/**
 * An admin joins this desk to its clinic: the provisioning file IT made with
 * `npm run clinic -- add-desk --clinic-key`, chosen in the system's file dialog, opened with its
 * passphrase. Everything is checked before anything is kept (the file is for this desk, the
 * passphrase opens the clinic key, the desk's certificate names its role, fits its key and comes
 * from the clinic's CA, a host that is not loopback has one); then the secrets and the certificate
 * files are kept (keep-clinic-join.ts), the configuration names the clinic, the services are
 * rebuilt on it, and what the desk already holds is queued for the clinic once. Audited.
 */
import { KioskError } from '../../shared/kiosk-errors.ts';
import { keepClinicJoin } from '../../core/clinic-sync/keep-clinic-join.ts';
import { readClinicJoin } from '../../core/clinic-sync/provisioning.ts';
import type { FileChooser, KioskRuntime } from './kiosk-runtime.ts';

export async function joinClinic(
  runtime: KioskRuntime,
  files: FileChooser,
  passphrase: string,
): Promise<{ desk: string; server: string }> {
  const { services, actor } = runtime.require('settings');
  const path = await files.openPath('provisioning');
  if (path === null) throw new KioskError('SETUP_REQUIRED', 'No provisioning file was chosen.');
  const join = readClinicJoin(path, passphrase, services.config.desk.id, services.clock.now());
  let clinicDatabase;
  try {
    services.record({ ...actor, event: 'settings_changed', detail: { keys: ['clinicDatabase'] } });
    clinicDatabase = keepClinicJoin(join, runtime.options.dataDir, runtime.secrets);
  } finally {
    join.clinicKey.fill(0);
  }
  await runtime.reconfigure({ ...services.config, clinicDatabase }, { rebuild: true });
  const joined = runtime.services();
  joined.queueRegistryForClinic();
  await joined.clinicLink?.sync();
  return { desk: joined.config.desk.id, server: joined.clinicLink?.server ?? '' };
}
