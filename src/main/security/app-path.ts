/**
 * Maps an app://tanu/... request URL to a file under the renderer build directory, or null.
 * Pure (node:path only) so the traversal guard is unit-testable.
 */
import path from 'node:path';
import { isAppUrl } from './origins.ts';

const INDEX_FILE = 'index.html';

export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const parsed = URL.parse(requestUrl);
  if (parsed === null) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded === '' || decoded === '/') decoded = `/${INDEX_FILE}`;

  // Encoded separators, NUL, drive letters and dot segments surviving decoding are refused outright.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;

  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, ...segments);
  const relative = path.relative(root, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}
