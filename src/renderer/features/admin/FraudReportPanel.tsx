import type { FormEvent } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { FraudReport } from '../../api/types.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useDesk } from '../../app/desk.ts';
import { addDays, formatShare, zonedIsoDate } from '../../i18n/format.ts';
import { VISIT_METHODS } from '../../../shared/visit-view.ts';
import { DEFAULT_REPORT_DAYS, MAX_SLIPS_PER_DAY, SLIP_SHARE_CEILING } from '../../../shared/report-scope.ts';
import { formatInstant } from './format-instant.ts';
import { MethodLegend, MethodShareChart } from './MethodShareChart.tsx';

/** The last 30 days, today included, by the clinic's calendar. */
function defaultPeriod(timeZone: string | null): { from: string; to: string } {
  const to = zonedIsoDate(new Date(), timeZone);
  return { from: addDays(to, -(DEFAULT_REPORT_DAYS - 1)), to };
}

/**
 * How each doctor identified their patients over a period, against the clinic as a whole. A doctor
 * whose share of code and override identifications is far above the clinic's is flagged for a
 * supervisor: a broken camera, or visits that never happened. So is one past the printed slip's
 * fixed ceilings, on a day or over the period, whatever the rest of the clinic does. A clinic desk shows the clinic's
 * count over every desk when it reaches the clinic, with the desks past their offline budget, and
 * says when it can only show its own.
 */
