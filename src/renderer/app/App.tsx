import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall, onSignedOut } from '../api/kiosk-call.ts';
import type { OperatorView } from '../api/types.ts';
import { Screen } from '../components/Screen.tsx';
import { useErrorText } from '../i18n/error-text.ts';
import { i18n } from '../i18n/index.ts';
import { SetupScreen } from '../features/setup/SetupScreen.tsx';
import { StartupProblemScreen } from '../features/startup/StartupProblemScreen.tsx';
import type { StartupProblem } from '../../shared/startup-problems.ts';
import { SignInScreen } from '../features/sign-in/SignInScreen.tsx';
import { AppHeader } from './AppHeader.tsx';
import { IdleCountdown } from './IdleCountdown.tsx';
import { PasswordAgain } from './PasswordAgain.tsx';
import type { Desk, DeskLanguages } from './desk.ts';
import { DeskContext } from './desk.ts';
import { RoleHome } from './RoleHome.tsx';
import { SyncBanner } from './SyncBanner.tsx';
import './app.css';

type AppState =
  | { kind: 'loading' }
  | { kind: 'startupError'; code: string }
  | { kind: 'startupProblem'; problem: StartupProblem; recoverable: boolean }
  | { kind: 'setup' }
  /** `ended`: why the desk ended the last session itself (said on the sign-in screen). */
  | { kind: 'signIn'; ended?: string }
  | { kind: 'signedIn'; operator: OperatorView };

/** Switches the screen to the desk's default language, and says when it has. */
async function startIn(languages: DeskLanguages | null): Promise<void> {
  if (languages !== null && i18n.resolvedLanguage !== languages.default) {
    await i18n.changeLanguage(languages.default);
  }
}

/**
 * Where the desk is: a fresh machine sets itself up first (or takes over a moved desk); otherwise
 * someone signs in and lands on their role's home. Main is the source of truth (a reload finds the
 * signed-in operator again). The desk starts in its default language and shows clinic time.
 */
export function App() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, setState] = useState<AppState>({ kind: 'loading' });
  const [clinicName, setClinicName] = useState<string | null>(null);
  const [bootAttempt, setBootAttempt] = useState(0);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [languages, setDeskLanguages] = useState<DeskLanguages | null>(null);

  const setLanguages = useCallback((next: DeskLanguages) => {
    setDeskLanguages(next);
    // The language on screen was switched off: the desk's default takes its place.
    const current = i18n.resolvedLanguage ?? '';
    if (!(next.enabled as readonly string[]).includes(current)) void i18n.changeLanguage(next.default);
  }, []);
  const desk = useMemo<Desk>(
    () => ({ timeZone, languages, setLanguages }),
    [timeZone, languages, setLanguages],
  );

  useEffect(() => {
    let current = true;
    void (async () => {
      const status = await kioskCall((k) => k.setupStatus());
      if (!current) return;
      if (!status.ok) {
        setState({ kind: 'startupError', code: status.code });
        return;
      }
      if (status.value.problem !== null) {
        setState({
          kind: 'startupProblem',
          problem: status.value.problem,
          recoverable: status.value.recoverable,
        });
        return;
      }
      if (status.value.needed) {
        setState({ kind: 'setup' });
        return;
      }
      await startIn(status.value.languages);
      if (!current) return;
      setTimeZone(status.value.timeZone);
      setDeskLanguages(status.value.languages);
      setClinicName(status.value.clinicName);
      const session = await kioskCall((k) => k.sessionCurrent());
      if (!current) return;
      setState(
        session.ok && session.value !== null
          ? { kind: 'signedIn', operator: session.value }
          : { kind: 'signIn' },
      );
    })();
    return () => {
      current = false;
    };
  }, [bootAttempt]);

  // Main ended the session (idle, account locked, restarted): back to the sign-in screen, saying why.
  useEffect(
    () =>
      onSignedOut((code) =>
        setState((s) =>
          s.kind !== 'signedIn'
            ? s
            : code === 'NOT_SIGNED_IN'
              ? { kind: 'signIn' }
              : { kind: 'signIn', ended: code },
        ),
      ),
    [],
  );

  const signOut = useCallback(() => {
    void kioskCall((k) => k.sessionSignOut()).then(() => setState({ kind: 'signIn' }));
  }, []);

  const signedIn = useCallback((operator: OperatorView) => setState({ kind: 'signedIn', operator }), []);

  const restart = useCallback(() => {
    setState({ kind: 'loading' });
    setBootAttempt((n) => n + 1);
  }, []);

  /** After the first-start setup: the zone and languages it wrote (the screen keeps its language). */
  const loadDesk = useCallback(async () => {
    const status = await kioskCall((k) => k.setupStatus());
    if (!status.ok) return;
    setTimeZone(status.value.timeZone);
    setDeskLanguages(status.value.languages);
  }, []);

  let content;
  switch (state.kind) {
    case 'loading':
      content = <p className="app__loading">{t('common.loading')}</p>;
      break;
    case 'startupError':
      content = (
        <Screen name="startupError" title={t('startup.title')} lead={errorText(state.code)}>
          <button type="button" className="btn btn--primary btn--huge" autoFocus onClick={restart}>
            {t('common.tryAgain')}
          </button>
        </Screen>
      );
      break;
    case 'startupProblem':
      content = (
        <StartupProblemScreen problem={state.problem} recoverable={state.recoverable} onRetry={restart} />
      );
      break;
    case 'setup':
      content = (
        <SetupScreen
          onDone={(operator, name) => {
            setClinicName(name);
            void loadDesk();
            signedIn(operator);
          }}
          onMoved={restart}
        />
      );
      break;
    case 'signIn':
      content = <SignInScreen onSignedIn={signedIn} ended={state.ended ?? null} />;
      break;
    case 'signedIn':
      content = <RoleHome key={state.operator.id} operator={state.operator} />;
      break;
  }

  return (
    <DeskContext value={desk}>
      <div className="app">
        <AppHeader
          clinicName={clinicName}
          operator={state.kind === 'signedIn' ? state.operator : null}
          onSignOut={signOut}
        />
        {state.kind === 'signIn' || state.kind === 'signedIn' ? <SyncBanner /> : null}
        {state.kind === 'signedIn' ? <IdleCountdown key={state.operator.id} /> : null}
        {state.kind === 'signedIn' ? <PasswordAgain key={`password-${state.operator.id}`} /> : null}
        <main className="app__main">{content}</main>
      </div>
    </DeskContext>
  );
}
