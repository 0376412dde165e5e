import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { RunButton, useRun } from './RunButton.tsx';

/** The checks main names (src/core/doctor/self-check.ts), in words; any other name is shown as sent. */
const KNOWN_CHECKS = [
  'configuration',
  'models',
  'face engine',
  'key',
  'database',
  'disk',
  'gateway',
] as const;
type KnownCheck = (typeof KNOWN_CHECKS)[number];

function isKnownCheck(name: string): name is KnownCheck {
  return (KNOWN_CHECKS as readonly string[]).includes(name);
}

const STATUS_CLASS = { OK: 'status--ok', WARN: 'status--warn', FAIL: 'status--fail' } as const;

/**
 * The same checks as `npm run doctor`, run by main with the engine and key store it is using: one
 * line per check with its verdict (colour and word), what was found, and what to do. What was
 * found and what to do come from main in English, as IT tools print them.
 */
export function SelfCheckPanel() {
  const { t } = useTranslation();
  const { value: lines, error, busy, run } = useRun(() => kioskCall((k) => k.adminSelfCheck()));

  const failures = lines?.filter((l) => l.status === 'FAIL').length ?? 0;
  const warnings = lines?.filter((l) => l.status === 'WARN').length ?? 0;

  return (
    <section className="card self-check">
      <p>{t('admin.selfCheck.lead')}</p>
      <RunButton
        busy={busy}
        onRun={run}
        label={t('admin.selfCheck.run')}
        busyLabel={t('admin.selfCheck.running')}
      />
      <ErrorNote code={error} />
      {lines === null ? null : (
        <>
          <p
            className={failures > 0 ? 'alert' : warnings > 0 ? 'notice notice--warn' : 'notice notice--ok'}
            role="status"
          >
            {failures > 0
              ? t('admin.selfCheck.failures', { n: failures })
              : warnings > 0
                ? t('admin.selfCheck.warnings', { n: warnings })
                : t('admin.selfCheck.allOk')}
          </p>
          <table className="table self-check__table">
            <TableHead
              columns={[
                { label: t('admin.selfCheck.check'), className: 'self-check__check-col' },
                { label: t('admin.selfCheck.result'), className: 'self-check__result-col' },
                { label: t('admin.selfCheck.detail'), className: 'self-check__detail-col' },
                { label: t('admin.selfCheck.action') },
              ]}
            />
            <tbody>
              {lines.map((line) => (
                <tr key={line.check} data-check={line.check} data-status={line.status}>
                  <th scope="row">
                    {isKnownCheck(line.check) ? t(`admin.selfCheck.checks.${line.check}`) : line.check}
                  </th>
                  <td>
                    <span className={`status ${STATUS_CLASS[line.status]}`}>
                      <span className="status__dot" aria-hidden="true" />
                      {t(`admin.selfCheck.status.${line.status}`)}
                    </span>
                  </td>
                  <td lang="en" className="self-check__detail">
                    {line.detail}
                  </td>
                  <td lang="en" className="self-check__action">
                    {line.action ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted self-check__note">{t('admin.selfCheck.technical')}</p>
        </>
      )}
    </section>
  );
}
