import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../../api/kiosk-call.ts';
import type { PatientSummary } from '../../../api/types.ts';
import { useDesk } from '../../../app/desk.ts';
import { LanguageSwitcher } from '../../../app/LanguageSwitcher.tsx';
import { TextField } from '../../../components/Field.tsx';
import { i18n } from '../../../i18n/index.ts';
import { useEscape } from '../../../components/useEscape.ts';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';
import type { Language } from '../../../../shared/languages.ts';

interface ConsentScreenProps {
  visit: VisitController;
  patient: PatientSummary;
  onPatientLanguage: (language: Language) => void;
}

/** The longest reason main keeps (src/core/visit/visit-desk.ts). */
const MAX_REASON = 200;

/**
 * The patient's own decision, in their language: a photo, or a code instead. Saying no needs no
 * reason; a reason is asked for only after "No", and only if the patient wants to give one.
 */
export function ConsentScreen({ visit, patient, onPatientLanguage }: ConsentScreenProps) {
  const { t } = useTranslation();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const appliedFor = useRef<string | null>(null);
  const { languages } = useDesk();

  // The patient's remembered language, once per visit (their later taps must not be undone), if
  // the clinic still offers it.
  const rememberedChoice = visit.view.language ?? patient.language;
  const remembered =
    rememberedChoice !== null && (languages === null || languages.enabled.includes(rememberedChoice))
      ? rememberedChoice
      : null;
  useEffect(() => {
    if (appliedFor.current === visit.view.visitId) return;
    appliedFor.current = visit.view.visitId;
    if (remembered !== null && remembered !== i18n.resolvedLanguage) void i18n.changeLanguage(remembered);
  }, [visit.view.visitId, remembered]);

  useEscape(refusing && !visit.busy ? () => setRefusing(false) : null);

  const chooseLanguage = (language: Language) => {
    // Remembered for the patient's next visit; a failure only means asking again next time.
    void kioskCall((k) => k.patientSetLanguage({ patientId: patient.id, language })).then((result) => {
      if (result.ok) onPatientLanguage(language);
    });
  };

  const refuse = (event: FormEvent) => {
    event.preventDefault();
    visit.consent(false, reason.trim().slice(0, MAX_REASON) || undefined);
  };

  return (
    <VisitScreen
      name="consent"
      title={t('consent.question')}
      lead={t('consent.promise')}
      visit={visit}
      patient={patient}
    >
      <LanguageSwitcher size="large" onChoose={chooseLanguage} />
      {refusing ? (
        <form className="consent__refusal" onSubmit={refuse} noValidate>
          <TextField
            label={t('consent.reason')}
            hint={t('consent.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={MAX_REASON}
            autoComplete="off"
            autoFocus
          />
          <div className="actions actions--center">
            <button type="button" className="btn btn--quiet btn--huge" onClick={() => setRefusing(false)}>
              {t('common.back')}
            </button>
            <button type="submit" className="btn btn--primary btn--huge" disabled={visit.busy}>
              {t('consent.sendCode')}
            </button>
          </div>
        </form>
      ) : (
        <div className="consent__answers">
          <VisitChoice visit={visit} onClick={() => visit.consent(true)} primary>
            {t('consent.yes')}
          </VisitChoice>
          <VisitChoice visit={visit} onClick={() => setRefusing(true)}>
            {t('consent.no')}
          </VisitChoice>
        </div>
      )}
    </VisitScreen>
  );
}
