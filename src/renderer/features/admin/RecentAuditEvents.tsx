import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { formatInstant } from './format-instant.ts';
import { useRun } from './RunButton.tsx';

/**
 * The newest rows of the desk's audit trail, each event named in the screen's language: what
 * happened, when, and who (an account's name, or the desk itself). No detail and no patient: the
 * full trail is exported with its details by `npm run audit -- export`.
 */
export function RecentAuditEvents() {
  const { t, i18n } = useTranslation();
  const { value: rows, error, busy, run } = useRun(() => kioskCall((k) => k.adminAuditTrail()));

  return (
    <section className="card admin-audit__recent" aria-label={t('admin.audit.recentTitle')}>
      <h3>{t('admin.audit.recentTitle')}</h3>
      <p>{t('admin.audit.recentLead')}</p>
      {/* Not a RunButton: the chain check above is the tab's first action and keeps the focus. */}
      <div className="actions">
        <button type="button" className="btn" onClick={() => void run()} disabled={busy}>
          {busy ? t('admin.audit.showing') : t('admin.audit.show')}
        </button>
      </div>
      {rows === null ? null : rows.length === 0 ? (
        <p className="muted">{t('admin.audit.noRows')}</p>
      ) : (
        <table className="table">
          <TableHead
            columns={[
              { label: t('admin.audit.when') },
              { label: t('admin.audit.event') },
              { label: t('admin.audit.who') },
            ]}
          />
          <tbody>
            {rows.map((row) => (
              <tr key={row.seq} data-event={row.event}>
                <td>{formatInstant(row.at, i18n.language)}</td>
                <th scope="row">{t(`auditEvents.${row.event}`)}</th>
                <td>{row.operator ?? t('admin.audit.theDesk')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote code={error} />
    </section>
  );
}
