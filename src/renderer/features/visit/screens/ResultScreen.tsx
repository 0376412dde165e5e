import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { CheckIcon, InfoIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice } from '../VisitScreen.tsx';
import { VisitDoneScreen } from './VisitDoneScreen.tsx';

interface ResultScreenProps {
  visit: VisitController;
  patient: PatientSummary;
  onDone: () => void;
}

/** The visit's good ending: identified (and how), or recorded as an online consultation. */
export function ResultScreen({ visit, patient, onDone }: ResultScreenProps) {
  const { t } = useTranslation();
  const { view } = visit;
  const online = view.phase === 'recordedOnline';
  const title = online ? t('result.online') : t(`result.identified.${view.method ?? 'face'}`);
  const lead = online
    ? t('result.onlineLead')
    : view.notificationQueued === true
      ? t('result.notified')
      : view.notificationQueued === false
        ? t('result.notNotified')
        : undefined;
  return (
    <VisitDoneScreen
      name="result"
      title={title}
      lead={lead}
      icon={online ? <InfoIcon /> : <CheckIcon />}
      visit={visit}
      patient={patient}
      onDone={onDone}
    >
      <TemplateRefresh visit={visit} />
    </VisitDoneScreen>
  );
}

/**
 * The patient was identified with a face template made by an older version of the face check:
 * ask whether to update it from this visit's photos (nothing is saved without their yes).
 */
function TemplateRefresh({ visit }: { visit: VisitController }) {
  const { t } = useTranslation();
  const state = visit.view.templateRefresh;
  if (state === null) return null;
  if (state !== 'offered') return <p className="lead">{t(`result.refresh.${state}`)}</p>;
  return (
    <>
      <p className="lead">{t('result.refresh.offer')}</p>
      <div className="actions actions--center">
        <VisitChoice visit={visit} onClick={() => visit.refreshTemplate(false)}>
          {t('result.refresh.decline')}
        </VisitChoice>
        <VisitChoice visit={visit} onClick={() => visit.refreshTemplate(true)} primary>
          {t('result.refresh.accept')}
        </VisitChoice>
      </div>
    </>
  );
}
