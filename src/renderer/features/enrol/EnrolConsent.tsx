import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary } from '../../api/types.ts';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { fullName, PatientFacts } from '../../components/PatientCard.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useEscape } from '../../components/useEscape.ts';
import { useRepresentatives } from '../registrar/representatives.ts';

interface EnrolConsentProps {
  patient: PatientSummary;
  onBack: () => void;
  onStarted: (enrolmentId: string, framesNeeded: number) => void;
  /** Nobody is linked yet to consent for a child or an incapacitated adult: link someone first. */
  onLinkRepresentative: () => void;
}

/**
 * Consent comes before any picture. An adult consents themself; for a child under 14 or a legally
 * incapacitated adult, one of the parents or representatives linked in the record does (main
 * checks the link), so only they are offered.
 */
export function EnrolConsent({ patient, onBack, onStarted, onLinkRepresentative }: EnrolConsentProps) {
  const { t } = useTranslation();
  const byRepresentative = patient.minorUnder14 || patient.legallyIncapacitated;
  const representatives = useRepresentatives(patient.id);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEscape(busy ? null : onBack);

  const linked = representatives.list ?? [];
  // With one linked representative there is nobody else to choose.
  const only = linked.length === 1 ? linked[0] : undefined;
  const representative = linked.find((r) => r.representativeId === chosenId) ?? only ?? null;
  const ready = !byRepresentative || representative !== null;
  const consenting = byRepresentative ? representative : patient;
  const startButton = useRef<HTMLButtonElement | null>(null);

  // Once consent can be given, its button takes the focus, unless the registrar is on a choice.
  useEffect(() => {
    const focused = document.activeElement;
    if (ready && (focused === null || focused === document.body)) startButton.current?.focus();
  }, [ready]);

  const start = async () => {
    setBusy(true);
    setError(null);
    const result = await kioskCall((k) =>
      k.enrolStart({
        patientId: patient.id,
        consentBy:
          byRepresentative && representative !== null
            ? { representativeId: representative.representativeId }
            : 'patient',
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
      {byRepresentative ? (
        <section className="card enrol__representative" aria-labelledby="enrol-rep-title">
          <h2 id="enrol-rep-title" className="card__title">
            {t('enrol.chooseRepresentative')}
          </h2>
          <p className="muted">{t(patient.minorUnder14 ? 'enrol.minorNote' : 'enrol.incapacitatedNote')}</p>
          {representatives.error !== null ? (
            <ErrorNote code={representatives.error} />
          ) : representatives.list === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : linked.length === 0 ? (
            <>
              <Notice tone="warn">{t('enrol.noRepresentative')}</Notice>
              <div className="actions">
                <button type="button" className="btn btn--primary" onClick={onLinkRepresentative} autoFocus>
                  {t('record.link')}
                </button>
              </div>
            </>
          ) : (
            <fieldset className="enrol__choices">
              <legend className="visually-hidden">{t('enrol.chooseRepresentative')}</legend>
              {linked.map((r) => (
                <label key={r.representativeId} className="enrol__choice">
                  <input
                    type="radio"
                    name="consent-by"
                    className="enrol__radio"
                    value={r.representativeId}
                    checked={representative?.representativeId === r.representativeId}
                    onChange={() => setChosenId(r.representativeId)}
                  />
                  <span className="enrol__choice-name">{fullName(r)}</span>
                  <span className="enrol__choice-relation">{t(`relations.${r.relation}`)}</span>
                </label>
              ))}
            </fieldset>
          )}
        </section>
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
        {!byRepresentative || linked.length > 0 ? (
          <button
            ref={startButton}
            type="button"
            className="btn btn--primary btn--huge"
            onClick={() => void start()}
            disabled={busy || !ready}
          >
            {t('enrol.consentGiven')}
          </button>
        ) : null}
      </div>
    </Screen>
  );
}
