import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { SelfCheckLine } from '../../api/types.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { numberFormat } from '../../i18n/format.ts';
import { RunButton, useRun } from './RunButton.tsx';
import { actionKey, chainProblemKey, isKnownCheck, reasonKey } from './self-check-text.ts';

const STATUS_CLASS = { OK: 'status--ok', WARN: 'status--warn', FAIL: 'status--fail' } as const;

/** One line as the screen shows it: each text in the desk's language, or main's English (`en`). */
interface LineText {
  detail: string;
  detailEnglish: boolean;
  action: string;
  actionEnglish: boolean;
}

/**
 * The same checks as `npm run doctor`, run by main with the engine and key store it is using: one
 * line per check with its verdict (colour and word), what was found, and what to do, said in the
 * desk's language from the line's reason and values. An unexpected error ('failed') is shown as
 * main reports it, in English, with a note saying so.
 */
export function SelfCheckPanel() {
  const { t, i18n } = useTranslation();
  const { value: lines, error, busy, run } = useRun(() => kioskCall((k) => k.adminSelfCheck()));

  const failures = lines?.filter((l) => l.status === 'FAIL').length ?? 0;
  const warnings = lines?.filter((l) => l.status === 'WARN').length ?? 0;

  const numbers = numberFormat(i18n.language);

  /** The line's values as they read in the text: numbers in the desk's style, the chain's problem in words. */
  const values = (line: SelfCheckLine): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(line.params)) {
      out[name] = typeof value === 'number' ? numbers.format(value) : value;
    }
    const problem = chainProblemKey(out['problem'] ?? '');
    if (problem !== null) out['problem'] = t(problem);
    return out;
  };

  const textOf = (line: SelfCheckLine): LineText => {
    const replace = values(line);
    const said = line.reason === 'failed' ? null : reasonKey(line.check, line.reason);
    const detail =
      said === null
        ? { detail: line.detail, detailEnglish: true }
        : { detail: t(said, { replace }), detailEnglish: false };
    if (line.action === undefined) return { ...detail, action: '—', actionEnglish: false };
    if (line.reason === 'failed')
      return { ...detail, action: t('admin.selfCheck.failedAction'), actionEnglish: false };
    const toDo = actionKey(line.check, line.reason);
    return toDo === null
      ? { ...detail, action: line.action, actionEnglish: true }
      : { ...detail, action: t(toDo, { replace }), actionEnglish: false };
  };

  const texts = lines?.map((line) => ({ line, text: textOf(line) })) ?? null;
  const someEnglish = texts?.some(({ text }) => text.detailEnglish || text.actionEnglish) ?? false;

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
      {texts === null ? null : (
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
              {texts.map(({ line, text }) => (
                <tr
                  key={line.check}
                  data-check={line.check}
                  data-status={line.status}
                  data-reason={line.reason}
                >
                  <th scope="row">
                    {isKnownCheck(line.check) ? t(`admin.selfCheck.checks.${line.check}`) : line.check}
                  </th>
                  <td>
                    <span className={`status ${STATUS_CLASS[line.status]}`}>
                      <span className="status__dot" aria-hidden="true" />
                      {t(`admin.selfCheck.status.${line.status}`)}
                    </span>
                  </td>
                  <td lang={text.detailEnglish ? 'en' : undefined} className="self-check__detail">
                    {text.detail}
                  </td>
                  <td lang={text.actionEnglish ? 'en' : undefined} className="self-check__action">
                    {text.action}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {someEnglish ? <p className="muted self-check__note">{t('admin.selfCheck.technical')}</p> : null}
        </>
      )}
    </section>
  );
}
