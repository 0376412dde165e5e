import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, mainWindowOptions } from '../../../src/main/window.ts';

const electron = vi.hoisted(() => {
  const windows: { options: unknown; loaded: string[]; once: string[] }[] = [];
  class FakeBrowserWindow {
    readonly record: { options: unknown; loaded: string[]; once: string[] };
    constructor(options: unknown) {
      this.record = { options, loaded: [], once: [] };
      windows.push(this.record);
    }
    once(event: string): this {
      this.record.once.push(event);
      return this;
    }
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return { windows, FakeBrowserWindow };
});

vi.mock('electron', () => ({ BrowserWindow: electron.FakeBrowserWindow }));

const PRELOAD = '/opt/tanu/out/preload/index.cjs';

beforeEach(() => {
  electron.windows.length = 0;
});

describe('mainWindowOptions', () => {
  describe.each([true, false])('isPackaged: %s', (isPackaged) => {
    const options = mainWindowOptions({ isPackaged, preloadPath: PRELOAD });
    const web = options.webPreferences ?? {};

    it('isolates the page: context isolation, sandbox, no Node anywhere, no <webview>', () => {
      expect(web.contextIsolation).toBe(true);
      expect(web.sandbox).toBe(true);
      expect(web.nodeIntegration).toBe(false);
      expect(web.nodeIntegrationInWorker).toBe(false);
      expect(web.nodeIntegrationInSubFrames).toBe(false);
      expect(web.webviewTag).toBe(false);
      expect(web.webSecurity).toBe(true);
      expect(web.allowRunningInsecureContent).toBe(false);
      expect(web.experimentalFeatures).toBe(false);
    });

    it('loads the given preload', () => {
      expect(web.preload).toBe(PRELOAD);
    });

    it(isPackaged ? 'is a kiosk without devtools' : 'is an ordinary window with devtools', () => {
      expect(options.kiosk).toBe(isPackaged);
      expect(web.devTools).toBe(!isPackaged);
    });

    it('stays hidden until the first paint', () => {
      expect(options.show).toBe(false);
    });
  });

  it('sets nothing that would weaken the defaults', () => {
    const web = mainWindowOptions({ isPackaged: true, preloadPath: PRELOAD }).webPreferences ?? {};
    for (const key of [
      'additionalArguments',
      'partition',
      'session',
      'enableBlinkFeatures',
      'plugins',
    ] as const) {
      expect(web).not.toHaveProperty(key);
    }
  });
});

describe('createMainWindow', () => {
  it.each([true, false])('builds its one window from mainWindowOptions (isPackaged: %s)', (isPackaged) => {
    createMainWindow({ isPackaged, devRendererUrl: null });
    expect(electron.windows).toHaveLength(1);
    const record = electron.windows[0];
    const options = record?.options as ReturnType<typeof mainWindowOptions>;
    const preloadPath = options.webPreferences?.preload ?? '';
    expect(preloadPath).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(options).toEqual(mainWindowOptions({ isPackaged, preloadPath }));
    expect(record?.once).toContain('ready-to-show');
  });

  it('loads app://tanu when there is no dev server, and the dev server otherwise', () => {
    createMainWindow({ isPackaged: true, devRendererUrl: null });
    createMainWindow({ isPackaged: false, devRendererUrl: 'http://localhost:5173/' });
    expect(electron.windows.map((window) => window.loaded)).toEqual([
      ['app://tanu/index.html'],
      ['http://localhost:5173/'],
    ]);
  });
});
