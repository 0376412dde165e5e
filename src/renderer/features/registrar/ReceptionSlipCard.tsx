import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { useClinicClock } from '../../app/desk.ts';

/**
 * At reception on a clinic desk: prints a code slip the patient takes to the doctor, whose desk
 * redeems it once at the clinic (the registrar is the visit's second party). The code is only on
 * the paper; the screen shows when it expires. A single desk has no clinic to issue it: no card.
 */
export function ReceptionSlipCard({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  // The expiry as the clinic's wall clock says it, whatever zone this PC is set to.
  const clinicClock = useClinicClock();
  const [clinicDesk, setClinicDesk] = useState(false);
  const [busy, setBusy] = useState(false);
  const [expiresAt, setExpiresAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.clinicSyncState()).then((result) => {
      if (current && result.ok) setClinicDesk(result.value.mode === 'clinic');
    });
    return () => {
      current = false;
    };
  }, []);

  if (!clinicDesk) return null;

  const print = async () => {
    setBusy(true);
    setError(null);
    setExpiresAt(null);
    const result = await kioskCall((k) => k.patientPrintCodeSlip({ patientId }));
    setBusy(false);
    if (!result.ok) {
      setError(result.code);
      return;
    }
    setExpiresAt(result.value.expiresAt);
  };

  return (
    <section className="card record__card" aria-labelledby="record-slip">
      <h2 id="record-slip" className="card__title">
        {t('receptionSlip.title')}
      </h2>
      <p className="muted">{t('receptionSlip.lead')}</p>
      {expiresAt === null ? null : (
        <Notice tone="ok">{t('receptionSlip.printed', { time: clinicClock(expiresAt) })}</Notice>
      )}
      <ErrorNote code={error} own={{ CLINIC_UNREACHABLE: t('receptionSlip.offline') }} />
      <div className="actions record__card-actions">
        <button type="button" className="btn" onClick={() => void print()} disabled={busy}>
          {t('receptionSlip.print')}
        </button>
      </div>
    </section>
  );
}
