import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { AuditVerdict } from '../../api/types.ts';
import { ErrorNote } from '../../components/Messages.tsx';

/** Re-checks the audit trail's hash chain: intact, or the first row that does not verify. */
export function AuditPanel() {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError(null);
    setVerdict(null);
    const result = await kioskCall((k) => k.adminVerifyAudit());
    setBusy(false);
    if (result.ok) setVerdict(result.value);
    else setError(result.code);
  };

  return (
    <section className="card admin-audit">
      <p>{t('admin.audit.lead')}</p>
      <div className="actions">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void check()}
          disabled={busy}
          autoFocus
        >
          {busy ? t('admin.audit.checking') : t('admin.audit.check')}
        </button>
      </div>
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
    </section>
  );
}
