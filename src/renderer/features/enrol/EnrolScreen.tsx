import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api/types.ts';
import { CheckIcon, WarnIcon } from '../../components/Icons.tsx';
import { PatientSearch } from '../../components/PatientSearch.tsx';
import { Screen } from '../../components/Screen.tsx';
import { LinkRepresentativeScreen } from '../registrar/LinkRepresentativeScreen.tsx';
import { EnrolCapture } from './EnrolCapture.tsx';
import { EnrolConsent } from './EnrolConsent.tsx';
import './enrol.css';

type Step =
  | { kind: 'find' }
  | { kind: 'consent'; patient: PatientSummary }
  | { kind: 'link'; patient: PatientSummary }
  | { kind: 'capture'; patient: PatientSummary; enrolmentId: string; framesNeeded: number }
  | { kind: 'done'; patient: PatientSummary; outcome: 'enrolled' | 'blocked_duplicate' };

interface EnrolScreenProps {
  /** Straight from registration: the patient is already known. */
  initialPatient: PatientSummary | null;
  onDone: () => void;
}

/** Enrolling a face: the patient, their recorded consent, a few good pictures, the duplicate check. */
export function EnrolScreen({ initialPatient, onDone }: EnrolScreenProps) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(
    initialPatient === null ? { kind: 'find' } : { kind: 'consent', patient: initialPatient },
  );

  switch (step.kind) {
    case 'find':
      return (
        <Screen name="enrol" layout="wide" title={t('enrol.title')} lead={t('enrol.findLead')}>
          <PatientSearch onSelect={(patient) => setStep({ kind: 'consent', patient })} selectSingleIinMatch />
        </Screen>
      );
    case 'consent':
      return (
        <EnrolConsent
          patient={step.patient}
          onBack={() => setStep({ kind: 'find' })}
          onStarted={(enrolmentId, framesNeeded) =>
            setStep({ kind: 'capture', patient: step.patient, enrolmentId, framesNeeded })
          }
          onLinkRepresentative={() => setStep({ kind: 'link', patient: step.patient })}
        />
      );
    case 'link':
      // Nobody linked yet (the consent step found none): link someone, then back to the consent.
      return (
        <LinkRepresentativeScreen
          patient={step.patient}
          linkedIds={[]}
          onBack={() => setStep({ kind: 'consent', patient: step.patient })}
          onLinked={() => setStep({ kind: 'consent', patient: { ...step.patient, hasRepresentative: true } })}
        />
      );
    case 'capture':
      return (
        <EnrolCapture
          enrolmentId={step.enrolmentId}
          framesNeeded={step.framesNeeded}
          onCancelled={() => setStep({ kind: 'find' })}
          onFinished={(outcome) => setStep({ kind: 'done', patient: step.patient, outcome })}
        />
      );
    case 'done':
      return step.outcome === 'enrolled' ? (
        <Screen name="enrol" title={t('enrol.enrolled')} lead={t('enrol.enrolledLead')} icon={<CheckIcon />}>
          <button type="button" className="btn btn--primary btn--huge" onClick={onDone} autoFocus>
            {t('enrol.another')}
          </button>
        </Screen>
      ) : (
        <Screen name="enrol" title={t('enrol.duplicateTitle')} icon={<WarnIcon />}>
          <p className="alert enrol__duplicate" role="alert">
            {t('enrol.duplicate')}
          </p>
          <button type="button" className="btn btn--primary btn--huge" onClick={onDone} autoFocus>
            {t('enrol.another')}
          </button>
        </Screen>
      );
  }
}
