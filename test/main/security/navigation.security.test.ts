import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedNavigation } from '../../../src/main/security/navigation.ts';
import { devServerOrigin } from '../../../src/main/security/origins.ts';
import { foreignUrl, ownUrl } from '../support/foreign-urls.ts';

const ALLOWED_URLS = [
  'app://tanu',
  'app://tanu/',
  'app://tanu/index.html',
  'app://tanu/index.html?lang=kk',
  'app://tanu/index.html#/identify',
  'app://tanu/assets/index-abc123.js',
] as const;

const DENIED_URLS = [
  '',
  ' ',
  'not a url',
  '/index.html',
  'index.html',
  'http://evil.test',
  'https://evil.test/',
  'http://localhost:5173/',
  'https://tanu/',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/',
  'file://',
  'app://tanu.evil/',
  'app://tanu.evil.test/index.html',
  'app://evil.test/tanu',
  'app://other/',
  'app://tanu:8080/',
  'app://user@tanu/',
  'app://user:pass@tanu/',
  'app://tanu@evil.test/',
  'app://TANU/',
  'app:tanu',
  'app:/tanu/',
  'app:///tanu/',
  'apps://tanu/',
  'tanu://app/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://tanu/0b8f9c3e-0000-0000-0000-000000000000',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'mailto:doctor@example.test',
  'ws://localhost:5173/',
] as const;

describe('isAllowedNavigation', () => {
  it.each(ALLOWED_URLS)('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each(DENIED_URLS)('denies %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it.each(DENIED_URLS)(
    'still denies %j when a dev origin is configured (other than the dev server)',
    (url) => {
      const devOrigin = 'http://localhost:5173';
      const expected = URL.parse(url)?.origin === devOrigin && URL.parse(url)?.protocol === 'http:';
      expect(isAllowedNavigation(url, devOrigin)).toBe(expected);
    },
  );
});

describe('isAllowedNavigation with the dev server (unpackaged builds only)', () => {
  const devOrigin = devServerOrigin('http://localhost:5173/');

  it('derives the dev origin from ELECTRON_RENDERER_URL', () => {
    expect(devOrigin).toBe('http://localhost:5173');
  });

  it('allows the dev server only when configured', () => {
    expect(isAllowedNavigation('http://localhost:5173/')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', devOrigin)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/index.html?x=1', devOrigin)).toBe(true);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost/',
    'http://user@localhost:5173/',
    'http://localhost:5173.evil.test/',
    'ws://localhost:5173/',
  ])('denies %s even with the dev server configured', (url) => {
    expect(isAllowedNavigation(url, devOrigin)).toBe(false);
  });

  it.each([
    undefined,
    '',
    'not a url',
    'file:///index.html',
    'app://tanu/',
    'http://user:pw@localhost:5173/',
  ])('ignores an unusable ELECTRON_RENDERER_URL %j', (value) => {
    expect(devServerOrigin(value)).toBeNull();
  });
});

describe('isAllowedNavigation: random URLs', () => {
  it('denies random foreign URLs, with or without the dev server', () => {
    fc.assert(
      fc.property(foreignUrl, (url) => {
        expect(isAllowedNavigation(url), url).toBe(false);
        const isDevServer = URL.parse(url)?.origin === 'http://localhost:5173';
        expect(isAllowedNavigation(url, 'http://localhost:5173'), url).toBe(isDevServer);
      }),
      { numRuns: 1000 },
    );
  });

  it('allows any path, query and fragment on app://tanu', () => {
    fc.assert(
      fc.property(ownUrl, (url) => {
        expect(isAllowedNavigation(url), url).toBe(true);
      }),
    );
  });

  it('denies random sites even when one of them is the configured dev server', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.webUrl(), (devUrl, url) => {
        const devOrigin = devServerOrigin(devUrl);
        fc.pre(devOrigin !== null && URL.parse(url)?.origin !== devOrigin);
        expect(isAllowedNavigation(url, devOrigin), `${url} with dev server ${devOrigin}`).toBe(false);
      }),
    );
  });
});
