import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { useEscape } from '../../../components/useEscape.ts';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

/** In the chair, or on the line: an online consultation needs no identification at the desk. */
export function VisitTypeScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  useEscape(visit.busy ? null : visit.cancel);
  return (
    <VisitScreen name="visitType" title={t('visitType.title')} visit={visit} patient={patient}>
      <div className="actions actions--center">
        <button
          type="button"
          className="btn btn--primary btn--huge"
          onClick={() => visit.chooseType('in-person')}
          disabled={visit.busy}
          autoFocus
        >
          {t('visitType.inPerson')}
        </button>
        <button
          type="button"
          className="btn btn--huge"
          onClick={() => visit.chooseType('online')}
          disabled={visit.busy}
        >
          {t('visitType.online')}
        </button>
      </div>
    </VisitScreen>
  );
}
