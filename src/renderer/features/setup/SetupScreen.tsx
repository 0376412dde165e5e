import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { MovedDesk, OperatorView } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { NewAccountFields } from '../../components/NewAccountFields.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { DEFAULT_TIME_ZONE, KZ_TIME_ZONES } from './kz-time-zones.ts';
import { DeskMovedScreen, MoveDeskForm } from './MoveDeskForm.tsx';
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

type SetupMode = 'new' | 'move';

interface SetupScreenProps {
  onDone: (admin: OperatorView, clinicName: string) => void;
  /** A moved desk has started here (or the machine turned out to be set up): start again. */
  onMoved: () => void;
}

/**
 * First start of a fresh machine, two ways: set up a new desk, or take over a desk moved from an
 * old computer (its transfer file and backup). Both forms stay mounted, so switching back and
 * forth loses nothing typed.
 */
export function SetupScreen({ onDone, onMoved }: SetupScreenProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<SetupMode>('new');
  const [moved, setMoved] = useState<MovedDesk | null>(null);
  const forms = useRef<HTMLDivElement | null>(null);
  const switched = useRef(false);

  // After a switch (not on the first render, where autoFocus does it): the chosen form's first field.
  useEffect(() => {
    if (!switched.current) return;
    forms.current?.querySelector<HTMLElement>(`[data-setup-mode="${mode}"] input`)?.focus();
  }, [mode]);

  if (moved !== null) return <DeskMovedScreen desk={moved} onContinue={onMoved} />;

  const choose = (next: SetupMode) => {
    switched.current = true;
    setMode(next);
  };

  return (
    <Screen
      name="setup"
      layout="wide"
      title={t('setup.title')}
      lead={mode === 'new' ? t('setup.lead') : t('move.lead')}
    >
      <div className="setup-modes" role="group" aria-label={t('setup.modes')}>
        {(['new', 'move'] as const).map((m) => (
          <button
            key={m}
            type="button"
            className="setup-modes__choice"
            aria-pressed={mode === m}
            onClick={() => choose(m)}
          >
            {m === 'new' ? t('setup.modeNew') : t('setup.modeMove')}
          </button>
        ))}
      </div>
      <div ref={forms} className="setup__forms">
        <div data-setup-mode="new" hidden={mode !== 'new'}>
          <NewDeskForm onDone={onDone} />
        </div>
        <div data-setup-mode="move" hidden={mode !== 'move'}>
          <MoveDeskForm onMoved={setMoved} onAlreadySetUp={onMoved} />
        </div>
      </div>
    </Screen>
  );
}

/**
 * A new desk: the clinic, this desk and the first admin. Main writes nothing unless all of it is
 * accepted, so a refused setup can simply be corrected and sent again.
 */
function NewDeskForm({ onDone }: { onDone: (admin: OperatorView, clinicName: string) => void }) {
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
        <NewAccountFields
          texts="setup"
          account={form}
          onChange={(key, value) => setForm((f) => ({ ...f, [key]: value }))}
          problems={problems}
        />
      </fieldset>
      <ErrorNote
        code={error}
        own={{ INVALID_CONFIG: t('setup.configRefused'), INVALID_OPERATOR: t('setup.adminRefused') }}
      />
      <div className="actions actions--end">
        <button type="submit" className="btn btn--primary btn--huge" disabled={busy}>
          {t('setup.submit')}
        </button>
      </div>
    </form>
  );
}