export function FraudReportPanel() {
  const { t, i18n } = useTranslation();
  const { timeZone } = useDesk();
  const [initialPeriod] = useState(() => defaultPeriod(timeZone));
  const [period, setPeriod] = useState(initialPeriod);
  /** "Face 45 % · Code 40 % · …": the chart's numbers, for reading rather than guessing. */
  const sharesText = (shares: Record<string, number>) =>
    VISIT_METHODS.filter((m) => (shares[m] ?? 0) > 0)
      .map((m) => `${t(`methods.${m}`)} ${formatShare(shares[m] ?? 0)}`)
      .join(' · ');
  const [report, setReport] = useState<FraudReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [badPeriod, setBadPeriod] = useState(false);
  // Busy from the start: the last 30 days load straight away (the admin came for the report).
  const [busy, setBusy] = useState(true);

  const show = useCallback((result: IpcResult<FraudReport>) => {
    setBusy(false);
    if (result.ok) setReport(result.value);
    else setError(result.code);
  }, []);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.adminFraudReport(initialPeriod)).then((result) => {
      if (current) show(result);
    });
    return () => {
      current = false;
    };
  }, [show, initialPeriod]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBadPeriod(period.from === '' || period.to === '' || period.from > period.to);
    if (period.from === '' || period.to === '' || period.from > period.to) return;
    setBusy(true);
    show(await kioskCall((k) => k.adminFraudReport(period)));
  };

  return (
    <div className="report">
      <form className="report__period card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('admin.report.from')}
          type="date"
          value={period.from}
          onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))}
        />
        <TextField
          label={t('admin.report.to')}
          type="date"
          value={period.to}
          onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))}
        />
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t('admin.report.show')}
        </button>
      </form>
      {badPeriod ? (
        <p className="alert" role="alert">
          {t('admin.report.badPeriod')}
        </p>
      ) : null}
      <ErrorNote code={error} />
      {report === null ? null : (
        <>
          {report.scope === 'single' ? null : (
            <p
              className={`notice ${report.scope === 'clinic' ? 'notice--ok' : 'notice--warn'} report__scope`}
              data-scope={report.scope}
            >
              {t(`admin.report.scopes.${report.scope}`)}
            </p>
          )}
          <p className="report__clinic">
            {t('admin.report.clinic', {
              visits: report.clinic.visits,
              share: formatShare(report.clinic.bypassShare),
            })}
          </p>
          {report.operators.length === 0 ? (
            <p className="muted">{t('admin.report.empty')}</p>
          ) : (
            <section className="card report__card" aria-label={t('admin.report.title')}>
              <MethodLegend />
              <table className="table report__table">
                <TableHead
                  columns={[
                    { label: t('admin.report.doctor') },
                    { label: t('admin.report.visits'), className: 'num' },
                    { label: t('admin.report.methods'), className: 'report__chart-col' },
                    { label: t('admin.report.bypass'), className: 'num' },
                    { label: t('admin.report.slip'), className: 'num' },
                    { label: t('admin.report.noMatchRate'), className: 'num' },
                    { label: t('admin.report.codeFailures'), className: 'num' },
                    { label: t('admin.report.refusals'), className: 'num' },
                  ]}
                />
                <tbody>
                  {report.operators.map((row) => (
                    <tr key={row.operatorId} className={row.flagged ? 'report__row--flagged' : undefined}>
                      <th scope="row">
                        {row.displayName}
                        {row.flagged ? (
                          <span className="badge badge--warn report__flag">{t('admin.report.flagged')}</span>
                        ) : null}
                      </th>
                      <td className="num">{row.visits}</td>
                      <td className="report__chart-col">
                        <MethodShareChart shares={row.shares} visits={row.visits} />
                        <span className="report__shares">{sharesText(row.shares)}</span>
                      </td>
                      <td className="num">{formatShare(row.bypassShare)}</td>
                      <td className="num">{formatShare(row.shares.slip ?? 0)}</td>
                      <td className="num">{row.noMatchRate === null ? '—' : formatShare(row.noMatchRate)}</td>
                      <td className="num">{row.codeFailures}</td>
                      <td className="num">{row.refusals}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {report.operators.some((o) => o.bypassFlagged) ? (
            <div className="notice notice--warn report__explain" role="note">
              <p>{t('admin.report.flagExplanation', { share: formatShare(report.clinic.bypassShare) })}</p>
              <ul>
                {report.operators
                  .filter((o) => o.bypassFlagged)
                  .map((o) => (
                    <li key={o.operatorId}>
                      {t('admin.report.flaggedLine', {
                        name: o.displayName,
                        share: formatShare(o.bypassShare),
                        visits: o.visits,
                      })}
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
          {report.operators.some((o) => o.slipFlagged) ? (
            <div className="notice notice--warn report__explain" role="note" data-flag="slip">
              <p>
                {t('admin.report.slipExplanation', {
                  max: MAX_SLIPS_PER_DAY,
                  ceiling: formatShare(SLIP_SHARE_CEILING),
                })}
              </p>
              <ul>
                {report.operators
                  .filter((o) => o.slipFlagged)
                  .flatMap((o) => [
                    <li key={`${o.operatorId}-share`}>
                      {t('admin.report.slipShareLine', {
                        name: o.displayName,
                        share: formatShare(o.shares.slip ?? 0),
                        visits: o.visits,
                      })}
                    </li>,
                    ...o.slipDaysFlagged.map((d) => (
                      <li key={`${o.operatorId}-${d.day}`}>
                        {t('admin.report.slipDayLine', {
                          name: o.displayName,
                          day: d.day,
                          slips: d.slips,
                          visits: d.visits,
                        })}
                      </li>
                    )),
                  ])}
              </ul>
            </div>
          ) : null}
          {report.desksOverBudget.length === 0 ? null : (
            <section
              className="notice notice--warn report__desks"
              aria-label={t('admin.report.desksOverBudget')}
            >
              <h3>{t('admin.report.desksOverBudget')}</h3>
              <ul>
                {report.desksOverBudget.map((d) => (
                  <li key={d.desk} data-desk={d.desk}>
                    {t(`admin.report.deskOver.${d.reason}`, {
                      desk: d.desk,
                      amount: d.amount,
                      contact:
                        d.lastContactAt === null
                          ? t('clinicLink.never')
                          : formatInstant(d.lastContactAt, i18n.language),
                    })}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
