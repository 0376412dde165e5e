import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { TextField } from '../../../components/Field.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

const CODE_LENGTH = 6;

/**
 * Six digits, typed by the doctor as the patient reads them out. The code lives only in this
 * field: it is cleared as soon as it has been sent, right or wrong. `receptionSlipEntry`: the code
 * is on the slip the patient brought from reception, checked at the clinic (the same field).
 */
export function CodeEntryScreen({
  visit,
  patient,
  phase = 'codeEntry',
}: {
  visit: VisitController;
  patient: PatientSummary;
  phase?: 'codeEntry' | 'receptionSlipEntry';
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<'short' | 'wrong' | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const triesLeft = visit.view.triesLeft;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.length !== CODE_LENGTH) {
      setProblem('short');
      return;
    }
    const before = triesLeft;
    const entered = code;
    setCode('');
    setProblem(null);
    const result = await visit.submitCode(entered);
    if (result.ok && result.value.phase === phase) {
      // At reception's slip the clinic gives the tries left only after the first wrong code.
      const after = result.value.triesLeft;
      if (after !== null && (before === null || after < before)) setProblem('wrong');
      input.current?.focus();
    }
  };

  return (
    <VisitScreen
      name={phase}
      title={t(`${phase}.title`)}
      lead={t(`${phase}.lead`)}
      visit={visit}
      patient={patient}
    >
      <form className="code-entry" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          ref={input}
          label={t('codeEntry.label')}
          hint={triesLeft === null ? undefined : t('codeEntry.triesLeft', { n: triesLeft })}
          error={problem === null ? null : t(`codeEntry.${problem}`)}
          className="code-entry__input"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, CODE_LENGTH))}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          autoFocus
        />
        <button type="submit" className="btn btn--primary btn--huge" disabled={visit.busy}>
          {t('codeEntry.submit')}
        </button>
      </form>
    </VisitScreen>
  );
}
