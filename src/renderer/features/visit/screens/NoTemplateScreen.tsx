import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { InfoIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

/**
 * No face on file: enrolment is the registrar's job (a doctor does not enrol), so today the
 * patient is identified with a code; if the registrar enrols them meanwhile, the face can be tried.
 */
export function NoTemplateScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="noTemplate"
      title={t('noTemplate.title')}
      lead={t('noTemplate.lead')}
      icon={<InfoIcon />}
      visit={visit}
      patient={patient}
    >
      <div className="actions actions--center">
        {visit.view.enrolmentOffered ? (
          <button
            type="button"
            className="btn btn--huge"
            onClick={() => visit.act('enrolled')}
            disabled={visit.busy}
          >
            {t('noTemplate.enrolledNow')}
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn--primary btn--huge"
          onClick={() => visit.act('useCode')}
          disabled={visit.busy}
          autoFocus
        >
          {t('noTemplate.useCode')}
        </button>
      </div>
    </VisitScreen>
  );
}
