import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { useDesk } from '../../app/desk.ts';
import type { SettingsView } from '../../api/types.ts';
import { listCameras } from '../../components/camera/open-camera.ts';
import { CheckboxField, SelectField, TextField } from '../../components/Field.tsx';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { LANGUAGE_CHOICES } from '../../i18n/index.ts';
import type { Language } from '../../../shared/languages.ts';
import { LOG_LEVELS } from '../../../shared/log-levels.ts';
import { DecisionRuleView } from './DecisionRuleView.tsx';
import type { SettingsForm, SettingsProblem } from './settings-form.ts';
import {
  formFromSettings,
  gatewayEdit,
  MAX_FACE_ATTEMPTS,
  MIN_RETENTION_DAYS,
  settingsChange,
  settingsProblems,
} from './settings-form.ts';

/** The desk's settings; every change is audited by main. The decision rule is shown, not edited. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const { setLanguages } = useDesk();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [problems, setProblems] = useState<SettingsProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  useFocusFirstInvalid(formRef, problems);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.adminGetSettings()).then((result) => {
      if (!current) return;
      if (result.ok) {
        setSettings(result.value);
        setForm(formFromSettings(result.value));
      } else setError(result.code);
    });
    void listCameras().then((found) => {
      if (current) setCameras(found);
    });
    return () => {
      current = false;
    };
  }, []);

  if (settings === null || form === null) {
    return error === null ? <p className="muted">{t('common.loading')}</p> : <ErrorNote code={error} />;
  }

  const update = (patch: Partial<SettingsForm>) => {
    setSaved(false);
    setForm((f) => (f === null ? f : { ...f, ...patch }));
  };
  const problem = (key: SettingsProblem) =>
    problems.includes(key) ? t(`admin.settings.problems.${key}`) : null;

  const toggleLanguage = (code: Language, on: boolean) =>
    update({ languages: on ? [...form.languages, code] : form.languages.filter((l) => l !== code) });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = settingsProblems(settings, form);
    setProblems(found);
    setError(null);
    setSaved(false);
    if (found.length > 0) return;
    setBusy(true);
    const result = await kioskCall((k) => k.adminUpdateSettings(settingsChange(settings, form)));
    setBusy(false);
    if (!result.ok) {
      setError(result.code);
      return;
    }
    setSettings(result.value);
    setForm(formFromSettings(result.value));
    setLanguages(result.value.languages);
    setSaved(true);
  };

  // A new address asks for its token; clearing the address says the stored token goes with it.
  const gatewayChange = gatewayEdit(settings, form);
  const tokenHint =
    gatewayChange === 'new-address'
      ? t('admin.settings.tokenForNewAddress')
      : gatewayChange === 'removed'
        ? t('admin.settings.tokenRemoved')
        : settings.gateway?.credentialsStored
          ? t('admin.settings.tokenStored')
          : t('admin.settings.tokenMissing');

  const savedCameraMissing =
    settings.cameraDeviceId !== null && !cameras.some((c) => c.deviceId === settings.cameraDeviceId);

  return (
    <div className="admin-settings">
      <section className="card" aria-labelledby="clinic-facts">
        <h2 id="clinic-facts" className="card__title">
          {t('admin.settings.clinic')}
        </h2>
        <dl className="facts">
          <dt>{t('admin.settings.clinicName')}</dt>
          <dd>{settings.clinic.name}</dd>
          <dt>{t('admin.settings.clinicId')}</dt>
          <dd>{settings.clinic.id}</dd>
          <dt>{t('admin.settings.timeZone')}</dt>
          <dd>{settings.clinic.timeZone}</dd>
          <dt>{t('admin.settings.callNumber')}</dt>
          <dd>{settings.clinic.callNumber}</dd>
          <dt>{t('admin.settings.deskId')}</dt>
          <dd>{settings.deskId}</dd>
        </dl>
      </section>

      <form ref={formRef} className="form card" onSubmit={(e) => void save(e)} noValidate>
        <h2 className="card__title">{t('admin.settings.desk')}</h2>
        <div className="form__row">
          <SelectField
            label={t('admin.settings.camera')}
            hint={cameras.some((c) => c.label === '') ? t('admin.settings.cameraHint') : undefined}
            value={form.cameraDeviceId}
            onChange={(e) => update({ cameraDeviceId: e.target.value })}
            autoFocus
          >
            <option value="">{t('admin.settings.firstCamera')}</option>
            {cameras.map((camera, index) => (
              <option key={camera.deviceId} value={camera.deviceId}>
                {camera.label || t('camera.unnamed', { number: index + 1 })}
              </option>
            ))}
            {savedCameraMissing ? (
              <option value={settings.cameraDeviceId ?? ''}>{t('admin.settings.savedCamera')}</option>
            ) : null}
          </SelectField>
          <SelectField
            label={t('admin.settings.logLevel')}
            value={form.logLevel}
            onChange={(e) => {
              const level = LOG_LEVELS.find((l) => l === e.target.value);
              if (level !== undefined) update({ logLevel: level });
            }}
          >
            {LOG_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`admin.settings.logLevels.${level}`)}
              </option>
            ))}
          </SelectField>
        </div>

        <fieldset className="form__group">
          <legend>{t('admin.settings.languages')}</legend>
          <div className="form__row">
            {LANGUAGE_CHOICES.map(({ code, label }) => (
              <CheckboxField
                key={code}
                lang={code}
                label={label}
                checked={form.languages.includes(code)}
                onChange={(e) => toggleLanguage(code, e.target.checked)}
              />
            ))}
          </div>
          {problem('languages') === null ? null : <p className="field__error">{problem('languages')}</p>}
          <SelectField
            label={t('admin.settings.defaultLanguage')}
            value={form.defaultLanguage}
            error={problem('defaultLanguage')}
            onChange={(e) => {
              const language = LANGUAGE_CHOICES.find((l) => l.code === e.target.value);
              if (language !== undefined) update({ defaultLanguage: language.code });
            }}
          >
            {LANGUAGE_CHOICES.map(({ code, label }) => (
              <option key={code} value={code} lang={code}>
                {label}
              </option>
            ))}
          </SelectField>
        </fieldset>

        <fieldset className="form__group">
          <legend>{t('admin.settings.identification')}</legend>
          <div className="form__row">
            <TextField
              label={t('admin.settings.maxFaceAttempts')}
              hint={t('admin.settings.maxFaceAttemptsHint', { max: MAX_FACE_ATTEMPTS })}
              inputMode="numeric"
              value={form.maxFaceAttempts}
              onChange={(e) => update({ maxFaceAttempts: e.target.value })}
              error={problem('maxFaceAttempts')}
            />
            <TextField
              label={t('admin.settings.retentionDays')}
              hint={t('admin.settings.retentionDaysHint', { min: MIN_RETENTION_DAYS })}
              inputMode="numeric"
              value={form.retentionDays}
              onChange={(e) => update({ retentionDays: e.target.value })}
              error={problem('retentionDays')}
            />
          </div>
          <CheckboxField
            label={t('admin.settings.slipAllowed')}
            hint={t('admin.settings.slipAllowedHint')}
            checked={form.slipAllowed}
            onChange={(e) => update({ slipAllowed: e.target.checked })}
          />
          <CheckboxField
            label={t('admin.settings.startWithSystem')}
            checked={form.startWithSystem}
            onChange={(e) => update({ startWithSystem: e.target.checked })}
          />
        </fieldset>

        <fieldset className="form__group">
          <legend>{t('admin.settings.gateway')}</legend>
          <div className="form__row">
            <TextField
              label={t('admin.settings.gatewayUrl')}
              hint={t('admin.settings.gatewayUrlHint')}
              type="url"
              value={form.gatewayUrl}
              onChange={(e) => update({ gatewayUrl: e.target.value })}
              error={problem('gatewayUrl')}
              spellCheck={false}
              maxLength={500}
            />
            <TextField
              label={t('admin.settings.gatewayToken')}
              hint={tokenHint}
              type="password"
              value={form.gatewayToken}
              onChange={(e) => update({ gatewayToken: e.target.value })}
              error={problem('gatewayToken')}
              disabled={gatewayChange === 'removed'}
              autoComplete="off"
              maxLength={4096}
            />
          </div>
        </fieldset>

        <ErrorNote code={error} own={{ INVALID_CONFIG: t('admin.settings.refused') }} />
        {saved ? <Notice tone="ok">{t('admin.settings.saved')}</Notice> : null}
        <div className="actions actions--end">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('admin.settings.save')}
          </button>
        </div>
      </form>

      <DecisionRuleView rule={settings.decisionRule} />
    </div>
  );
}
