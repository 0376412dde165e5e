/**
 * The password-again dialog against a stubbed window.kiosk that answers as main does: a backup
 * refused PASSWORD_REQUIRED opens the dialog; a wrong password is said and the dialog stays; the
 * right one is confirmed at main and the backup is sent again, once; Cancel leaves it undone.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kioskCall } from '../../../src/renderer/api/kiosk-call.ts';
import { PasswordAgain } from '../../../src/renderer/app/PasswordAgain.tsx';
import { i18n } from '../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../src/shared/ipc/channels.ts';
import { LANGUAGES } from '../../../src/shared/languages.ts';

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Main: the backup needs a fresh password; `password` is the right one. */
function stubMain(password: string) {
  const main = { fresh: false, backups: 0, confirms: [] as string[] };
  vi.stubGlobal('kiosk', {
    adminBackupNow: () => {
      if (!main.fresh) return Promise.resolve({ ok: false, code: 'PASSWORD_REQUIRED' });
      main.backups += 1;
      return Promise.resolve({ ok: true, value: { path: '/backups/desk-12.tanubak' } });
    },
    sessionConfirmPassword: ({ secret }: { secret: string }) => {
      main.confirms.push(secret);
      main.fresh = secret === password;
      return Promise.resolve(
        main.fresh ? { ok: true, value: null } : { ok: false, code: 'AUTHENTICATION_FAILED' },
      );
    },
  } as unknown as Partial<KioskApi>);
  return main;
}

describe.each(LANGUAGES)('the password again in %s', (language) => {
  const texts = LOCALES[language];

  it('asks, says a wrong password, and sends the refused call again once the right one is accepted', async () => {
    await i18n.changeLanguage(language);
    const main = stubMain('long enough secret');
    await act(async () => {
      render(<PasswordAgain />);
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    let backup: Promise<unknown> = Promise.resolve();
    await act(async () => {
      backup = kioskCall((k) => k.adminBackupNow());
    });
    screen.getByRole('heading', { name: texts.passwordAgain.title });
    const field = screen.getByLabelText(texts.passwordAgain.password);
    fireEvent.change(field, { target: { value: 'a wrong guess' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.passwordAgain.confirm }));
    });
    screen.getByText(texts.errors.AUTHENTICATION_FAILED);
    expect((field as HTMLInputElement).value).toBe('');
    fireEvent.change(field, { target: { value: 'long enough secret' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.passwordAgain.confirm }));
    });
    expect(await backup).toEqual({ ok: true, value: { path: '/backups/desk-12.tanubak' } });
    expect(main.confirms).toEqual(['a wrong guess', 'long enough secret']);
    expect(main.backups).toBe(1);
    expect(screen.queryByRole('heading', { name: texts.passwordAgain.title })).toBeNull();
  });

  it('Cancel leaves the action undone, answered as main refused it', async () => {
    await i18n.changeLanguage(language);
    const main = stubMain('long enough secret');
    await act(async () => {
      render(<PasswordAgain />);
    });
    let backup: Promise<unknown> = Promise.resolve();
    await act(async () => {
      backup = kioskCall((k) => k.adminBackupNow());
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.common.cancel }));
    });
    expect(await backup).toEqual({ ok: false, code: 'PASSWORD_REQUIRED' });
    expect(main.backups).toBe(0);
    expect(main.confirms).toEqual([]);
  });
});
