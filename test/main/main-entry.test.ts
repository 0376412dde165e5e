import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_CONTRACT } from '../../src/shared/ipc/channels.ts';
import { writeConfigFile } from '../../src/core/config/config-file.ts';
import { defaultKioskConfig } from '../../src/core/config/kiosk-config.ts';
import { ROOT } from '../support/paths.ts';

// Packaged layout: the decision rule sits in resources/; userData is a fresh folder.
Object.assign(process, { resourcesPath: join(ROOT, 'resources') });
const USER_DATA = mkdtempSync(join(tmpdir(), 'tanu-main-entry-'));

const electron = vi.hoisted(() => {
  const state = {
    hasLock: true,
    windows: [] as {
      options: { kiosk?: boolean; webPreferences?: { devTools?: boolean } };
      events: Set<string>;
    }[],
    listeners: new Map<string, (...args: unknown[]) => void>(),
  };
  class FakeBrowserWindow {
    readonly #events = new Set<string>();
    constructor(options: (typeof state.windows)[number]['options']) {
      state.windows.push({ options, events: this.#events });
    }
    on(event: string): this {
      this.#events.add(event);
      return this;
    }
    once(): this {
      return this;
    }
    webContents = { on: (event: string) => this.#events.add(`webContents:${event}`) };
    isDestroyed(): boolean {
      return false;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  const fn = () => vi.fn();
  return {
    state,
    module: {
      app: {
        isPackaged: true,
        requestSingleInstanceLock: vi.fn(() => state.hasLock),
        quit: fn(),
        exit: fn(),
        enableSandbox: fn(),
        getVersion: () => '0.1.0',
        getAppPath: () => ROOT,
        getPath: () => USER_DATA,
        setPath: fn(),
        on: vi.fn((event: string, listener: (...args: unknown[]) => void) => {
          state.listeners.set(event, listener);
        }),
        whenReady: vi.fn(() => Promise.resolve()),
        setLoginItemSettings: fn(),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: fn(),
          setPermissionCheckHandler: fn(),
          setDevicePermissionHandler: fn(),
          setDisplayMediaRequestHandler: fn(),
        },
      },
      protocol: { registerSchemesAsPrivileged: fn(), handle: fn() },
      Menu: { setApplicationMenu: vi.fn<(menu: null) => void>() },
      powerMonitor: { on: fn() },
      net: { fetch: fn() },
      ipcMain: { handle: vi.fn<(channel: string, listener: unknown) => void>() },
      BrowserWindow: FakeBrowserWindow,
      dialog: { showErrorBox: vi.fn<(title: string, content: string) => void>() },
      safeStorage: {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: (s: string) => Buffer.from(s, 'utf8'),
        decryptString: (b: Buffer) => b.toString('utf8'),
      },
      // An engine process that exits at once: the kiosk must still open its window.
      utilityProcess: {
        fork: vi.fn(() => ({
          postMessage: fn(),
          kill: () => true,
          on(event: string, listener: (code: number) => void) {
            if (event === 'exit') setTimeout(() => listener(1), 0);
            return this;
          },
        })),
      },
    },
  };
});

vi.mock('electron', () => electron.module);

async function startMain(hasLock: boolean, expectWindow = hasLock): Promise<void> {
  electron.state.hasLock = hasLock;
  electron.state.windows.length = 0;
  electron.state.listeners.clear();
  vi.resetModules();
  await import('../../src/main/index.ts');
  await vi.waitFor(() => {
    if (expectWindow) expect(electron.state.windows.length).toBeGreaterThan(0);
    else if (hasLock) expect(electron.module.app.exit).toHaveBeenCalled();
  });
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('main process entry (electron mocked)', () => {
  it('quits at once when another instance holds the lock', async () => {
    await startMain(false);
    expect(electron.module.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.module.app.whenReady).not.toHaveBeenCalled();
    expect(electron.module.ipcMain.handle).not.toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(0);
  });

  it('wires sandbox, permissions, the contract IPC and one kiosk window', async () => {
    await startMain(true);
    const { app, ipcMain, session } = electron.module;
    expect(app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(
      Object.keys(IPC_CONTRACT).sort(),
    );
    expect(electron.state.windows).toHaveLength(1);
    expect(electron.state.windows[0]?.options.kiosk).toBe(true);
    expect(electron.state.windows[0]?.options.webPreferences?.devTools).toBe(false);
    expect(electron.state.listeners.has('second-instance')).toBe(true);
    expect(electron.state.listeners.has('web-contents-created')).toBe(true);
    // Locked down: no menu, the window's close, minimise, hide and shortcuts are handled.
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect([...(electron.state.windows[0]?.events ?? [])]).toEqual(
      expect.arrayContaining(['close', 'minimize', 'hide', 'session-end', 'webContents:before-input-event']),
    );
    // The start completed: nothing was caught and turned into an exit.
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('in production neither closing the last window nor a quit request ends the kiosk', async () => {
    await startMain(true);
    const { app } = electron.module;
    electron.state.listeners.get('window-all-closed')?.();
    expect(app.quit).not.toHaveBeenCalled();
    // The window was put back instead of leaving the desktop open.
    expect(electron.state.windows).toHaveLength(2);
    const quitRequest = { preventDefault: vi.fn() };
    electron.state.listeners.get('before-quit')?.(quitRequest);
    expect(quitRequest.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('a desk whose database is gone opens its start-up screen instead of dying, and logs why', async () => {
    const config = join(USER_DATA, 'tanu.config.json');
    writeConfigFile(
      config,
      defaultKioskConfig({
        clinicId: 'pol-5',
        clinicName: 'Emkhana 5',
        timeZone: 'Asia/Almaty',
        callNumber: '+7 727 300 00 00',
        deskId: 'desk-1',
      }),
    );
    try {
      await startMain(true);
      expect(electron.module.app.exit).not.toHaveBeenCalled();
      expect(electron.state.windows).toHaveLength(1);
      expect(existsSync(join(USER_DATA, 'tanu.sqlite'))).toBe(false);
      const log = readFileSync(join(USER_DATA, 'logs', 'tanu.log'), 'utf8');
      expect(log).toContain('"startup.refused"');
      expect(log).toContain('DATABASE_MISSING');
    } finally {
      rmSync(config);
    }
  });

  it('refuses to start on a wrong configuration, naming the keys, and opens no window', async () => {
    writeFileSync(
      join(USER_DATA, 'tanu.config.json'),
      JSON.stringify({
        version: 1,
        clinic: { id: 'x', name: 'X', timeZone: 'Mars/Base', callNumber: '112' },
      }),
    );
    try {
      await startMain(true, false);
      expect(electron.module.app.exit).toHaveBeenCalledWith(2);
      const [, text] = electron.module.dialog.showErrorBox.mock.calls[0] ?? [];
      expect(text).toContain('clinic.timeZone: expected an IANA time zone');
      expect(text).toContain('desk: missing');
      expect(electron.state.windows).toHaveLength(0);
    } finally {
      rmSync(join(USER_DATA, 'tanu.config.json'));
    }
  });

  it.skipIf(process.platform === 'win32')(
    "at start narrows an existing desk's 0644 files and folders, and sets a private umask",
    async () => {
      const umask = process.umask(0o022);
      const legacy = join(USER_DATA, 'logs', 'tanu.1.log');
      mkdirSync(join(USER_DATA, 'logs'), { recursive: true });
      chmodSync(join(USER_DATA, 'logs'), 0o755);
      chmodSync(USER_DATA, 0o755);
      writeFileSync(legacy, '{"event":"old"}\n', { mode: 0o644 });
      try {
        await startMain(true);
        expect(statSync(USER_DATA).mode & 0o777).toBe(0o700);
        expect(statSync(join(USER_DATA, 'logs')).mode & 0o777).toBe(0o700);
        expect(statSync(legacy).mode & 0o777).toBe(0o600);
        expect(statSync(join(USER_DATA, 'logs', 'tanu.log')).mode & 0o777).toBe(0o600);
        expect(process.umask(umask)).toBe(0o077); // reads the mask by setting the old one back
      } finally {
        process.umask(umask);
      }
    },
  );
});
