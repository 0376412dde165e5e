import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary } from '../../api/types.ts';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { fullName, PatientFacts } from '../../components/PatientCard.tsx';
import { PatientSearch } from '../../components/PatientSearch.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useEscape } from '../../components/useEscape.ts';

interface EnrolConsentProps {
  patient: PatientSummary;
  onBack: () => void;
  onStarted: (enrolmentId: string, framesNeeded: number) => void;
}

/**
 * Consent comes before any picture. An adult consents themself; for a child under 14 or a legally
 * incapacitated adult, a linked parent or representative does (main checks the link).
 */
export function EnrolConsent({ patient, onBack, onStarted }: EnrolConsentProps) {
  const { t } = useTranslation();
  const byRepresentative = patient.minorUnder14 || patient.legallyIncapacitated;
  const [representative, setRepresentative] = useState<PatientSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEscape(busy ? null : onBack);

  const ready = !byRepresentative || representative !== null;
  const consenting = byRepresentative ? representative : patient;

  const start = async () => {
    setBusy(true);
    setError(null);
    const result = await kioskCall((k) =>
      k.enrolStart({
        patientId: patient.id,
        consentBy: representative === null ? 'patient' : { representativeId: representative.id },
      }),
    );
    setBusy(false);
    if (result.ok) onStarted(result.value.enrolmentId, result.value.framesNeeded);
    else setError(result.code);
  };

  return (
    <Screen name="enrol" layout="wide" title={t('enrol.consentTitle')}>
      <div className="card">
        <PatientFacts patient={patient} large />
      </div>
      {patient.hasTemplate ? <Notice tone="warn">{t('enrol.alreadyEnrolled')}</Notice> : null}
      {byRepresentative && representative === null ? (
        <section className="enrol__representative" aria-labelledby="enrol-rep-title">
          <h2 id="enrol-rep-title" className="card__title">
            {t('enrol.findRepresentative')}
          </h2>
          <p className="muted">{t(patient.minorUnder14 ? 'enrol.minorNote' : 'enrol.incapacitatedNote')}</p>
          <PatientSearch onSelect={setRepresentative} excludeId={patient.id} autoFocus={false} />
        </section>
      ) : null}
      {representative !== null ? (
        <div className="card enrol__rep-card">
          <p className="muted">{t('enrol.representative')}</p>
          <PatientFacts patient={representative} />
          <button type="button" className="btn btn--quiet btn--small" onClick={() => setRepresentative(null)}>
            {t('enrol.changeRepresentative')}
          </button>
        </div>
      ) : null}
      {ready && consenting !== null ? (
        <div className="card enrol__statement">
          <p className="muted">{t('enrol.readAloud', { name: fullName(consenting) })}</p>
          <p className="enrol__statement-text">{t('enrol.statement', { name: fullName(patient) })}</p>
        </div>
      ) : null}
      <ErrorNote code={error} />
      <div className="actions actions--end">
        <button type="button" className="btn btn--quiet btn--huge" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
        {ready ? (
          <button
            type="button"
            className="btn btn--primary btn--huge"
            onClick={() => void start()}
            disabled={busy}
            autoFocus
          >
            {t('enrol.consentGiven')}
          </button>
        ) : null}
      </div>
    </Screen>
  );
}
