import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { PassphraseForm } from './PassphraseForm.tsx';
import { RunButton, useRun } from './RunButton.tsx';

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

/** Which passphrase form is open: one at a time, so their fields never share a label on screen. */
type Open = 'offDesk' | 'move' | null;

/**
 * An encrypted backup of the records into a file the admin picks in the system's dialog (under the
 * desk's key, or under a passphrase for a copy kept off the desk); and the first half of moving
 * this desk to a new computer: the transfer file under a passphrase, then a backup. Cancelling a
 * file dialog is not an error: nothing is shown.
 */
export function BackupPanel() {
  const { t } = useTranslation();
  const backup = useRun(() => kioskCall((k) => k.adminBackupNow()));
  const backupPath = backup.value?.path ?? null;
  const [open, setOpen] = useState<Open>(null);
  const [offDeskPath, setOffDeskPath] = useState<string | null>(null);
  const [exportPath, setExportPath] = useState<string | null>(null);
  const backupButton = useRef<HTMLButtonElement | null>(null);

  // The transfer file is written: step 2, the backup, is the next thing to press.
  useEffect(() => {
    if (exportPath !== null) backupButton.current?.focus();
  }, [exportPath]);

  const opener = (which: Exclude<Open, null>, label: string) => (
    <div className="actions">
      <button
        type="button"
        className="btn"
        onClick={() => {
          setOffDeskPath(null);
          setExportPath(null);
          setOpen(which);
        }}
      >
        {label}
      </button>
    </div>
  );

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

      <section className="card backup__card" aria-labelledby="offdesk-title">
        <h2 id="offdesk-title" className="card__title">
          {t('admin.backup.offDeskTitle')}
        </h2>
        <p>{t('admin.backup.offDeskLead')}</p>
        {open === 'offDesk' ? (
          <PassphraseForm
            labelledBy="offdesk-title"
            hint={t('admin.backup.offDeskHint')}
            submitLabel={t('admin.backup.offDeskSave')}
            busyLabel={t('admin.backup.saving')}
            save={(passphrase) => kioskCall((k) => k.adminBackupOffDesk({ passphrase }))}
            onSaved={(path) => {
              setOffDeskPath(path);
              setOpen(null);
            }}
            onCancel={() => setOpen(null)}
            own={{ STORE_FAILED: t('admin.backup.notWritten') }}
          />
        ) : (
          opener('offDesk', t('admin.backup.offDesk'))
        )}
        {offDeskPath === null ? null : <SavedPath label={t('admin.backup.saved')} path={offDeskPath} />}
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
        {open === 'move' ? (
          <PassphraseForm
            labelledBy="move-title"
            hint={t('admin.backup.passphraseHint')}
            submitLabel={t('admin.backup.export')}
            busyLabel={t('admin.backup.exporting')}
            save={(passphrase) => kioskCall((k) => k.adminExportTransfer({ passphrase }))}
            onSaved={(path) => {
              setExportPath(path);
              setOpen(null);
            }}
            onCancel={() => setOpen(null)}
          />
        ) : (
          opener('move', t('admin.backup.move'))
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
