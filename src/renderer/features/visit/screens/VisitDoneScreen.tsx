import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import type { ScreenName } from '../../../components/Screen.tsx';
import { useEscape } from '../../../components/useEscape.ts';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

interface VisitDoneScreenProps {
  name: ScreenName;
  title: string;
  lead?: ReactNode;
  icon: ReactNode;
  visit: VisitController;
  patient: PatientSummary;
  onDone: () => void;
  /** Shown above "Done" (a last question to the patient). */
  children?: ReactNode;
}

/**
 * A visit's last screen (identified, ended, locked): what happened, and "Done" (or Escape) back to
 * the doctor's home. Nothing is left to cancel.
 */
export function VisitDoneScreen({
  name,
  title,
  lead,
  icon,
  visit,
  patient,
  onDone,
  children,
}: VisitDoneScreenProps) {
  const { t } = useTranslation();
  useEscape(onDone);
  return (
    <VisitScreen
      name={name}
      title={title}
      lead={lead}
      icon={icon}
      visit={visit}
      patient={patient}
      cancellable={false}
    >
      {children}
      <button type="button" className="btn btn--primary btn--huge" onClick={onDone} autoFocus>
        {t('common.done')}
      </button>
    </VisitScreen>
  );
}
