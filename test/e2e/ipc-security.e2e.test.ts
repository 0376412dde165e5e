/**
 * The IPC gate seen from Chromium: the built renderer, served with the production CSP, calls the
 * real router through window.kiosk. Malformed, unknown and oversized calls are refused before any
 * handler runs and change nothing; a page of another origin, or a frame inside our own page, is
 * refused on every channel.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp.ts';
import { IPC_CONTRACT } from '../../src/shared/ipc/channels.ts';
import { kioskMethodBindings } from '../../src/shared/ipc/contract-kit.ts';
import { FRAME_MAX_BYTES } from '../../src/shared/ipc/common-schemas.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { databaseFingerprint } from './support/db-fingerprint.ts';
import { APP_VERSION, OPERATORS, openKioskFixture, type KioskFixture } from './support/kiosk-fixture.ts';
import { callKiosk, KioskPage, launchKioskBrowser, type KioskWindow } from './support/kiosk-page.ts';
import { rendererDir } from './support/renderer-dir.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const tempDir = useTempDir('e2e-ipc');

/** Test pages on our own origin: a host whose iframe is of our origin too. */
const FRAME_PAGES = {
  '/__e2e/host.html': {
    html: '<!doctype html><title>host</title><iframe src="/__e2e/framed.html"></iframe>',
    csp: "default-src 'none'; frame-src 'self'",
  },
  '/__e2e/framed.html': {
    html: '<!doctype html><title>framed</title><p>framed</p>',
    csp: "default-src 'none'; frame-ancestors 'self'",
  },
};

const ALL_METHODS = kioskMethodBindings(IPC_CONTRACT).map((b) => b.method);

let server: StaticServer;
let foreignServer: StaticServer;
let fixture: KioskFixture;
let browser: Browser;
let kiosk: KioskPage;

beforeAll(async () => {
  const root = rendererDir();
  server = await startStaticServer(root, FRAME_PAGES);
  foreignServer = await startStaticServer(root);
  fixture = await openKioskFixture({ dir: tempDir(), trustedOrigin: server.origin });
  browser = await launchKioskBrowser({ camera: null });
  kiosk = await KioskPage.open(browser, { router: fixture.router, url: server.indexUrl });
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await server?.close();
  await foreignServer?.close();
});

afterEach(() => {
  // The legitimate page stays free of console errors and CSP violations whatever was refused.
  kiosk.assertClean();
});

async function signInDoctorAndStartVisit(): Promise<string> {
  const { login, secret } = OPERATORS.doctor;
  const signedIn = await kiosk.call('sessionSignIn', { login, secret });
  expect(signedIn).toMatchObject({ ok: true, value: { role: 'doctor' } });
  const visit = await kiosk.call('visitStart');
  if (!visit.ok) throw new Error(`visit:start failed: ${visit.code}`);
  return visit.value.visitId;
}

describe('the served renderer', () => {
  it('is served with the production CSP and reaches main through a frozen window.kiosk', async () => {
    const response = await kiosk.page.request.get(server.indexUrl);
    expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await expect(kiosk.call('appGetVersion')).resolves.toEqual({ ok: true, value: APP_VERSION });
    const shape = await kiosk.page.evaluate(() => {
      'use strict';
      const w = globalThis as unknown as { kiosk: Record<string, unknown> };
      const descriptor = Object.getOwnPropertyDescriptor(w, 'kiosk');
      let overwritten = false;
      try {
        w.kiosk.appGetVersion = () => 'forged';
        overwritten = true;
      } catch {
        // A frozen object throws in strict code.
      }
      return {
        methods: Object.keys(w.kiosk).sort(),
        frozen: Object.isFrozen(w.kiosk),
        writable: descriptor?.writable,
        configurable: descriptor?.configurable,
        overwritten,
      };
    });
    expect(shape).toEqual({
      methods: [...ALL_METHODS].sort(),
      frozen: true,
      writable: false,
      configurable: false,
      overwritten: false,
    });
  });
});

