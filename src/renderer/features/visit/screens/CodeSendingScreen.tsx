import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { Spinner } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';
import { CodeReasonLine } from './CodeReasonLine.tsx';

/** A code is being made and sent; the gateway may take a few seconds. */
export function CodeSendingScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="codeSending"
      title={t('codeSending.title')}
      icon={<Spinner />}
      visit={visit}
      patient={patient}
    >
      <CodeReasonLine visit={visit} />
    </VisitScreen>
  );
}
