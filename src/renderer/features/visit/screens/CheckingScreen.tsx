import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { Spinner } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

/** The engine compares the face with the record; it takes a moment. */
export function CheckingScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="checking"
      title={t('checking.title')}
      lead={t('checking.lead')}
      icon={<Spinner />}
      visit={visit}
      patient={patient}
    />
  );
}
