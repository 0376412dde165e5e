import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api/types.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { fullName } from '../../components/PatientCard.tsx';
import type { ScreenName } from '../../components/Screen.tsx';
import { Screen } from '../../components/Screen.tsx';
import { formatBirthDate } from '../../i18n/format.ts';
import type { VisitController } from './useVisit.ts';
import './visit.css';

interface VisitScreenProps {
  name: ScreenName;
  title: string;
  lead?: ReactNode;
  icon?: ReactNode;
  visit: VisitController;
  patient: PatientSummary;
  /** False where cancelling is the screen's own main button, so it is not offered twice. */
  cancellable?: boolean;
  children?: ReactNode;
}

/**
 * A step of the visit: the screen, the last step's error if it failed, and at the bottom, apart
 * from the main decision, whose visit this is and the way out ("Cancel visit").
 */
export function VisitScreen({
  name,
  title,
  lead,
  icon,
  visit,
  patient,
  cancellable = true,
  children,
}: VisitScreenProps) {
  const { t } = useTranslation();
  const footer = (
    <>
      <p className="visit-patient">
        {t('visit.patientLine', { name: fullName(patient), date: formatBirthDate(patient.birthDate) })}
      </p>
      {cancellable ? <CancelVisitButton visit={visit} /> : null}
    </>
  );
  return (
    <Screen name={name} title={title} lead={lead} icon={icon} footer={footer}>
      {children}
      <ErrorNote code={visit.error} />
    </Screen>
  );
}

interface CancelVisitButtonProps {
  visit: VisitController;
  /** The screen's main action (nothing else can be done): large, and focused when it mounts. */
  primary?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function CancelVisitButton({ visit, primary = false, ref }: CancelVisitButtonProps) {
  const { t } = useTranslation();
  return (
    <button
      ref={ref}
      type="button"
      className={primary ? 'btn btn--primary btn--huge' : 'btn btn--danger'}
      onClick={visit.cancel}
      disabled={visit.busy}
      autoFocus={primary}
    >
      {t('visit.cancel')}
    </button>
  );
}

interface VisitChoiceProps {
  visit: VisitController;
  onClick: () => void;
  /** The screen's expected answer: filled, and focused when it mounts. */
  primary?: boolean;
  ref?: Ref<HTMLButtonElement>;
  children: ReactNode;
}

/** One of a visit screen's large answers; none can be pressed while a step is in flight. */
export function VisitChoice({ visit, onClick, primary = false, ref, children }: VisitChoiceProps) {
  return (
    <button
      ref={ref}
      type="button"
      className={primary ? 'btn btn--primary btn--huge' : 'btn btn--huge'}
      onClick={onClick}
      disabled={visit.busy}
      autoFocus={primary}
    >
      {children}
    </button>
  );
}
