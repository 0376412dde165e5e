import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { RecentAuditEvents } from './RecentAuditEvents.tsx';
import { RunButton, useRun } from './RunButton.tsx';

/** Re-checks the audit trail's hash chain (intact, or the first row that does not verify); lists its newest events. */
export function AuditPanel() {
  const { t } = useTranslation();
  const { value: verdict, error, busy, run } = useRun(() => kioskCall((k) => k.adminVerifyAudit()));

  return (
    <section className="card admin-audit">
      <p>{t('admin.audit.lead')}</p>
      <RunButton
        busy={busy}
        onRun={run}
        label={t('admin.audit.check')}
        busyLabel={t('admin.audit.checking')}
      />
      {verdict === null ? null : verdict.ok ? (
        <p className="notice notice--ok" role="status">
          {t('admin.audit.intact', { rows: verdict.rows })}
        </p>
      ) : (
        <div className="alert" role="alert">
          <p>{t('admin.audit.broken', { seq: verdict.firstBadSeq ?? '?', rows: verdict.rows })}</p>
          {verdict.problem === null ? null : <p className="admin-audit__problem">{verdict.problem}</p>}
          <p>{t('admin.audit.brokenAdvice')}</p>
        </div>
      )}
      <ErrorNote code={error} />
      <RecentAuditEvents />
    </section>
  );
}
