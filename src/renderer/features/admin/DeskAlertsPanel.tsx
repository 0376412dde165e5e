import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { DeskAlertView } from '../../api/types.ts';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { formatDuration } from '../../i18n/format.ts';

/**
 * What the admin must know now, above every admin tab: the face engine cannot run, the retention
 * purge failed, the clock is off, the key's escrow is due. A clock the admin knows is right is
 * confirmed here (audited); nothing shows when all is well.
 */
export function DeskAlertsPanel() {
  const { t, i18n } = useTranslation();
  const [alerts, setAlerts] = useState<DeskAlertView[]>([]);
  const [error, setError] = useState<string | null>(null);

  const show = useCallback((result: IpcResult<DeskAlertView[]>) => {
    if (result.ok) setAlerts(result.value);
    else setError(result.code);
  }, []);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.adminAlerts()).then((result) => {
      if (current) show(result);
    });
    return () => {
      current = false;
    };
  }, [show]);

  const confirmClock = async () => {
    const result = await kioskCall((k) => k.adminConfirmClock());
    if (!result.ok) setError(result.code);
    show(await kioskCall((k) => k.adminAlerts()));
  };

  if (alerts.length === 0 && error === null) return null;
  const lang = i18n.resolvedLanguage ?? 'en';
  return (
    <section className="desk-alerts" aria-labelledby="desk-alerts-title">
      <h2 id="desk-alerts-title">{t('admin.alerts.title')}</h2>
      <ErrorNote code={error} />
      <ul>
        {alerts.map((a) => (
          <li key={a.alert} className="notice notice--warn" data-alert={a.alert}>
            <p>
              {t(`admin.alerts.text.${a.alert}`, {
                code: a.code ?? '',
                duration: a.amount === null ? '' : formatDuration(a.amount, lang),
                since:
                  a.amount === null
                    ? t('admin.alerts.escrowNever')
                    : t('admin.alerts.escrowDays', { days: a.amount }),
              })}
            </p>
            {a.alert === 'CLOCK_AHEAD' || a.alert === 'CLOCK_BEHIND' ? (
              <button type="button" className="btn" onClick={() => void confirmClock()}>
                {t('admin.alerts.clockRight')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
