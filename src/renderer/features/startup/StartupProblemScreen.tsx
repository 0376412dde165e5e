import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { Screen } from '../../components/Screen.tsx';
import { usePassphraseSubmit } from '../../components/usePassphraseSubmit.ts';
import type { StartupProblem } from '../../../shared/startup-problems.ts';

interface StartupProblemScreenProps {
  problem: StartupProblem;
  /** The desk's transfer file can mend it (a missing key or settings file). */
  recoverable: boolean;
  /** Ask main again (after IT fixed something, or after a recovery). */
  onRetry: () => void;
}

/**
 * The desk refused to start: what failed and what IT should do, in the desk's languages, instead
 * of a window that never opens. A missing key or settings file is recovered here from the desk's
 * transfer file; main checks the file belongs to these records before it writes anything.
 */
export function StartupProblemScreen({ problem, recoverable, onRetry }: StartupProblemScreenProps) {
  const { t } = useTranslation();
  return (
    <Screen name="startupError" layout="wide" title={t('startup.title')}>
      <section className="card startup-problem">
        <h2>{t('startup.whatFailed')}</h2>
        <p data-problem={problem}>{t(`startup.what.${problem}`)}</p>
        <h2>{t('startup.whatToDo')}</h2>
        <p>{t(`startup.todo.${problem}`)}</p>
        <p className="muted">{t('startup.logNote')}</p>
      </section>
      {recoverable ? <RecoverForm onRecovered={onRetry} /> : null}
      <div className="actions">
        <button type="button" className="btn btn--huge" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      </div>
    </Screen>
  );
}

function RecoverForm({ onRecovered }: { onRecovered: () => void }) {
  const { t } = useTranslation();
  const form = usePassphraseSubmit((k, passphrase) => k.setupRecover({ passphrase }), onRecovered, [
    'DECRYPT_FAILED',
    'KEY_INVALID',
  ]);

  return (
    <form className="form card" onSubmit={(e) => void form.submit(e)} noValidate>
      <h2>{t('startup.recoverTitle')}</h2>
      <p>{t('startup.recoverLead')}</p>
      <TextField
        label={t('startup.passphrase')}
        type="password"
        value={form.passphrase}
        onChange={(e) => form.type(e.target.value)}
        error={form.missing ? t('startup.noPassphrase') : null}
        autoComplete="off"
        maxLength={256}
      />
      <ErrorNote
        code={form.error}
        own={{
          DECRYPT_FAILED: t('startup.wrongPassphrase'),
          KEY_INVALID: t('startup.wrongPassphrase'),
          KEY_WRONG: t('startup.otherDesk'),
        }}
      />
      <div className="actions actions--end">
        <button type="submit" className="btn btn--primary btn--huge" disabled={form.busy}>
          {form.busy ? t('startup.recovering') : t('startup.recover')}
        </button>
      </div>
    </form>
  );
}
