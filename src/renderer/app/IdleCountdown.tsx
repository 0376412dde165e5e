import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../api/kiosk-call.ts';

/** Main decides when the session ends; the screen asks every second so the count is exact. */
const POLL_MS = 1000;
/** Input is reported at most this often while no countdown shows: typing is not a call per key. */
const TOUCH_EVERY_MS = 15_000;

interface IdleState {
  remainingMs: number;
  warningMs: number;
}

/**
 * The desk signs an operator out after a time without an action (main measures it on the desk
 * clock). Typing or touching the screen is an action, reported to main; for the last minute this
 * line counts the seconds down, and "Stay signed in" restarts the time. When main has signed the
 * operator out, the poll's answer takes the app back to the sign-in screen.
 */
export function IdleCountdown() {
  const { t } = useTranslation();
  const [idle, setIdle] = useState<IdleState | null>(null);
  const warning = idle !== null && idle.remainingMs <= idle.warningMs;
  /** Whether the countdown shows, for the input listener (set where the answer arrives). */
  const warningRef = useRef(false);
  const mounted = useRef(true);

  const read = useCallback(async () => {
    const result = await kioskCall((k) => k.sessionIdle());
    if (!mounted.current || !result.ok) return;
    warningRef.current = result.value.remainingMs <= result.value.warningMs;
    setIdle(result.value);
  }, []);

  const touch = useCallback(async () => {
    await kioskCall((k) => k.sessionTouch());
    await read();
  }, [read]);

  useEffect(() => {
    mounted.current = true;
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      mounted.current = false;
      clearInterval(timer);
    };
  }, [read]);

  useEffect(() => {
    let last = Date.now();
    const onInput = () => {
      const now = Date.now();
      if (!warningRef.current && now - last < TOUCH_EVERY_MS) return;
      last = now;
      void touch();
    };
    window.addEventListener('pointerdown', onInput, true);
    window.addEventListener('keydown', onInput, true);
    return () => {
      window.removeEventListener('pointerdown', onInput, true);
      window.removeEventListener('keydown', onInput, true);
    };
  }, [touch]);

  if (!warning) return null;
  const seconds = Math.ceil(idle.remainingMs / 1000);
  return (
    <div className="idle-countdown notice notice--warn" role="timer" data-idle-seconds={seconds}>
      <p className="idle-countdown__text">{t('idle.countdown', { seconds })}</p>
      <button type="button" className="btn btn--primary" onClick={() => void touch()}>
        {t('idle.stay')}
      </button>
    </div>
  );
}
