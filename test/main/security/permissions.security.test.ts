import type { Session } from 'electron';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decidePermission } from '../../../src/main/security/permissions.ts';
import type { PermissionQuery } from '../../../src/main/security/permissions.ts';
import { foreignOrigin } from '../support/foreign-urls.ts';

/** Every permission name Electron's typings know about (checked exhaustively below). */
type ElectronPermission = Parameters<NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>>[1];

const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
] as const satisfies readonly ElectronPermission[];

// Fails to typecheck if Electron adds a permission name this table does not cover.
type Uncovered = Exclude<ElectronPermission, (typeof ELECTRON_PERMISSIONS)[number]>;
const coversEveryElectronPermission: [Uncovered] extends [never] ? true : false = true;

/** Names outside Electron's list: device-type strings, casing tricks, empty, future names. */
const OTHER_PERMISSION_NAMES = [
  '',
  'Media',
  'MEDIA',
  ' media',
  'media ',
  'camera',
  'microphone',
  'videoCapture',
  'audioCapture',
  'clipboard-write',
  'bluetooth',
  'webxr',
] as const;

const NON_MEDIA_PERMISSIONS: readonly string[] = [
  ...ELECTRON_PERMISSIONS.filter((name) => name !== 'media'),
  ...OTHER_PERMISSION_NAMES,
];

const TRUSTED_ORIGINS = ['app://tanu', 'app://tanu/'] as const;

const FOREIGN_ORIGINS: readonly (string | null | undefined)[] = [
  null,
  undefined,
  '',
  'null',
  'http://evil.test',
  'https://evil.test',
  'http://localhost:5173',
  'file://',
  'file:///',
  'file:///C:/Windows',
  'app://tanu.evil',
  'app://tanu.evil/',
  'app://other',
  'app://other/',
  'app://tanu:8080',
  'app://user@tanu',
  'app://tanu@evil.test',
  'app://TANU',
  'APP://tanu',
  'app://tanu/index.html',
  'app://tanu//',
  'app:tanu',
  'app:///tanu',
  'tanu://app',
  'https://tanu',
  'chrome://settings',
  'devtools://devtools',
  'data:text/html,hi',
  'blob:app://tanu/1234',
  ' app://tanu',
  'app://tanu ',
];

const MEDIA_TYPE_VARIANTS: readonly (readonly string[] | undefined)[] = [
  undefined,
  [],
  ['audio'],
  ['audio', 'video'],
  ['video', 'audio'],
  ['video', 'video'],
  ['unknown'],
  ['Video'],
  ['video '],
  ['screen'],
];

const ALLOWED: PermissionQuery = {
  permission: 'media',
  origin: 'app://tanu',
  isMainFrame: true,
  mediaTypes: ['video'],
};

describe('decidePermission: the single exception', () => {
  it('covers every permission name in the Electron typings', () => {
    expect(coversEveryElectronPermission).toBe(true);
    expect(new Set(ELECTRON_PERMISSIONS).size).toBe(ELECTRON_PERMISSIONS.length);
  });

  it.each(TRUSTED_ORIGINS)('allows video-only media for the main frame of %s', (origin) => {
    expect(decidePermission({ ...ALLOWED, origin })).toBe(true);
  });
});

