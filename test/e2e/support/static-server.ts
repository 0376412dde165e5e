/**
 * Serves the built renderer on http://127.0.0.1:<random port> with the production CSP as a
 * response header, as the app:// protocol handler does. Files only: no directory listing, nothing
 * outside the root (traversal, encoded or not, is a 404), GET and HEAD only.
 *
 * `pages` adds test-only HTML pages (an iframe host, say) with their own CSP, for checks the real
 * renderer cannot host: its frame-ancestors 'none' forbids framing it at all.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security/csp.ts';

export interface ExtraPage {
  html: string;
  csp: string;
}

export interface StaticServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The renderer's entry page. */
  indexUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The file under `root` that `pathname` names, or null when it is outside, odd or not a file. */
function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) return null;
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export async function startStaticServer(
  rootDir: string,
  pages: Readonly<Record<string, ExtraPage>> = {},
): Promise<StaticServer> {
  const root = resolve(rootDir);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, { Allow: 'GET, HEAD' });
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = Object.hasOwn(pages, pathname) ? pages[pathname] : undefined;
    if (page !== undefined) {
      answer(
        res,
        200,
        { 'Content-Type': CONTENT_TYPES['.html'] as string, 'Content-Security-Policy': page.csp },
        page.html,
      );
      return;
    }
    if (pathname === '/favicon.ico') {
      // Chromium asks for a favicon on its own (an Electron window does not): no icon, no 404 error.
      answer(res, 204, {});
      return;
    }
    const file = fileFor(root, pathname);
    if (file === null) {
      answer(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const server = createServer(handle);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    indexUrl: `${origin}/index.html`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
