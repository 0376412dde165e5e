/**
 * The production kiosk window, with Electron mocked at the event level: the shortcuts that would
 * close, reload, minimise or inspect it are swallowed (on any keyboard layout), its close is refused
 * until an admin quits or the OS ends the session, and a minimised or hidden window comes back.
 */
import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { isBlockedShortcut, type KeyInput } from '../../../src/main/kiosk/blocked-shortcuts.ts';
import {
  KioskQuitGate,
  lockDownWindow,
  type LockableWindow,
} from '../../../src/main/kiosk/kiosk-lockdown.ts';

const key = (k: string, code: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  code,
  control: false,
  alt: false,
  meta: false,
  shift: false,
  ...mods,
});
const ctrl = { control: true };

describe('isBlockedShortcut', () => {
  it.each([
    ['Ctrl+W', key('w', 'KeyW', ctrl)],
    ['Ctrl+W on a Russian layout (ц)', key('ц', 'KeyW', ctrl)],
    ['Ctrl+W on a Kazakh layout (ц)', key('ц', 'KeyW', ctrl)],
    ['Ctrl+R', key('r', 'KeyR', ctrl)],
    ['Ctrl+Shift+R', key('R', 'KeyR', { control: true, shift: true })],
    ['Ctrl+M', key('m', 'KeyM', ctrl)],
    ['Ctrl+Q', key('q', 'KeyQ', ctrl)],
    ['Ctrl+N', key('n', 'KeyN', ctrl)],
    ['Ctrl+P', key('p', 'KeyP', ctrl)],
    ['Ctrl+F4', key('F4', 'F4', ctrl)],
    ['Cmd+W (macOS)', key('w', 'KeyW', { meta: true })],
    ['Cmd+H (macOS)', key('h', 'KeyH', { meta: true })],
    ['Alt+F4', key('F4', 'F4', { alt: true })],
    ['Alt+Left (history back)', key('ArrowLeft', 'ArrowLeft', { alt: true })],
    ['F5', key('F5', 'F5')],
    ['F11', key('F11', 'F11')],
    ['F12', key('F12', 'F12')],
    ['Ctrl+Shift+I', key('I', 'KeyI', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', 'KeyJ', { control: true, shift: true })],
    ['Cmd+Alt+I (macOS)', key('i', 'KeyI', { meta: true, alt: true })],
    ['the keyboard’s browser Back key', key('BrowserBack', 'BrowserBack')],
  ])('swallows %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each([
    ['typing a letter', key('w', 'KeyW')],
    ['typing Cyrillic', key('ц', 'KeyW')],
    ['Shift+letter', key('W', 'KeyW', { shift: true })],
    ['Ctrl+C (copy)', key('c', 'KeyC', ctrl)],
    ['Ctrl+V (paste)', key('v', 'KeyV', ctrl)],
    ['Ctrl+A (select all)', key('a', 'KeyA', ctrl)],
    ['Ctrl+Z (undo)', key('z', 'KeyZ', ctrl)],
    ['Escape (closes the screens’ dialogs)', key('Escape', 'Escape')],
    ['Tab', key('Tab', 'Tab')],
    ['Enter', key('Enter', 'Enter')],
    ['Backspace', key('Backspace', 'Backspace')],
    ['Alt alone', key('Alt', 'AltLeft', { alt: true })],
    ['digits', key('7', 'Digit7')],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });
});

/** A BrowserWindow stand-in that emits the events Electron would. */
class FakeWindow extends EventEmitter implements LockableWindow {
  readonly webContents = new EventEmitter();
  restore = vi.fn();
  show = vi.fn();
  focus = vi.fn();
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a preventable event and says whether a listener prevented it. */
  prevented(event: string, ...args: unknown[]): boolean {
    const e = { preventDefault: vi.fn() };
    this.emit(event, e, ...args);
    return e.preventDefault.mock.calls.length > 0;
  }
  keyPrevented(input: KeyInput): boolean {
    const e = { preventDefault: vi.fn() };
    this.webContents.emit('before-input-event', e, input);
    return e.preventDefault.mock.calls.length > 0;
  }
}

function lockedWindow() {
  const refused: string[] = [];
  const gate = new KioskQuitGate((what) => refused.push(what));
  const window = new FakeWindow();
  lockDownWindow(window, gate);
  return { window, gate, refused };
}

describe('lockDownWindow', () => {
  it('swallows Ctrl+W, Ctrl+R, Ctrl+M and F12 at the window, and lets typing through', () => {
    const { window } = lockedWindow();
    expect(window.keyPrevented(key('ц', 'KeyW', ctrl))).toBe(true);
    expect(window.keyPrevented(key('r', 'KeyR', ctrl))).toBe(true);
    expect(window.keyPrevented(key('m', 'KeyM', ctrl))).toBe(true);
    expect(window.keyPrevented(key('F12', 'F12'))).toBe(true);
    expect(window.keyPrevented(key('а', 'KeyF'))).toBe(false);
  });

  it('refuses close (Alt+F4, the title bar) until an admin quits, and says so each time', () => {
    const { window, gate, refused } = lockedWindow();
    expect(window.prevented('close')).toBe(true);
    expect(window.prevented('close')).toBe(true);
    expect(refused).toEqual(['close', 'close']);
    gate.allow();
    expect(window.prevented('close')).toBe(false);
  });

  it('lets the OS end the session: a shutdown must never hang on the kiosk', () => {
    const { window, refused } = lockedWindow();
    window.emit('session-end');
    expect(window.prevented('close')).toBe(false);
    expect(refused).toEqual([]);
  });

  it('restores a minimised window and shows a hidden one at once', async () => {
    const { window } = lockedWindow();
    window.emit('minimize');
    window.emit('hide');
    await tick();
    expect(window.restore).toHaveBeenCalledTimes(1);
    expect(window.show).toHaveBeenCalledTimes(1);
    expect(window.focus).toHaveBeenCalledTimes(2);
  });

  it('does not bring back a window that is going away', async () => {
    const { window, gate } = lockedWindow();
    gate.allow();
    window.emit('hide');
    window.destroyed = true;
    window.emit('minimize');
    await tick();
    expect(window.show).not.toHaveBeenCalled();
    expect(window.restore).not.toHaveBeenCalled();
  });
});
