import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/passphrase.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';

type Problem = 'passphrase' | 'passphraseAgain';

interface PassphraseFormProps {
  /** The id of the heading that names what the passphrase protects. */
  labelledBy: string;
  hint: string;
  submitLabel: string;
  busyLabel: string;
  /** Main writes the file under the passphrase: its path, or null when the save dialog was cancelled. */
  save: (passphrase: string) => Promise<IpcResult<{ path: string | null }>>;
  onSaved: (path: string) => void;
  onCancel: () => void;
  /** What a refusal means here, by error code (see ErrorNote). */
  own?: Record<string, string>;
}

/**
 * A new passphrase typed twice for a file that leaves the desk (the transfer file of a move, an
 * off-desk backup), checked here as main checks it, then the file saved under it. Once the file
 * is written the passphrase has done its job and is cleared from the screen.
 */
export function PassphraseForm({
  labelledBy,
  hint,
  submitLabel,
  busyLabel,
  save,
  onSaved,
  onCancel,
  own = {},
}: PassphraseFormProps) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [passphraseAgain, setPassphraseAgain] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  useFocusFirstInvalid(formRef, problems);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Problem[] = [];
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) found.push('passphrase');
    else if (passphrase !== passphraseAgain) found.push('passphraseAgain');
    setProblems(found);
    setError(null);
    if (found.length > 0) return;
    setBusy(true);
    const result = await save(passphrase);
    setBusy(false);
    if (!result.ok) {
      setError(result.code);
      return;
    }
    if (result.value.path !== null) {
      setPassphrase('');
      setPassphraseAgain('');
      onSaved(result.value.path);
    }
  };

  const problem = (key: Problem) => (problems.includes(key) ? t(`admin.backup.problems.${key}`) : null);

  return (
    <form
      ref={formRef}
      className="form backup__move"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={labelledBy}
    >
      <div className="form__row">
        <TextField
          label={t('admin.backup.passphrase')}
          hint={hint}
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={problem('passphrase')}
          autoComplete="new-password"
          maxLength={256}
          autoFocus
        />
        <TextField
          label={t('admin.backup.passphraseAgain')}
          type="password"
          value={passphraseAgain}
          onChange={(e) => setPassphraseAgain(e.target.value)}
          error={problem('passphraseAgain')}
          autoComplete="new-password"
          maxLength={256}
        />
      </div>
      <ErrorNote code={error} own={{ KEY_INSECURE: t('admin.backup.problems.passphrase'), ...own }} />
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <button type="button" className="btn btn--quiet" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
