/**
 * The built renderer in Debian's Chromium, wired to the real router: window.kiosk (installed by
 * an init script, as the preload would) calls a Playwright binding that hands the call to
 * `router.dispatch` in the test process, with the calling frame as the sender. The webcam is
 * Chromium's fake device fed by a .y4m file, or absent.
 *
 * Every page records console errors, uncaught page errors and CSP violations; `assertClean()`
 * fails the test if there were any.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Frame,
  type Locator,
  type Page,
} from 'playwright-core';
import type { IpcRouter } from '../../../src/main/ipc/router.ts';
import { IPC_CONTRACT, type KioskApi } from '../../../src/shared/ipc/channels.ts';
import { kioskMethodBindings } from '../../../src/shared/ipc/contract-kit.ts';
import { LANGUAGES, type Language } from '../../../src/shared/languages.ts';
import { ROOT } from '../../support/paths.ts';
import {
  CSP_BINDING,
  INVOKE_BINDING,
  installKioskBridge,
  type BridgeScriptArg,
  type CspViolation,
} from './bridge-script.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENS_DIR = join(ROOT, 'artifacts', 'screens');
/** The kiosk window's size (src/main/window.ts). */
export const KIOSK_VIEWPORT = { width: 1280, height: 800 };

export { LANGUAGES, type Language };

export interface KioskBrowserOptions {
  /** A .y4m file for the fake webcam, or null for a machine with no camera at all. */
  camera: string | null;
}

/**
 * One headless Chromium per test file. Without a camera file no fake-device flag is passed:
 * headless Chromium then has no video input and getUserMedia fails with NotFoundError.
 */
export function launchKioskBrowser(options: KioskBrowserOptions): Promise<Browser> {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
  if (options.camera !== null) {
    args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.camera}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args, headless: true });
}

/** The router as the page sees it. */
export type KioskDispatch = Pick<IpcRouter, 'dispatch'>;

export interface KioskPageOptions {
  router: KioskDispatch;
  /** The page to open (the renderer's index.html, or a test page). */
  url: string;
  /** Grant the camera to this origin (the kiosk's); omitted: no permission granted. */
  cameraOrigin?: string;
}

export type KioskMethodName = keyof KioskApi & string;

/**
 * window.kiosk as page-side test code may call it: every method, any payload (the point of a
 * malformed call). Use as `(globalThis as unknown as KioskWindow).kiosk` inside page.evaluate.
 */
export interface KioskWindow {
  kiosk: { readonly [M in KioskMethodName]: (payload?: unknown) => Promise<unknown> };
}
type KioskArgs<M extends KioskMethodName> = Parameters<KioskApi[M]>;
type KioskAnswer<M extends KioskMethodName> = Awaited<ReturnType<KioskApi[M]>>;

/** Calls window.kiosk[method] inside `target` (a page or one of its frames), as the renderer would. */
export function callKiosk<M extends KioskMethodName>(
  target: Page | Frame,
  method: M,
  ...args: KioskArgs<M>
): Promise<KioskAnswer<M>> {
  return target.evaluate(
    ([name, list]) => {
      const kiosk = (globalThis as unknown as { kiosk?: Record<string, (...a: unknown[]) => unknown> }).kiosk;
      const fn = kiosk?.[name];
      if (typeof fn !== 'function') throw new Error(`window.kiosk.${name} is missing`);
      return fn(...list);
    },
    [method, args as unknown[]] as const,
  ) as Promise<KioskAnswer<M>>;
}

