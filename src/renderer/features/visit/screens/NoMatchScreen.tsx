import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { WarnIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';

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
        <VisitChoice visit={visit} onClick={() => visit.act('useCode')}>
          {t('noMatch.useCode')}
        </VisitChoice>
        <VisitChoice visit={visit} onClick={() => visit.act('retryFace')} primary>
          {t('noMatch.retry')}
        </VisitChoice>
      </div>
    </VisitScreen>
  );
}
