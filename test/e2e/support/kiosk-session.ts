/**
 * One spec file's kiosk: the built renderer on the static server, a fixture (real runtime, engine,
 * SQLite, fake gateway) trusted for that origin, Chromium with a fake webcam (or none), the page
 * bound to the router, and optionally an operator signed in through the screens. Registered as
 * the file's beforeAll/afterAll, with assertClean after every test (no console error, no CSP
 * violation), so each spec states only what differs.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openKioskFixture, type KioskFixture, type KioskFixtureOptions } from './kiosk-fixture.ts';
import { KioskPage, launchKioskBrowser } from './kiosk-page.ts';
import { signInThroughUi, type Credentials } from './kiosk-ui.ts';
import { rendererDir } from './renderer-dir.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export interface KioskSession {
  server: StaticServer;
  fixture: KioskFixture;
  browser: Browser;
  kiosk: KioskPage;
}

export interface KioskSessionOptions {
  /** A new temp folder for the fixture's database, key and configuration. */
  dir: () => string;
  fixture?: Omit<KioskFixtureOptions, 'dir' | 'trustedOrigin'>;
  /** Registers patients, enrols them… and returns the webcam's .y4m, or null for a desk without one. */
  prepare?: (fixture: KioskFixture) => Promise<string | null> | string | null;
  /** Signs this operator in through the screens, in English, and waits for their home screen. */
  signInAs?: { who: Credentials; home: string };
}

export async function openKioskSession(options: KioskSessionOptions): Promise<KioskSession> {
  const server = await startStaticServer(rendererDir());
  const fixture = await openKioskFixture({
    ...options.fixture,
    dir: options.dir(),
    trustedOrigin: server.origin,
  });
  const camera = (await options.prepare?.(fixture)) ?? null;
  const browser = await launchKioskBrowser({ camera });
  const kiosk = await KioskPage.open(browser, {
    router: fixture.router,
    url: server.indexUrl,
    cameraOrigin: server.origin,
  });
  if (options.signInAs) {
    await kiosk.waitForScreen('signIn');
    await kiosk.setLanguage('en');
    await signInThroughUi(kiosk, options.signInAs.who);
    await kiosk.waitForScreen(options.signInAs.home);
  }
  return { server, fixture, browser, kiosk };
}

export async function closeKioskSession(session: KioskSession | undefined): Promise<void> {
  await session?.browser.close();
  await session?.fixture.close();
  await session?.server.close();
}

/** The file's session: opened before its tests, checked clean after each, closed after all. */
export function useKioskSession(options: KioskSessionOptions): () => KioskSession {
  let session: KioskSession | undefined;
  beforeAll(async () => {
    session = await openKioskSession(options);
  });
  afterEach(() => {
    session?.kiosk.assertClean();
  });
  afterAll(async () => {
    await closeKioskSession(session);
  });
  return () => {
    if (session === undefined) throw new Error('the kiosk session is not open (beforeAll failed?)');
    return session;
  };
}
