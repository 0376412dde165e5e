import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { InfoIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitDoneScreen } from './VisitDoneScreen.tsx';

interface VisitEndedScreenProps {
  visit: VisitController;
  patient: PatientSummary;
  /** cancelled / timedOut, or gone: main no longer knows the visit. */
  how: 'cancelled' | 'timedOut' | 'gone';
  onDone: () => void;
}

/** The visit ended without an identification; the doctor starts again from the search. */
export function VisitEndedScreen({ visit, patient, how, onDone }: VisitEndedScreenProps) {
  const { t } = useTranslation();
  return (
    <VisitDoneScreen
      name="visitEnded"
      title={t(`visitEnded.${how}`)}
      lead={t('visitEnded.lead')}
      icon={<InfoIcon />}
      visit={visit}
      patient={patient}
      onDone={onDone}
    />
  );
}
