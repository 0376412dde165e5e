import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../api/types.ts';
import { TableHead } from '../../components/TableHead.tsx';

/**
 * The face decision rule, read-only: it ships with the app from a recorded evaluation, and changing
 * it at a desk would make that evaluation meaningless. Where it came from is shown with it.
 */
export function DecisionRuleView({ rule }: { rule: SettingsView['decisionRule'] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="decision-rule">
      <h2 id="decision-rule" className="card__title">
        {t('admin.rule.title')}
      </h2>
      <p className="muted">{t('admin.rule.readOnly')}</p>
      <dl className="facts">
        <dt>{t('admin.rule.threshold')}</dt>
        <dd className="facts__number">{rule.threshold.toFixed(3)}</dd>
        <dt>{t('admin.rule.model')}</dt>
        <dd>{rule.modelId}</dd>
        <dt>{t('admin.rule.calibration')}</dt>
        <dd>{rule.calibration}</dd>
      </dl>
      {rule.bands.length === 0 ? null : (
        <table className="table rule-bands">
          <caption className="rule-bands__caption">{t('admin.rule.bands')}</caption>
          <TableHead
            columns={[
              { label: t('admin.rule.band') },
              { label: t('admin.rule.threshold'), className: 'num' },
            ]}
          />
          <tbody>
            {rule.bands.map((band) => (
              <tr key={band.name}>
                <td>{band.name}</td>
                <td className="num">{band.threshold.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
