import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../api/kiosk-call.ts';
import type { SyncState } from '../../shared/ipc/clinic-channels.ts';

/** How often the line is refreshed: the budget is counted in hours, a minute is plenty. */
const REFRESH_MS = 60_000;

/**
 * One line on every screen, the sign-in screen included, when the desk has kept its evidence from the
 * clinic past the offline budget (or the clinic refused the desk): the evidence then lives only on
 * this PC, and whoever sits here should know. Nothing shows on a single desk or while all is well.
 */
export function SyncBanner() {
  const { t } = useTranslation();
  const [state, setState] = useState<SyncState>({ mode: 'single' });

  useEffect(() => {
    let current = true;
    const read = () =>
      void kioskCall((k) => k.clinicSyncState()).then((result) => {
        if (current && result.ok) setState(result.value);
      });
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);

  if (state.mode === 'single') return null;
  if (state.state === 'revoked') {
    return (
      <p className="notice notice--warn sync-banner" role="status" data-sync="revoked">
        {t('clinicLink.states.revoked')}
      </p>
    );
  }
  if (state.overBudget === null) return null;
  return (
    <p className="notice notice--warn sync-banner" role="status" data-sync="over-budget">
      {t(`clinicLink.over.${state.overBudget.reason}`, { amount: state.overBudget.amount })}
    </p>
  );
}
