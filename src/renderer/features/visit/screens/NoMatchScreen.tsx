import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { WarnIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

/** The face did not match the record: another try while attempts are left, or a code. */
export function NoMatchScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="noMatch"
      title={t('noMatch.title')}
      lead={t('noMatch.attemptsLeft', { n: visit.view.attemptsLeft })}
      icon={<WarnIcon />}
      visit={visit}
      patient={patient}
    >
      <div className="actions actions--center">
        <button
          type="button"
          className="btn btn--huge"
          onClick={() => visit.act('useCode')}
          disabled={visit.busy}
        >
          {t('noMatch.useCode')}
        </button>
        <button
          type="button"
          className="btn btn--primary btn--huge"
          onClick={() => visit.act('retryFace')}
          disabled={visit.busy}
          autoFocus
        >
          {t('noMatch.retry')}
        </button>
      </div>
    </VisitScreen>
  );
}
