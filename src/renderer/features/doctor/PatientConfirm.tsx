import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary } from '../../api/types.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { PatientFacts } from '../../components/PatientCard.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useEscape } from '../../components/useEscape.ts';
import type { VisitView } from '../../../shared/visit-view.ts';

interface PatientConfirmProps {
  patient: PatientSummary;
  onBack: () => void;
  onStarted: (view: VisitView) => void;
}

/**
 * The record, large, before anything starts: the IIN's check digit barely protects against a typo,
 * so the doctor hears the patient say their date of birth and compares it with this card.
 */
export function PatientConfirm({ patient, onBack, onStarted }: PatientConfirmProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEscape(busy ? null : onBack);

  const start = async () => {
    setBusy(true);
    setError(null);
    const started = await kioskCall((k) => k.visitStart());
    if (!started.ok) {
      setBusy(false);
      setError(started.code);
      return;
    }
    const visitId = started.value.visitId;
    const selected = await kioskCall((k) => k.visitSelectPatient({ visitId, patientId: patient.id }));
    if (!selected.ok) {
      // A visit without its patient is of no use: end it rather than leave it to time out.
      await kioskCall((k) => k.visitCancel({ visitId }));
      setBusy(false);
      setError(selected.code);
      return;
    }
    onStarted(selected.value);
  };

  return (
    <Screen name="patientConfirm" title={t('confirm.title')}>
      <div className="card confirm-card">
        <PatientFacts patient={patient} large />
        <p className="confirm-card__ask">{t('confirm.ask')}</p>
      </div>
      <ErrorNote code={error} />
      <div className="actions actions--center">
        <button type="button" className="btn btn--quiet btn--huge" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
        <button
          type="button"
          className="btn btn--primary btn--huge"
          onClick={() => void start()}
          disabled={busy}
          autoFocus
        >
          {t('confirm.start')}
        </button>
      </div>
    </Screen>
  );
}
