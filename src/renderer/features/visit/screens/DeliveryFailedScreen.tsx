import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { WarnIcon } from '../../../components/Icons.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

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
        <button
          type="button"
          className={slip ? 'btn btn--huge' : 'btn btn--primary btn--huge'}
          onClick={() => visit.act('retryDelivery')}
          disabled={visit.busy}
          autoFocus={!slip}
        >
          {t('deliveryFailed.retry')}
        </button>
        {slip ? (
          <button
            type="button"
            className="btn btn--primary btn--huge"
            onClick={() => visit.act('useSlip')}
            disabled={visit.busy}
            autoFocus
          >
            {t('deliveryFailed.useSlip')}
          </button>
        ) : null}
      </div>
    </VisitScreen>
  );
}
