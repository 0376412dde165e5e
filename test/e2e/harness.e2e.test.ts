/**
 * The harness itself: the static server serves files only, under the production CSP, and a page
 * that breaks the CSP, logs an error or throws is caught by assertClean().
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp.ts';
import { KioskPage, launchKioskBrowser } from './support/kiosk-page.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const STRICT = "default-src 'none'";
const PAGES = {
  '/__e2e/inline-script.html': {
    html: '<!doctype html><title>x</title><script>document.title = "ran"</script>',
    csp: STRICT,
  },
  '/__e2e/blank.html': { html: '<!doctype html><title>blank</title>', csp: STRICT },
};

let site: string;
let server: StaticServer;
let browser: Browser;
const noRouter = { dispatch: () => Promise.resolve({ ok: false as const, code: 'INTERNAL' }) };

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'tanu-e2e-site-'));
  site = join(parent, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>index</title>');
  writeFileSync(join(site, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(parent, 'secret.txt'), 'outside the root');
  server = await startStaticServer(site, PAGES);
  browser = await launchKioskBrowser({ camera: null });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(join(site, '..'), { recursive: true, force: true });
});

describe('the static server', () => {
  it('serves files with the production CSP and a content type', async () => {
    const index = await fetch(`${server.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = await fetch(`${server.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    '/assets/',
    '/assets',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%5csecret.txt',
    '/index.html%00',
    '/%E0%A4%A',
    '/missing.js',
  ])('answers 404 to %s (no listing, nothing outside the root)', async (path) => {
    const response = await fetch(`${server.origin}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the root');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${server.origin}/index.html`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${server.origin}/index.html`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('assertClean', () => {
  it('fails on a CSP violation', async () => {
    const page = await KioskPage.open(browser, {
      router: noRouter,
      url: `${server.origin}/__e2e/inline-script.html`,
    });
    try {
      await expect.poll(() => page.problems.some((p) => p.startsWith('CSP violation'))).toBe(true);
      expect(page.problems.join('\n')).toMatch(/Content Security Policy/);
      expect(await page.page.title()).toBe('x');
      expect(() => page.assertClean()).toThrow(/script-src-elem/);
    } finally {
      await page.close();
    }
  });

  it('fails on a console error and on an uncaught error', async () => {
    const page = await KioskPage.open(browser, {
      router: noRouter,
      url: `${server.origin}/__e2e/blank.html`,
    });
    try {
      expect(() => page.assertClean()).not.toThrow();
      await page.page.evaluate(() => {
        console.error('something broke');
        setTimeout(() => {
          throw new Error('uncaught');
        });
      });
      await expect.poll(() => page.problems.length).toBe(2);
      expect(() => page.assertClean()).toThrow(
        /console\.error: something broke[\s\S]*page error: Error: uncaught/,
      );
    } finally {
      await page.close();
    }
  });
});
