/** Handlers of clinic:* (the desk's link to the clinic database). */
import type { CLINIC_CHANNELS } from '../../shared/ipc/clinic-channels.ts';
import { clinicStatusOf, syncStateOf } from '../../core/clinic-sync/clinic-link.ts';
import { offlineBudgetOf } from '../../core/config/clinic-config.ts';
import type { KioskServices } from '../../core/kiosk/kiosk-services.ts';
import { joinClinic } from '../runtime/clinic-join.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import type { IpcHandlers } from './router.ts';

const budgetOf = (services: KioskServices) => offlineBudgetOf(services.config.clinicDatabase);

export function clinicHandlers(runtime: KioskRuntime): IpcHandlers<typeof CLINIC_CHANNELS> {
  return {
    'clinic:status': () => {
      const { services } = runtime.require('settings');
      return clinicStatusOf(services.clinicLink, budgetOf(services), services.clock.now().getTime());
    },
    'clinic:join': ({ passphrase }) => joinClinic(runtime, runtime.options.files, passphrase),
    'clinic:syncState': () => {
      // No session needed: the sign-in screen is a screen too, and the line says only whether the
      // desk is linked, its link state and how far past the offline budget it is (no patient, no
      // operator). Whoever sits down at the desk should see it before signing in.
      const services = runtime.services();
      return syncStateOf(services.clinicLink, budgetOf(services), services.clock.now().getTime());
    },
  };
}
