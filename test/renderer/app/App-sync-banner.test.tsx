/**
 * The offline-budget line is on every screen, the sign-in screen included: whoever sits down at a
 * desk that has kept its evidence from the clinic for too long sees it before signing in. The app
 * is rendered whole against a stubbed window.kiosk that answers as main does for a set-up desk
 * with nobody signed in.
 */
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/renderer/app/App.tsx';
import { i18n } from '../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../src/shared/ipc/channels.ts';
import type { SyncState } from '../../../src/shared/ipc/clinic-channels.ts';

function stubSignedOutDesk(sync: SyncState): void {
  vi.stubGlobal('kiosk', {
    setupStatus: () =>
      Promise.resolve({
        ok: true,
        value: {
          needed: false,
          clinicName: 'Емхана №5',
          deskId: 'desk-12',
          timeZone: 'Asia/Almaty',
          languages: { enabled: ['en', 'kk', 'ru'], default: 'en' },
          problem: null,
          recoverable: false,
        },
      }),
    sessionCurrent: () => Promise.resolve({ ok: true, value: null }),
    clinicSyncState: () => Promise.resolve({ ok: true, value: sync }),
  } as Partial<KioskApi>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the sign-in screen', () => {
  it('says the desk is past its offline budget, and nothing while all is well', async () => {
    await i18n.changeLanguage('en');
    stubSignedOutDesk({ mode: 'clinic', state: 'offline', overBudget: { reason: 'hours', amount: 27 } });
    const { unmount } = await act(async () => render(<App />));
    await screen.findByRole('button', { name: LOCALES.en.signIn.submit });
    const line = document.querySelector('[data-sync="over-budget"]');
    expect(line?.textContent).toBe(LOCALES.en.clinicLink.over.hours.replace('{{amount}}', '27'));
    unmount();

    stubSignedOutDesk({ mode: 'clinic', state: 'online', overBudget: null });
    await act(async () => {
      render(<App />);
    });
    await screen.findByRole('button', { name: LOCALES.en.signIn.submit });
    expect(document.querySelector('[data-sync]')).toBeNull();
  });
});
