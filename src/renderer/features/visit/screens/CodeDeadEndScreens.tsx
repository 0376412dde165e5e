/**
 * The code path's dead ends: nothing to send the code to, too many codes this hour, a code that
 * expired, a code locked after wrong entries. Each says what happened and offers the one way on.
 */
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { InfoIcon, StopIcon, WarnIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { CancelVisitButton, VisitChoice, VisitScreen } from '../VisitScreen.tsx';
import { VisitDoneScreen } from './VisitDoneScreen.tsx';

interface Props {
  visit: VisitController;
  patient: PatientSummary;
}

/** No code can be had today: the only way on is to cancel the visit. */
function NoCodeScreen({ name, visit, patient }: Props & { name: 'noChannel' | 'codeRateLimited' }) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name={name}
      title={t(`${name}.title`)}
      lead={t(`${name}.lead`)}
      icon={<StopIcon />}
      visit={visit}
      patient={patient}
      cancellable={false}
    >
      <CancelVisitButton visit={visit} primary />
    </VisitScreen>
  );
}

export function NoChannelScreen(props: Props) {
  return <NoCodeScreen name="noChannel" {...props} />;
}

export function CodeRateLimitedScreen(props: Props) {
  return <NoCodeScreen name="codeRateLimited" {...props} />;
}

export function CodeExpiredScreen({ visit, patient }: Props) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="codeExpired"
      title={t('codeExpired.title')}
      lead={t('codeExpired.lead')}
      icon={<InfoIcon />}
      visit={visit}
      patient={patient}
    >
      <VisitChoice visit={visit} onClick={() => visit.act('resendCode')} primary>
        {t('codeExpired.resend')}
      </VisitChoice>
    </VisitScreen>
  );
}

export function CodeLockedScreen({ visit, patient, onDone }: Props & { onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <VisitDoneScreen
      name="codeLocked"
      title={t('codeLocked.title')}
      lead={t('codeLocked.lead')}
      icon={<WarnIcon />}
      visit={visit}
      patient={patient}
      onDone={onDone}
    />
  );
}
