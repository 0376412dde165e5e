/**
 * The production kiosk window cannot be closed, reloaded, minimised or hidden from the desk: the
 * patient sits in front of it, and behind it is the desk account's desktop, where any program
 * could unseal the data key. Its close is refused unless an admin quit (audited by the runtime)
 * or the operating system is ending the session; a minimised or hidden window comes straight
 * back; the shortcuts in blocked-shortcuts.ts are swallowed. The OS kiosk setup (docs/INSTALL.md:
 * Assigned Access, a Linux kiosk session) closes what an application cannot: Ctrl+Alt+Del, the
 * Windows key, switching users.
 */
import { isBlockedShortcut, type KeyInput } from './blocked-shortcuts.ts';

/** An Electron event whose default can be prevented. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of BrowserWindow the lock-down uses (tests pass a stand-in). */
export interface LockableWindow {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'minimize' | 'hide' | 'session-end', listener: () => void): unknown;
  isDestroyed(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  webContents: {
    on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  };
}

/** Whether the window may close now, and what to do when it may not. */
export interface QuitGate {
  /** True once an admin quit, or the OS ends the session (shutdown must never be blocked). */
  mayQuit(): boolean;
  /** The OS is ending the session (Windows logoff/shutdown): let the window go. */
  sessionEnding(): void;
  /** A close was refused (logged by the shell). */
  refused(what: string): void;
}

export function lockDownWindow(window: LockableWindow, gate: QuitGate): void {
  window.webContents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  window.on('session-end', () => gate.sessionEnding());
  window.on('close', (event) => {
    if (gate.mayQuit()) return;
    event.preventDefault();
    gate.refused('close');
  });
  // Deferred: restoring inside the minimize handler races the window manager's own animation.
  window.on('minimize', () =>
    setImmediate(() => {
      if (window.isDestroyed()) return;
      window.restore();
      window.focus();
    }),
  );
  window.on('hide', () =>
    setImmediate(() => {
      if (window.isDestroyed() || gate.mayQuit()) return;
      window.show();
      window.focus();
    }),
  );
}

/** The quit gate the shell keeps: closed until an admin quits or the OS ends the session. */
export class KioskQuitGate implements QuitGate {
  #open = false;
  readonly #onRefused: (what: string) => void;

  constructor(onRefused: (what: string) => void) {
    this.#onRefused = onRefused;
  }

  mayQuit(): boolean {
    return this.#open;
  }

  /** After an admin's audited quit. */
  allow(): void {
    this.#open = true;
  }

  sessionEnding(): void {
    this.#open = true;
  }

  refused(what: string): void {
    this.#onRefused(what);
  }
}
