import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { VisitHistoryRow } from '../../api/types.ts';
import { useClinicClock } from '../../app/desk.ts';
import { visitMethodText, visitOutcomeText } from './visit-history-text.ts';

/**
 * Today's visits at this desk, newest first: the time, the patient's short name, how it ended. A
 * list rather than a table: the sidebar is narrow and the outcomes are long in Kazakh.
 */
export function TodayVisits() {
  const { t } = useTranslation();
  const clock = useClinicClock();
  const [rows, setRows] = useState<VisitHistoryRow[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.visitHistory()).then((result) => {
      if (!current) return;
      if (result.ok) setRows(result.value);
      else setFailed(true);
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="card today" aria-labelledby="today-title">
      <h2 id="today-title" className="card__title">
        {t('doctor.today.title')}
      </h2>
      {failed ? (
        <p className="muted">{t('doctor.today.unavailable')}</p>
      ) : rows === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('doctor.today.empty')}</p>
      ) : (
        <ol className="today__list">
          {rows.map((row) => (
            <li key={row.visitId} className="today__item">
              <span className="today__time">
                <span className="visually-hidden">{t('doctor.today.time')} </span>
                {clock(row.startedAt)}
              </span>
              <span className="today__patient">{row.patient ?? '—'}</span>
              <span className="today__outcome">
                {visitOutcomeText(t, row)}
                {row.method === null ? null : ` · ${visitMethodText(t, row.method)}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
