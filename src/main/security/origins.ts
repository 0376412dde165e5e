/**
 * The one origin the kiosk UI is served from, and the helpers every security check shares.
 * Pure: no Electron or Node imports, so the checks are unit-testable without mocks.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'tanu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True when `url` parses and belongs to app://tanu exactly (no credentials, no port, exact host). */
export function isAppUrl(url: string): boolean {
  const parsed = URL.parse(url);
  if (parsed === null) return false;
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Origin of the electron-vite dev server (from ELECTRON_RENDERER_URL), or null when the value is
 * missing or not a plain http(s) URL. Callers must only pass it in unpackaged builds.
 */
export function devServerOrigin(rendererUrl: string | undefined): string | null {
  if (rendererUrl === undefined || rendererUrl === '') return null;
  const parsed = URL.parse(rendererUrl);
  if (parsed === null) return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.origin;
}

/** True when `url` parses and its origin is exactly `origin` (an http(s) origin such as the dev server's). */
export function hasOrigin(url: string, origin: string): boolean {
  const parsed = URL.parse(url);
  if (parsed === null) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.username === '' && parsed.password === '' && parsed.origin === origin;
}
