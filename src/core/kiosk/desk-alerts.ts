/**
 * The states the admin must see while the desk runs (src/shared/desk-alerts.ts lists them), each
 * with the few figures its text needs. Computed when asked, from the services' own state.
 */
import type { DeskAlert } from '../../shared/desk-alerts.ts';
import { syncProblemReason } from '../clinic-sync/clinic-sync.ts';
import { KEY_ESCROW_DAYS } from '../../shared/desk-alerts.ts';
import type { FaceAnalyzerPort } from '../visit/visit-desk-deps.ts';
import type { KioskServices } from './kiosk-services.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeskAlertView {
  alert: DeskAlert;
  /** The typed code behind it (the engine's or the purge's), when there is one. */
  code: string | null;
  /** Minutes the clock is off, days since the last key escrow (null: never). */
  amount: number | null;
}

export function deskAlerts(services: KioskServices, face: FaceAnalyzerPort): DeskAlertView[] {
  const alerts: DeskAlertView[] = [];
  const engine = face.unavailable?.() ?? null;
  if (engine !== null) alerts.push({ alert: 'FACE_ENGINE_UNAVAILABLE', code: engine, amount: null });
  const purge = services.purgeStatus();
  if (!purge.ok) alerts.push({ alert: 'RETENTION_FAILED', code: purge.code, amount: null });
  const clock = services.time.clock.verdict;
  if (!clock.trusted) {
    alerts.push({
      alert: clock.kind === 'behind' ? 'CLOCK_BEHIND' : 'CLOCK_AHEAD',
      code: null,
      amount: Math.round(clock.byMs / 60_000),
    });
  }
  const escrow = services.store.rows.audit.lastAt('desk_transfer_exported');
  const now = services.clock.now().getTime();
  if (escrow === null || now - Date.parse(escrow) > KEY_ESCROW_DAYS * DAY_MS) {
    alerts.push({
      alert: 'KEY_ESCROW_DUE',
      code: null,
      amount: escrow === null ? null : Math.floor((now - Date.parse(escrow)) / DAY_MS),
    });
  }
  const clinic = services.clinicLink?.problem() ?? null;
  if (clinic !== null) {
    alerts.push({ alert: 'CLINIC_SYNC_STOPPED', code: syncProblemReason(clinic), amount: null });
  }
  return alerts;
}
