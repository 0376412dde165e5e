import type { FormEvent } from 'react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary } from '../../api/types.ts';
import { CheckboxField, TextField } from '../../components/Field.tsx';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { fullName, PatientFacts } from '../../components/PatientCard.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { useErrorText } from '../../i18n/error-text.ts';
import type { RegisterField } from './register-errors.ts';
import { birthDateFromIin, fieldOfError, normalisePhone } from './register-errors.ts';

interface Form {
  iin: string;
  familyName: string;
  givenNames: string;
  birthDate: string;
  phone: string;
  noPhone: boolean;
  incapacitated: boolean;
}

const EMPTY: Form = {
  iin: '',
  familyName: '',
  givenNames: '',
  birthDate: '',
  phone: '',
  noPhone: false,
  incapacitated: false,
};

interface RegisterPatientScreenProps {
  onEnrol: (patient: PatientSummary) => void;
  /** A parent or legal representative for the new record. */
  onLink: (patient: PatientSummary) => void;
}

/** A new patient record; main's refusal (a mistyped IIN, a bad phone) is shown beside its field. */
export function RegisterPatientScreen({ onEnrol, onLink }: RegisterPatientScreenProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form, setForm] = useState<Form>(EMPTY);
  /** The date was filled from the IIN, so a corrected IIN may refill it. */
  const [dateFromIin, setDateFromIin] = useState(false);
  const [error, setError] = useState<{ field: RegisterField; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<PatientSummary | null>(null);
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);
  const refused = useMemo(() => (error === null ? [] : [error]), [error]);
  useFocusFirstInvalid(formRef, refused);

  const errorFor = (field: RegisterField) => (error?.field === field ? errorText(error.code) : null);

  const changeIin = (value: string) => {
    const iin = value.replace(/[\s-]/g, '');
    const derived = birthDateFromIin(iin);
    setForm((f) => ({
      ...f,
      iin: value,
      birthDate: derived !== null && (f.birthDate === '' || dateFromIin) ? derived : f.birthDate,
    }));
    if (derived !== null && (form.birthDate === '' || dateFromIin)) setDateFromIin(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!form.noPhone && form.phone.trim() === '') {
      setError({ field: 'phone', code: 'INVALID_PHONE' });
      return;
    }
    setBusy(true);
    const result = await kioskCall((k) =>
      k.patientRegister({
        iin: form.iin.replace(/[\s-]/g, ''),
        familyName: form.familyName.trim(),
        givenNames: form.givenNames.trim(),
        birthDate: form.birthDate,
        phone: form.noPhone ? 'none' : normalisePhone(form.phone),
        legallyIncapacitated: form.incapacitated,
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setError({ field: fieldOfError(result.code), code: result.code });
      return;
    }
    setRegistered(result.value);
  };

  const again = () => {
    setRegistered(null);
    setForm(EMPTY);
    setDateFromIin(false);
    setFormKey((n) => n + 1);
  };

  if (registered !== null) {
    // A child or an incapacitated adult is enrolled with a representative's consent: link one first.
    const linkFirst = registered.minorUnder14 || registered.legallyIncapacitated;
    return (
      <Screen name="registrar" title={t('register.doneTitle')}>
        <Notice tone="ok">{t('register.done', { name: fullName(registered) })}</Notice>
        <div className="card">
          <PatientFacts patient={registered} large />
        </div>
        <div className="actions actions--center">
          <button type="button" className="btn btn--quiet btn--huge" onClick={again}>
            {t('register.another')}
          </button>
          <button
            type="button"
            className={linkFirst ? 'btn btn--primary btn--huge' : 'btn btn--huge'}
            onClick={() => onLink(registered)}
            autoFocus={linkFirst}
          >
            {t('record.link')}
          </button>
          <button
            type="button"
            className={linkFirst ? 'btn btn--huge' : 'btn btn--primary btn--huge'}
            onClick={() => onEnrol(registered)}
            autoFocus={!linkFirst}
          >
            {t('register.enrolNow')}
          </button>
        </div>
      </Screen>
    );
  }

  return (
    <Screen name="registrar" layout="wide" title={t('register.title')} lead={t('register.lead')}>
      <form
        ref={formRef}
        key={formKey}
        className="form register card"
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <div className="form__row">
          <TextField
            label={t('register.iin')}
            hint={t('register.iinHint')}
            value={form.iin}
            onChange={(e) => changeIin(e.target.value)}
            error={errorFor('iin')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            autoFocus
          />
          <TextField
            label={t('register.birthDate')}
            type="date"
            value={form.birthDate}
            onChange={(e) => {
              setDateFromIin(false);
              setForm((f) => ({ ...f, birthDate: e.target.value }));
            }}
            error={errorFor('birthDate')}
          />
        </div>
        <div className="form__row">
          <TextField
            label={t('register.familyName')}
            value={form.familyName}
            onChange={(e) => setForm((f) => ({ ...f, familyName: e.target.value }))}
            error={errorFor('familyName')}
            autoComplete="off"
            maxLength={200}
          />
          <TextField
            label={t('register.givenNames')}
            hint={t('register.givenNamesHint')}
            value={form.givenNames}
            onChange={(e) => setForm((f) => ({ ...f, givenNames: e.target.value }))}
            error={errorFor('givenNames')}
            autoComplete="off"
            maxLength={200}
          />
        </div>
        <div className="form__row">
          <div className="register__phone">
            <TextField
              label={t('register.phone')}
              hint={t('register.phoneHint')}
              type="tel"
              value={form.noPhone ? '' : form.phone}
              onChange={(e) => setForm((f) => ({ ...f, phone: e.target.value }))}
              error={errorFor('phone')}
              disabled={form.noPhone}
              maxLength={20}
            />
            <CheckboxField
              label={t('register.noPhone')}
              checked={form.noPhone}
              onChange={(e) => setForm((f) => ({ ...f, noPhone: e.target.checked }))}
            />
          </div>
          <CheckboxField
            label={t('register.incapacitated')}
            hint={t('register.incapacitatedHint')}
            checked={form.incapacitated}
            onChange={(e) => setForm((f) => ({ ...f, incapacitated: e.target.checked }))}
          />
        </div>
        {error?.field === 'form' ? <ErrorNote code={error.code} /> : null}
        <div className="actions actions--end">
          <button type="submit" className="btn btn--primary btn--huge" disabled={busy}>
            {t('register.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
