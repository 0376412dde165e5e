/**
 * The renderer's Content-Security-Policy. Sent as a response header by the app:// protocol handler
 * and repeated as a <meta> tag in src/renderer/index.html (the build fails if the two drift apart;
 * see electron.vite.config.ts). Pure: imported by the build config as well as the main process.
 */

const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['media-src', "'self' blob: mediastream:"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Directives browsers ignore (and warn about) when delivered through <meta>. */
const HEADER_ONLY: ReadonlySet<string> = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function serialize(directives: readonly (readonly [string, string])[]): string {
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/** Full policy for the Content-Security-Policy response header. */
export const CONTENT_SECURITY_POLICY: string = serialize(DIRECTIVES);

/** The same policy minus header-only directives, for the <meta http-equiv> tag. */
export const CONTENT_SECURITY_POLICY_META: string = serialize(
  DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)),
);

/**
 * Dev-server-only relaxation: Vite injects an inline React Fast Refresh preamble and inline
 * <style> tags. Never used for a production build or for app:// responses.
 */
export const CONTENT_SECURITY_POLICY_META_DEV: string = serialize(
  DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)).map(([name, value]): readonly [string, string] =>
    name === 'script-src' || name === 'style-src' ? [name, `${value} 'unsafe-inline'`] : [name, value],
  ),
);
