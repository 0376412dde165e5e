/**
 * The app:// scheme: the packaged renderer is served from out/renderer as app://tanu/..., a
 * standard secure origin (so getUserMedia works and 'self' in the CSP means something), never
 * from file://. Every response carries the CSP header.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveAppPath } from './app-path.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { APP_SCHEME } from './origins.ts';

/** Must run before the app's `ready` event. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function withSecurityHeaders(init: ConstructorParameters<typeof Headers>[0]): Headers {
  const headers = new Headers(init);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('Cache-Control', 'no-store');
  return headers;
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: withSecurityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }),
  });
}

/** Call once the app is ready. `rootDir` is the renderer build output (out/renderer). */
export function handleAppProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plainResponse(405, 'Method Not Allowed');
    const filePath = resolveAppPath(rootDir, request.url);
    if (filePath === null) return plainResponse(404, 'Not Found');

    let upstream: Response;
    try {
      upstream = await net.fetch(pathToFileURL(filePath).toString());
    } catch {
      return plainResponse(404, 'Not Found');
    }
    if (!upstream.ok) return plainResponse(404, 'Not Found');
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: withSecurityHeaders(upstream.headers),
    });
  });
}