export class KioskPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and CSP violations, in order. */
  readonly problems: string[] = [];

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  static async open(browser: Browser, options: KioskPageOptions): Promise<KioskPage> {
    const context = await browser.newContext({ viewport: KIOSK_VIEWPORT, locale: 'kk-KZ' });
    if (options.cameraOrigin !== undefined) {
      await context.grantPermissions(['camera'], { origin: options.cameraOrigin });
    }
    const page = await context.newPage();
    const kiosk = new KioskPage(context, page);
    await context.exposeBinding(INVOKE_BINDING, (source, channel: unknown, payload: unknown) =>
      options.router.dispatch(
        channel,
        // The calling frame, as Electron's senderFrame would report it.
        { url: source.frame.url(), isMainFrame: source.frame.parentFrame() === null },
        payload,
      ),
    );
    await context.exposeBinding(CSP_BINDING, (source, violation: CspViolation) => {
      kiosk.problems.push(
        `CSP violation in ${source.frame.url()}: ${violation.directive} blocked ${violation.blockedUri} (${violation.source})`,
      );
    });
    const arg: BridgeScriptArg = {
      bindings: kioskMethodBindings(IPC_CONTRACT),
      invokeBinding: INVOKE_BINDING,
      cspBinding: CSP_BINDING,
    };
    await context.addInitScript(installKioskBridge, arg);
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' || /Content[- ]Security[- ]Policy/i.test(text)) {
        const where = message.location().url;
        kiosk.problems.push(`console.${message.type()}: ${text}${where ? ` (${where})` : ''}`);
      }
    });
    page.on('pageerror', (error) => kiosk.problems.push(`page error: ${error.name}: ${error.message}`));
    page.on('crash', () => kiosk.problems.push('the page crashed'));
    await page.goto(options.url);
    return kiosk;
  }

  /** window.kiosk[method](...args) in the page's main frame. */
  call<M extends KioskMethodName>(method: M, ...args: KioskArgs<M>): Promise<KioskAnswer<M>> {
    return callKiosk(this.page, method, ...args);
  }

  /** The raw binding, bypassing window.kiosk: any channel name, any payload. */
  invokeRaw(channel: unknown, payload?: unknown): Promise<unknown> {
    return this.page.evaluate(
      ([name, channelName, body]) =>
        (globalThis as unknown as Record<string, (c: unknown, p: unknown) => Promise<unknown>>)[name]?.(
          channelName,
          body,
        ),
      [INVOKE_BINDING, channel, payload] as const,
    );
  }

  /** Fails the test with every console error, page error and CSP violation seen so far. */
  assertClean(): void {
    if (this.problems.length > 0) {
      throw new Error(`The page was not clean:\n  ${this.problems.join('\n  ')}`);
    }
  }

  /** A screen's root: screens mark it `data-screen="<name>"` (src/renderer/components/Screen.tsx). */
  screen(name: string): Locator {
    return this.page.locator(`[data-screen="${name}"]`);
  }

  /** Waits until `name` is the screen shown; fails with the screen that is shown instead. */
  async waitForScreen(name: string, timeoutMs = 15_000): Promise<Locator> {
    const root = this.screen(name);
    try {
      await root.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      const shown = await this.page
        .locator('[data-screen]')
        .evaluateAll((nodes) =>
          nodes.map((n) => (n as unknown as { dataset: { screen?: string } }).dataset.screen),
        );
      throw new Error(`Expected screen "${name}", shown: ${JSON.stringify(shown)}`, { cause: error });
    }
    return root;
  }

  /** Switches the UI language with a visible language switcher (each button carries its lang). */
  async setLanguage(language: Language): Promise<void> {
    await this.page.locator(`.language-switcher button[lang="${language}"]:visible`).first().click();
    const htmlLang = () =>
      this.page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
            .documentElement.lang,
      );
    // The app sets <html lang> when i18next has switched (src/renderer/i18n/index.ts).
    for (const started = Date.now(); (await htmlLang()) !== language;) {
      if (Date.now() - started > 5000) {
        throw new Error(`The page stayed in "${await htmlLang()}" after choosing "${language}"`);
      }
      await this.page.waitForTimeout(50);
    }
  }

  /** Saves the page as artifacts/screens/<lang>/<screen>.png (git-ignored); returns the path. */
  async screenshot(language: Language, screen: string): Promise<string> {
    if (!/^[a-z0-9][a-zA-Z0-9-]*$/.test(screen)) throw new Error(`odd screen name ${JSON.stringify(screen)}`);
    const dir = join(SCREENS_DIR, language);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${screen}.png`);
    await this.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    return path;
  }

  /** The current screen, switched to each language in turn and saved under its name. */
  async screenshotInEveryLanguage(screen: string): Promise<void> {
    for (const language of LANGUAGES) {
      await this.setLanguage(language);
      await this.screenshot(language, screen);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
