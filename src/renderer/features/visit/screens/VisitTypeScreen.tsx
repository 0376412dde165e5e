import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { useEscape } from '../../../components/useEscape.ts';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';

/** In the chair, or on the line: an online consultation needs no identification at the desk. */
export function VisitTypeScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  useEscape(visit.busy ? null : visit.cancel);
  return (
    <VisitScreen name="visitType" title={t('visitType.title')} visit={visit} patient={patient}>
      <div className="actions actions--center">
        <VisitChoice visit={visit} onClick={() => visit.chooseType('in-person')} primary>
          {t('visitType.inPerson')}
        </VisitChoice>
        <VisitChoice visit={visit} onClick={() => visit.chooseType('online')}>
          {t('visitType.online')}
        </VisitChoice>
      </div>
    </VisitScreen>
  );
}
