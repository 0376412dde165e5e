import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { OperatorView } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { DEFAULT_TIME_ZONE, KZ_TIME_ZONES } from './kz-time-zones.ts';
import type { SetupForm, SetupProblem } from './setup-rules.ts';
import { setupProblems } from './setup-rules.ts';
import './setup.css';

const OTHER_ZONE = 'other';

const EMPTY: SetupForm = {
  clinicId: '',
  clinicName: '',
  timeZone: DEFAULT_TIME_ZONE,
  callNumber: '',
  deskId: '',
  login: '',
  displayName: '',
  password: '',
  passwordAgain: '',
};

/**
 * First start of a fresh machine: the clinic, this desk and the first admin. Main writes nothing
 * unless all of it is accepted, so a refused setup can simply be corrected and sent again.
 */
export function SetupScreen({ onDone }: { onDone: (admin: OperatorView, clinicName: string) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<SetupForm>(EMPTY);
  const [zoneChoice, setZoneChoice] = useState<string>(DEFAULT_TIME_ZONE);
  const [problems, setProblems] = useState<SetupProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  useFocusFirstInvalid(formRef, problems);

  const set = (key: keyof SetupForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const problem = (key: SetupProblem) => (problems.includes(key) ? t(`setup.problems.${key}`) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = setupProblems(form);
    setProblems(found);
    setError(null);
    if (found.length > 0) return;
    setBusy(true);
    const result = await kioskCall((k) =>
      k.setupComplete({
        clinicId: form.clinicId,
        clinicName: form.clinicName.trim(),
        timeZone: form.timeZone,
        callNumber: form.callNumber.trim(),
        deskId: form.deskId,
        admin: { login: form.login, displayName: form.displayName.trim(), secret: form.password },
      }),
    );
    setBusy(false);
    if (result.ok) onDone(result.value, form.clinicName.trim());
    else setError(result.code);
  };

  return (
    <Screen name="setup" layout="wide" title={t('setup.title')} lead={t('setup.lead')}>
      <form ref={formRef} className="form setup" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="form__group">
          <legend>{t('setup.clinic')}</legend>
          <div className="form__row">
            <TextField
              label={t('setup.clinicName')}
              value={form.clinicName}
              onChange={set('clinicName')}
              error={problem('clinicName')}
              maxLength={200}
              autoFocus
            />
            <TextField
              label={t('setup.clinicId')}
              hint={t('setup.clinicIdHint')}
              value={form.clinicId}
              onChange={set('clinicId')}
              error={problem('clinicId')}
              autoCapitalize="none"
              spellCheck={false}
              maxLength={32}
            />
          </div>
          <div className="form__row">
            <SelectField
              label={t('setup.timeZone')}
              value={zoneChoice}
              error={zoneChoice === OTHER_ZONE ? null : problem('timeZone')}
              onChange={(e) => {
                const choice = e.target.value;
                setZoneChoice(choice);
                setForm((f) => ({ ...f, timeZone: choice === OTHER_ZONE ? '' : choice }));
              }}
            >
              {KZ_TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
              <option value={OTHER_ZONE}>{t('setup.otherZone')}</option>
            </SelectField>
            {zoneChoice === OTHER_ZONE ? (
              <TextField
                label={t('setup.zoneName')}
                hint={t('setup.zoneNameHint')}
                value={form.timeZone}
                onChange={set('timeZone')}
                error={problem('timeZone')}
                spellCheck={false}
                maxLength={64}
              />
            ) : null}
          </div>
          <div className="form__row">
            <TextField
              label={t('setup.callNumber')}
              hint={t('setup.callNumberHint')}
              type="tel"
              value={form.callNumber}
              onChange={set('callNumber')}
              error={problem('callNumber')}
              maxLength={32}
            />
            <TextField
              label={t('setup.deskId')}
              hint={t('setup.deskIdHint')}
              value={form.deskId}
              onChange={set('deskId')}
              error={problem('deskId')}
              spellCheck={false}
              maxLength={32}
            />
          </div>
        </fieldset>
        <fieldset className="form__group">
          <legend>{t('setup.admin')}</legend>
          <div className="form__row">
            <TextField
              label={t('setup.displayName')}
              value={form.displayName}
              onChange={set('displayName')}
              error={problem('displayName')}
              maxLength={200}
            />
            <TextField
              label={t('setup.login')}
              hint={t('setup.loginHint')}
              value={form.login}
              onChange={set('login')}
              error={problem('login')}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={32}
            />
          </div>
          <div className="form__row">
            <TextField
              label={t('setup.password')}
              hint={t('setup.passwordHint')}
              type="password"
              value={form.password}
              onChange={set('password')}
              error={problem('password')}
              autoComplete="new-password"
              maxLength={200}
            />
            <TextField
              label={t('setup.passwordAgain')}
              type="password"
              value={form.passwordAgain}
              onChange={set('passwordAgain')}
              error={problem('passwordAgain')}
              autoComplete="new-password"
              maxLength={200}
            />
          </div>
        </fieldset>
        {error === 'INVALID_CONFIG' ? (
          <p className="alert" role="alert">
            {t('setup.configRefused')}
          </p>
        ) : error === 'INVALID_OPERATOR' ? (
          <p className="alert" role="alert">
            {t('setup.adminRefused')}
          </p>
        ) : (
          <ErrorNote code={error} />
        )}
        <div className="actions actions--end">
          <button type="submit" className="btn btn--primary btn--huge" disabled={busy}>
            {t('setup.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
