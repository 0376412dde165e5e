import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { WarnIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';

/** The gateway is down: a printed slip (where the clinic allows it) or another try. */
export function DeliveryFailedScreen({
  visit,
  patient,
}: {
  visit: VisitController;
  patient: PatientSummary;
}) {
  const { t } = useTranslation();
  const slip = visit.view.slipOffered;
  return (
    <VisitScreen
      name="deliveryFailed"
      title={t('deliveryFailed.title')}
      lead={t('deliveryFailed.lead')}
      icon={<WarnIcon />}
      visit={visit}
      patient={patient}
    >
      <div className="actions actions--center">
        <VisitChoice visit={visit} onClick={() => visit.act('retryDelivery')} primary={!slip}>
          {t('deliveryFailed.retry')}
        </VisitChoice>
        {slip ? (
          <VisitChoice visit={visit} onClick={() => visit.act('useSlip')} primary>
            {t('deliveryFailed.useSlip')}
          </VisitChoice>
        ) : null}
      </div>
    </VisitScreen>
  );
}
