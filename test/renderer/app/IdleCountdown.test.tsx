/**
 * The idle countdown, in each of the desk's languages, against a stubbed window.kiosk that answers
 * as main does: nothing shows until the last minute; then the seconds count down on screen, and
 * "Stay signed in" (or any key) tells main the operator is here. When main has ended the session,
 * the answer reaches the app's sign-out listener with the reason, and the sign-in screen says it.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kioskCall, onSignedOut } from '../../../src/renderer/api/kiosk-call.ts';
import { IdleCountdown } from '../../../src/renderer/app/IdleCountdown.tsx';
import { SignInScreen } from '../../../src/renderer/features/sign-in/SignInScreen.tsx';
import { i18n } from '../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../src/shared/ipc/channels.ts';
import { LANGUAGES } from '../../../src/shared/languages.ts';

const WARNING_MS = 60_000;

/** Main's side: the time left, counted down by the fake timers; a touch restarts it. */
function stubMain(startMs: number, idleMs = 10 * 60_000) {
  const main = { remainingMs: startMs, touches: 0, ended: null as string | null };
  vi.stubGlobal('kiosk', {
    sessionIdle: () =>
      Promise.resolve(
        main.ended !== null
          ? { ok: false, code: main.ended }
          : { ok: true, value: { remainingMs: main.remainingMs, warningMs: WARNING_MS } },
      ),
    sessionTouch: () => {
      main.touches += 1;
      main.remainingMs = idleMs;
      return Promise.resolve({ ok: true, value: null });
    },
  } as Partial<KioskApi>);
  return main;
}

/** One second passes at main and on screen. */
async function second(main: { remainingMs: number }): Promise<void> {
  main.remainingMs = Math.max(0, main.remainingMs - 1000);
  await act(async () => {
    await vi.advanceTimersByTimeAsync(1000);
  });
}

const countdown = () => document.querySelector('[data-idle-seconds]');

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe.each(LANGUAGES)('the idle countdown in %s', (language) => {
  const texts = LOCALES[language].idle;

  it('shows nothing before the last minute, then counts the seconds down', async () => {
    await i18n.changeLanguage(language);
    const main = stubMain(62_000);
    await act(async () => {
      render(<IdleCountdown />);
    });
    expect(countdown()).toBeNull();
    await second(main);
    expect(countdown()).toBeNull();
    await second(main);
    expect(countdown()?.getAttribute('data-idle-seconds')).toBe('60');
    screen.getByText(texts.countdown.replace('{{seconds}}', '60'));
    for (let n = 0; n < 15; n += 1) await second(main);
    screen.getByText(texts.countdown.replace('{{seconds}}', '45'));
    expect(main.touches).toBe(0);
  });

  it('"Stay signed in" restarts the time at main and the countdown goes away', async () => {
    await i18n.changeLanguage(language);
    const main = stubMain(20_000);
    await act(async () => {
      render(<IdleCountdown />);
    });
    expect(countdown()?.getAttribute('data-idle-seconds')).toBe('20');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.stay }));
    });
    expect(main.touches).toBe(1);
    expect(countdown()).toBeNull();
  });
});

describe('input at the desk', () => {
  it('a key during the countdown is reported at once; otherwise at most every 15 seconds', async () => {
    const main = stubMain(5 * 60_000);
    await act(async () => {
      render(<IdleCountdown />);
    });
    // Just signed in (an action already): typing now is not a call per key.
    await act(async () => {
      fireEvent.keyDown(window, { key: 'a' });
    });
    expect(main.touches).toBe(0);
    for (let n = 0; n < 15; n += 1) await second(main);
    await act(async () => {
      fireEvent.keyDown(window, { key: 'b' });
      fireEvent.pointerDown(window);
    });
    expect(main.touches).toBe(1);

    main.remainingMs = 30_000;
    await second(main);
    expect(countdown()).not.toBeNull();
    await act(async () => {
      fireEvent.keyDown(window, { key: 'c' });
    });
    expect(main.touches).toBe(2);
    expect(countdown()).toBeNull();
  });

  it('when main ended the session, the app hears why and the sign-in screen says it', async () => {
    await i18n.changeLanguage('ru');
    const main = stubMain(3000);
    const heard: string[] = [];
    const stop = onSignedOut((code) => heard.push(code));
    await act(async () => {
      render(<IdleCountdown />);
    });
    main.ended = 'SESSION_EXPIRED';
    await second(main);
    stop();
    expect(heard).toEqual(['SESSION_EXPIRED']);
    // Any other failure is not a sign-out.
    vi.stubGlobal('kiosk', { sessionIdle: () => Promise.resolve({ ok: false, code: 'INTERNAL' }) });
    await kioskCall((k) => k.sessionIdle());
    expect(heard).toEqual(['SESSION_EXPIRED']);

    render(<SignInScreen onSignedIn={() => undefined} ended="SESSION_EXPIRED" />);
    screen.getByText(LOCALES.ru.errors.SESSION_EXPIRED);
  });
});
