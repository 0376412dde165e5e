import { useTranslation } from 'react-i18next';
import type { MovedDesk } from '../../api/types.ts';
import { TextField } from '../../components/Field.tsx';
import { CheckIcon } from '../../components/Icons.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { Screen } from '../../components/Screen.tsx';
import { usePassphraseSubmit } from '../../components/usePassphraseSubmit.ts';

interface MoveDeskFormProps {
  onMoved: (desk: MovedDesk) => void;
  /** The machine is set up after all (SETUP_DONE): on to the sign-in. */
  onAlreadySetUp: () => void;
}

/**
 * A new PC taking over an old desk: the passphrase here, then main asks for the transfer file and
 * the backup in the system's file dialogs, checks that they belong together, and starts as that
 * desk. Nothing is written unless both files open with the passphrase.
 */
export function MoveDeskForm({ onMoved, onAlreadySetUp }: MoveDeskFormProps) {
  const { t } = useTranslation();
  // A wrong passphrase is typed again from scratch, like a wrong password.
  const form = usePassphraseSubmit((k, passphrase) => k.setupMoveHere({ passphrase }), onMoved, [
    'DECRYPT_FAILED',
  ]);

  return (
    <form className="form card move-desk" onSubmit={(e) => void form.submit(e)} noValidate>
      <div className="move-desk__needs">
        <p>{t('move.needs')}</p>
        <ul>
          <li>{t('move.needTransfer')}</li>
          <li>{t('move.needBackup')}</li>
          <li>{t('move.needPassphrase')}</li>
        </ul>
      </div>
      <TextField
        label={t('move.passphrase')}
        hint={t('move.passphraseHint')}
        type="password"
        value={form.passphrase}
        onChange={(e) => form.type(e.target.value)}
        error={form.missing ? t('move.noPassphrase') : null}
        autoComplete="off"
        maxLength={256}
      />
      <p className="muted">{t('move.dialogs')}</p>
      {/* What a refusal of `setup:moveHere` means here, where the files were just chosen. */}
      <ErrorNote
        code={form.error}
        own={{
          DECRYPT_FAILED: t('move.wrongPassphrase'),
          SETUP_REQUIRED: t('move.noFile'),
          KEY_INVALID: t('move.notTransfer'),
          STORE_FAILED: t('move.notBackup'),
        }}
      />
      <div className="actions actions--end">
        {form.error === 'SETUP_DONE' ? (
          <button type="button" className="btn btn--huge" onClick={onAlreadySetUp}>
            {t('move.continue')}
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary btn--huge" disabled={form.busy}>
          {form.busy ? t('move.moving') : t('move.submit')}
        </button>
      </div>
    </form>
  );
}

/** The moved desk has started here: which clinic and desk it is, then the sign-in. */
export function DeskMovedScreen({ desk, onContinue }: { desk: MovedDesk; onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <Screen name="deskMoved" title={t('move.doneTitle')} lead={t('move.doneLead')} icon={<CheckIcon />}>
      <dl className="card moved-desk">
        <dt>{t('move.clinic')}</dt>
        <dd>{desk.clinicName}</dd>
        <dt>{t('move.desk')}</dt>
        <dd>{desk.deskId}</dd>
      </dl>
      <button type="button" className="btn btn--primary btn--huge" onClick={onContinue} autoFocus>
        {t('move.continue')}
      </button>
    </Screen>
  );
}
