/**
 * Random URLs and origins for the security properties: anything that is not app://tanu must be
 * refused, whether a random site, another scheme, a look-alike host or plain garbage.
 */
import fc from 'fast-check';

const SCHEMES = ['http', 'https', 'app', 'apps', 'file', 'ws', 'wss', 'ftp', 'chrome', 'devtools', 'tanu'];

/** Hosts that look like ours but are not (case, suffixes, ports, credentials, encodings). */
const LOOK_ALIKE_HOSTS = [
  'tanu.evil',
  'tanu.evil.test',
  'evil.test',
  'TANU',
  'Tanu',
  'tanu.',
  'tanu%2e',
  'tanu:8080',
  'tanu:0',
  'user@tanu',
  'user:pass@tanu',
  'tanu@evil.test',
  'xn--tanu-0ya',
  'localhost',
  'localhost:5173',
  '127.0.0.1',
  '[::1]',
  '',
];

/** The only URLs that are ours, told apart by spelling alone (independent of the code under test). */
const OURS = /^\s*app:\/\/tanu([/?#\\]|$)/i;

export const foreignUrl: fc.Arbitrary<string> = fc
  .oneof(
    fc.webUrl({ validSchemes: SCHEMES, withQueryParameters: true, withFragments: true }),
    fc
      .tuple(fc.constantFrom(...SCHEMES), fc.constantFrom(...LOOK_ALIKE_HOSTS), fc.webPath())
      .map(([scheme, host, path]) => `${scheme}://${host}${path}`),
    fc.tuple(fc.constantFrom('app:', 'app:/', 'app:///', 'app:\\\\'), fc.webPath()).map(([a, b]) => a + b),
    fc.string(),
  )
  .filter((url) => !OURS.test(url));

/** Foreign URLs and the origins Electron would report for them. */
export const foreignOrigin: fc.Arbitrary<string> = fc.oneof(
  foreignUrl,
  foreignUrl.map((url) => URL.parse(url)?.origin ?? url).filter((origin) => !OURS.test(origin)),
);

/** Any path (with query and fragment) on our own origin. */
export const ownUrl: fc.Arbitrary<string> = fc
  .tuple(fc.webPath(), fc.webQueryParameters(), fc.webFragments())
  .map(
    ([path, query, fragment]) =>
      `app://tanu${path}${query === '' ? '' : `?${query}`}${fragment === '' ? '' : `#${fragment}`}`,
  );