describe('refused calls from our own page', () => {
  it('answers INVALID_PAYLOAD to malformed payloads and changes nothing in the database', async () => {
    const visitId = await signInDoctorAndStartVisit();
    const db = fixture.runtime.services().store.connection;
    const before = databaseFingerprint(db);
    const viewBefore = await kiosk.call('visitView', { visitId });
    const malformed: unknown[] = [
      { visitId: 'x', code: 5 },
      { visitId, code: 5 },
      { visitId, code: '123456', extra: true },
      { visitId },
      [visitId, '123456'],
      'visit',
      null,
    ];
    for (const payload of malformed) {
      const answer = await kiosk.page.evaluate(
        (body) => (globalThis as unknown as KioskWindow).kiosk.visitSubmitCode(body),
        payload,
      );
      expect(answer, JSON.stringify(payload)).toEqual({ ok: false, code: 'INVALID_PAYLOAD' });
    }
    await expect(kiosk.call('visitView', { visitId })).resolves.toEqual(viewBefore);
    expect(databaseFingerprint(db)).toBe(before);
  });

  it('answers UNKNOWN_CHANNEL to a channel outside the contract, through the raw binding', async () => {
    for (const channel of [
      'visit:deleteEverything',
      'app:getversion',
      '__proto__',
      'constructor',
      42,
      null,
    ]) {
      await expect(kiosk.invokeRaw(channel, undefined), String(channel)).resolves.toEqual({
        ok: false,
        code: 'UNKNOWN_CHANNEL',
      });
    }
  });

  it('answers PAYLOAD_TOO_LARGE to an oversized frame or text, before any schema or handler', async () => {
    const visitId = await signInDoctorAndStartVisit();
    const db = fixture.runtime.services().store.connection;
    const before = databaseFingerprint(db);
    const answers = await kiosk.page.evaluate(
      async ([id, frameCap]) => {
        const k = (globalThis as unknown as KioskWindow).kiosk;
        return [
          await k.visitSubmitFrame({
            visitId: id,
            frame: { width: 640, height: 480, data: new Uint8Array(frameCap + 1) },
          }),
          await k.sessionSignIn({ login: 'x'.repeat(300 * 1024), secret: 'y' }),
        ];
      },
      [visitId, FRAME_MAX_BYTES] as const,
    );
    expect(answers).toEqual([
      { ok: false, code: 'PAYLOAD_TOO_LARGE' },
      { ok: false, code: 'PAYLOAD_TOO_LARGE' },
    ]);
    expect(databaseFingerprint(db)).toBe(before);
  });
});

describe('untrusted senders', () => {
  it('refuses every channel to the renderer served from a foreign origin, signed-in doctor or not', async () => {
    await signInDoctorAndStartVisit();
    const db = fixture.runtime.services().store.connection;
    const before = databaseFingerprint(db);
    const foreign = await KioskPage.open(browser, { router: fixture.router, url: foreignServer.indexUrl });
    try {
      const answers = await foreign.page.evaluate(
        async (doctor) => {
          const k = (globalThis as unknown as { kiosk: Record<string, (p?: unknown) => Promise<unknown>> })
            .kiosk;
          const out: Record<string, unknown> = {};
          for (const method of Object.keys(k)) out[method] = await k[method]?.();
          out['sessionSignIn+credentials'] = await k.sessionSignIn?.(doctor);
          return out;
        },
        { login: OPERATORS.doctor.login, secret: OPERATORS.doctor.secret },
      );
      expect(Object.keys(answers)).toEqual([...ALL_METHODS, 'sessionSignIn+credentials']);
      for (const [method, answer] of Object.entries(answers)) {
        expect(answer, method).toEqual({ ok: false, code: 'UNTRUSTED_SENDER' });
      }
      expect(fixture.routerLog.warn).toContain('[ipc] app:getVersion refused: untrusted sender');
    } finally {
      await foreign.close();
    }
    expect(databaseFingerprint(db)).toBe(before);
  });

  it('refuses a frame inside a page of our own origin, while that page itself is trusted', async () => {
    const host = await KioskPage.open(browser, {
      router: fixture.router,
      url: `${server.origin}/__e2e/host.html`,
    });
    try {
      const framed = host.page.frames().find((f) => f !== host.page.mainFrame());
      if (framed === undefined) throw new Error('the iframe did not load');
      expect(framed.url()).toBe(`${server.origin}/__e2e/framed.html`);
      await expect(callKiosk(host.page, 'appGetVersion')).resolves.toEqual({ ok: true, value: APP_VERSION });
      await expect(callKiosk(framed, 'appGetVersion')).resolves.toEqual({
        ok: false,
        code: 'UNTRUSTED_SENDER',
      });
      await expect(callKiosk(framed, 'sessionCurrent')).resolves.toEqual({
        ok: false,
        code: 'UNTRUSTED_SENDER',
      });
      host.assertClean();
    } finally {
      await host.close();
    }
  });
});