describe('decidePermission: deny by default', () => {
  describe.each(NON_MEDIA_PERMISSIONS)('permission %j', (permission) => {
    it.each(TRUSTED_ORIGINS)('is denied to the main frame of %s', (origin) => {
      for (const mediaTypes of [undefined, ['video'], ['audio'], ['audio', 'video']]) {
        expect(decidePermission({ permission, origin, isMainFrame: true, mediaTypes })).toBe(false);
      }
    });

    it('is denied to subframes and foreign origins', () => {
      for (const origin of [...TRUSTED_ORIGINS, ...FOREIGN_ORIGINS]) {
        for (const isMainFrame of [true, false]) {
          expect(decidePermission({ permission, origin, isMainFrame, mediaTypes: ['video'] })).toBe(false);
        }
      }
    });
  });

  it.each(MEDIA_TYPE_VARIANTS.map((mediaTypes) => [JSON.stringify(mediaTypes), mediaTypes] as const))(
    'denies media with mediaTypes %s even for app://tanu main frame',
    (_label, mediaTypes) => {
      for (const origin of TRUSTED_ORIGINS) {
        expect(decidePermission({ permission: 'media', origin, isMainFrame: true, mediaTypes })).toBe(false);
      }
    },
  );

  it.each(FOREIGN_ORIGINS.map((origin) => [String(origin), origin] as const))(
    'denies video-only media from origin %s',
    (_label, origin) => {
      expect(decidePermission({ ...ALLOWED, origin })).toBe(false);
    },
  );

  it.each(TRUSTED_ORIGINS)('denies video-only media to a subframe of %s', (origin) => {
    expect(decidePermission({ ...ALLOWED, origin, isMainFrame: false })).toBe(false);
  });

  it('denies every combination except the single exception', () => {
    const permissions = [...ELECTRON_PERMISSIONS, ...OTHER_PERMISSION_NAMES];
    const origins = [...TRUSTED_ORIGINS, ...FOREIGN_ORIGINS];
    const mediaTypeVariants = [...MEDIA_TYPE_VARIANTS, ['video']];
    let allowed = 0;
    let checked = 0;
    for (const permission of permissions) {
      for (const origin of origins) {
        for (const isMainFrame of [true, false]) {
          for (const mediaTypes of mediaTypeVariants) {
            checked += 1;
            const decision = decidePermission({ permission, origin, isMainFrame, mediaTypes });
            const expected =
              permission === 'media' &&
              (origin === 'app://tanu' || origin === 'app://tanu/') &&
              isMainFrame &&
              mediaTypes?.length === 1 &&
              mediaTypes[0] === 'video';
            expect(decision, JSON.stringify({ permission, origin, isMainFrame, mediaTypes })).toBe(expected);
            if (decision) allowed += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(allowed).toBe(TRUSTED_ORIGINS.length);
  });
});

describe('decidePermission: dev-server origin (unpackaged builds only)', () => {
  const devOrigin = 'http://localhost:5173';

  it('is not trusted unless passed explicitly', () => {
    expect(decidePermission({ ...ALLOWED, origin: devOrigin })).toBe(false);
    expect(decidePermission({ ...ALLOWED, origin: devOrigin }, { devOrigin: null })).toBe(false);
  });

  it('allows only the same single exception when passed', () => {
    expect(decidePermission({ ...ALLOWED, origin: devOrigin }, { devOrigin })).toBe(true);
    expect(decidePermission({ ...ALLOWED, origin: `${devOrigin}/` }, { devOrigin })).toBe(true);
    expect(
      decidePermission({ ...ALLOWED, origin: devOrigin, mediaTypes: ['audio', 'video'] }, { devOrigin }),
    ).toBe(false);
    expect(decidePermission({ ...ALLOWED, origin: devOrigin, isMainFrame: false }, { devOrigin })).toBe(
      false,
    );
    expect(
      decidePermission({ ...ALLOWED, permission: 'geolocation', origin: devOrigin }, { devOrigin }),
    ).toBe(false);
    expect(decidePermission({ ...ALLOWED, origin: 'http://localhost:5174' }, { devOrigin })).toBe(false);
    expect(decidePermission({ ...ALLOWED, origin: 'http://evil.test' }, { devOrigin })).toBe(false);
  });

  it('an empty dev origin trusts nothing', () => {
    expect(decidePermission({ ...ALLOWED, origin: '' }, { devOrigin: '' })).toBe(false);
    expect(decidePermission({ ...ALLOWED, origin: '/' }, { devOrigin: '' })).toBe(false);
  });
});

describe('decidePermission: random origins and names', () => {
  const anyPermission = fc.oneof(fc.constantFrom(...ELECTRON_PERMISSIONS), fc.string());
  const anyMediaTypes = fc.option(fc.array(fc.constantFrom('video', 'audio', 'unknown', '')), {
    nil: undefined,
  });

  it('denies every permission to random foreign origins, main frame or not', () => {
    fc.assert(
      fc.property(
        anyPermission,
        foreignOrigin,
        fc.boolean(),
        anyMediaTypes,
        (permission, origin, isMainFrame, mediaTypes) => {
          expect(decidePermission({ permission, origin, isMainFrame, mediaTypes }), origin).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('denies random foreign origins other than the dev server when one is configured', () => {
    const devOrigin = 'http://localhost:5173';
    fc.assert(
      fc.property(anyPermission, foreignOrigin, fc.boolean(), (permission, origin, isMainFrame) => {
        fc.pre(origin !== devOrigin && origin !== `${devOrigin}/`);
        const query = { permission, origin, isMainFrame, mediaTypes: ['video'] };
        expect(decidePermission(query, { devOrigin }), origin).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('denies every permission name but media to our own main frame', () => {
    fc.assert(
      fc.property(
        anyPermission.filter((permission) => permission !== 'media'),
        fc.constantFrom(...TRUSTED_ORIGINS),
        anyMediaTypes,
        (permission, origin, mediaTypes) => {
          expect(decidePermission({ permission, origin, isMainFrame: true, mediaTypes }), permission).toBe(
            false,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
