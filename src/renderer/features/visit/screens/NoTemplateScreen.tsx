import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { InfoIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';

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
          <VisitChoice visit={visit} onClick={() => visit.act('enrolled')}>
            {t('noTemplate.enrolledNow')}
          </VisitChoice>
        ) : null}
        <VisitChoice visit={visit} onClick={() => visit.act('useCode')} primary>
          {t('noTemplate.useCode')}
        </VisitChoice>
      </div>
    </VisitScreen>
  );
}
