/**
 * The code path's dead ends: nothing to send the code to, too many codes this hour, a code that
 * expired, a code locked after wrong entries. Each says what happened and offers the one way on.
 */
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { InfoIcon, StopIcon, WarnIcon } from '../../../components/Icons.tsx';
import { useEscape } from '../../../components/useEscape.ts';
import type { VisitController } from '../useVisit.ts';
import { CancelVisitButton, VisitScreen } from '../VisitScreen.tsx';

interface Props {
  visit: VisitController;
  patient: PatientSummary;
}

export function NoChannelScreen({ visit, patient }: Props) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="noChannel"
      title={t('noChannel.title')}
      lead={t('noChannel.lead')}
      icon={<StopIcon />}
      visit={visit}
      patient={patient}
      cancellable={false}
    >
      <CancelVisitButton visit={visit} primary />
    </VisitScreen>
  );
}

export function CodeRateLimitedScreen({ visit, patient }: Props) {
  const { t } = useTranslation();
  return (
    <VisitScreen
      name="codeRateLimited"
      title={t('codeRateLimited.title')}
      lead={t('codeRateLimited.lead')}
      icon={<StopIcon />}
      visit={visit}
      patient={patient}
      cancellable={false}
    >
      <CancelVisitButton visit={visit} primary />
    </VisitScreen>
  );
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
      <button
        type="button"
        className="btn btn--primary btn--huge"
        onClick={() => visit.act('resendCode')}
        disabled={visit.busy}
        autoFocus
      >
        {t('codeExpired.resend')}
      </button>
    </VisitScreen>
  );
}

export function CodeLockedScreen({ visit, patient, onDone }: Props & { onDone: () => void }) {
  const { t } = useTranslation();
  useEscape(onDone);
  return (
    <VisitScreen
      name="codeLocked"
      title={t('codeLocked.title')}
      lead={t('codeLocked.lead')}
      icon={<WarnIcon />}
      visit={visit}
      patient={patient}
      cancellable={false}
    >
      <button type="button" className="btn btn--primary btn--huge" onClick={onDone} autoFocus>
        {t('common.done')}
      </button>
    </VisitScreen>
  );
}
