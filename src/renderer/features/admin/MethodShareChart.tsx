import { useTranslation } from 'react-i18next';
import { formatShare } from '../../i18n/format.ts';
import { VISIT_METHODS } from '../../../shared/visit-view.ts';

/**
 * How one doctor's patients were identified, as one bar split by method. An SVG with attributes
 * only (no inline style, which the CSP forbids); colours come from the stylesheet.
 */
export function MethodShareChart({ shares, visits }: { shares: Record<string, number>; visits: number }) {
  const { t } = useTranslation();
  const shared = VISIT_METHODS.map((method) => ({ method, share: shares[method] ?? 0 })).filter(
    (p) => p.share > 0,
  );
  // Each part starts where the ones before it end.
  const parts = shared.map((p, index) => ({
    ...p,
    start: shared.slice(0, index).reduce((sum, before) => sum + before.share, 0),
  }));
  const description =
    visits === 0
      ? t('admin.report.noVisits')
      : parts.map((p) => `${t(`methods.${p.method}`)} ${formatShare(p.share)}`).join(', ');
  return (
    <svg
      className="share-chart"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={description}
    >
      <rect className="share-chart__empty" width="100" height="10" />
      {parts.map((p) => (
        <rect
          key={p.method}
          className={`share-chart__part share-chart__part--${p.method}`}
          x={p.start * 100}
          width={p.share * 100}
          height="10"
        >
          <title>{`${t(`methods.${p.method}`)} ${formatShare(p.share)}`}</title>
        </rect>
      ))}
    </svg>
  );
}

/** The colour key under the report's charts. */
export function MethodLegend() {
  const { t } = useTranslation();
  return (
    <ul className="share-legend">
      {VISIT_METHODS.map((method) => (
        <li key={method} className="share-legend__item">
          <svg className="share-legend__swatch" viewBox="0 0 10 10" aria-hidden="true">
            <rect className={`share-chart__part--${method}`} width="10" height="10" rx="2" />
          </svg>
          {t(`methods.${method}`)}
        </li>
      ))}
    </ul>
  );
}
