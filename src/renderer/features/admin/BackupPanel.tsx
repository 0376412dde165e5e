import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { RunButton, useRun } from './RunButton.tsx';

/** What main requires of a transfer passphrase (src/core/crypto/desk-transfer.ts). */
export const MIN_PASSPHRASE_LENGTH = 12;

type Problem = 'passphrase' | 'passphraseAgain';

/** A saved file's path, for reading and copying (paths are long and never translated). */
function SavedPath({ label, path }: { label: string; path: string }) {
  return (
    <div className="notice notice--ok saved-path" role="status">
      <p>{label}</p>
      <p className="saved-path__path" lang="en">
        {path}
      </p>
    </div>
  );
}

/**
 * A backup of the records, into a file the admin picks in the system's dialog; and the first half
 * of moving this desk to a new computer: the transfer file under a passphrase, then a backup.
 * Cancelling a file dialog is not an error: nothing is shown.
 */
export function BackupPanel() {
  const { t } = useTranslation();
  const backup = useRun(() => kioskCall((k) => k.adminBackupNow()));
  const backupPath = backup.value?.path ?? null;

  const [moving, setMoving] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [passphraseAgain, setPassphraseAgain] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [exportPath, setExportPath] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const backupButton = useRef<HTMLButtonElement | null>(null);
  useFocusFirstInvalid(formRef, problems);

  // The transfer file is written: step 2, the backup, is the next thing to press.
  useEffect(() => {
    if (exportPath !== null) backupButton.current?.focus();
  }, [exportPath]);

  const exportTransfer = async (event: FormEvent) => {
    event.preventDefault();
    const found: Problem[] = [];
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) found.push('passphrase');
    else if (passphrase !== passphraseAgain) found.push('passphraseAgain');
    setProblems(found);
    setExportError(null);
    setExportPath(null);
    if (found.length > 0) return;
    setExporting(true);
    const result = await kioskCall((k) => k.adminExportTransfer({ passphrase }));
    setExporting(false);
    if (!result.ok) {
      setExportError(result.code);
      return;
    }
    setExportPath(result.value.path);
    if (result.value.path !== null) {
      // Written: the passphrase has done its job here and does not stay on screen.
      setPassphrase('');
      setPassphraseAgain('');
      setMoving(false);
    }
  };

  const problem = (key: Problem) => (problems.includes(key) ? t(`admin.backup.problems.${key}`) : null);

  return (
    <div className="backup">
      <section className="card backup__card" aria-labelledby="backup-title">
        <h2 id="backup-title" className="card__title">
          {t('admin.backup.title')}
        </h2>
        <p>{t('admin.backup.lead')}</p>
        <RunButton
          ref={backupButton}
          busy={backup.busy}
          onRun={backup.run}
          label={t('admin.backup.now')}
          busyLabel={t('admin.backup.saving')}
        />
        {backupPath === null ? null : <SavedPath label={t('admin.backup.saved')} path={backupPath} />}
        <ErrorNote code={backup.error} own={{ STORE_FAILED: t('admin.backup.notWritten') }} />
      </section>

      <section className="card backup__card" aria-labelledby="move-title">
        <h2 id="move-title" className="card__title">
          {t('admin.backup.moveTitle')}
        </h2>
        <p>{t('admin.backup.moveLead')}</p>
        <ol className="backup__steps">
          <li>{t('admin.backup.step1')}</li>
          <li>{t('admin.backup.step2')}</li>
          <li>{t('admin.backup.step3')}</li>
        </ol>
        <p className="notice notice--warn">{t('admin.backup.tellPassphrase')}</p>
        {moving ? (
          <form
            ref={formRef}
            className="form backup__move"
            onSubmit={(e) => void exportTransfer(e)}
            noValidate
            aria-labelledby="move-title"
          >
            <div className="form__row">
              <TextField
                label={t('admin.backup.passphrase')}
                hint={t('admin.backup.passphraseHint')}
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
            <ErrorNote code={exportError} own={{ KEY_INSECURE: t('admin.backup.problems.passphrase') }} />
            <div className="actions">
              <button type="submit" className="btn btn--primary" disabled={exporting}>
                {exporting ? t('admin.backup.exporting') : t('admin.backup.export')}
              </button>
              <button
                type="button"
                className="btn btn--quiet"
                onClick={() => {
                  setMoving(false);
                  setPassphrase('');
                  setPassphraseAgain('');
                  setProblems([]);
                  setExportError(null);
                }}
                disabled={exporting}
              >
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                setExportPath(null);
                setMoving(true);
              }}
            >
              {t('admin.backup.move')}
            </button>
          </div>
        )}
        {exportPath === null ? null : (
          <>
            <SavedPath label={t('admin.backup.exported')} path={exportPath} />
            <p className="backup__next">{t('admin.backup.exportedNext')}</p>
          </>
        )}
      </section>
    </div>
  );
}
