/**
 * Deny-by-default permission policy. The kiosk needs exactly one capability: the camera
 * (video-only `media`) for the main frame of app://tanu. Everything else — microphone, screen
 * capture, notifications, devices, geolocation, clipboard, fullscreen, unknown names — is refused.
 *
 * `decidePermission` is pure so the policy is tested exhaustively without Electron;
 * `installPermissionHandlers` only adapts Electron's three handler shapes to it.
 */
import type { Session } from 'electron';
import { APP_ORIGIN, hasOrigin, isAppUrl } from './origins.ts';

export interface PermissionQuery {
  /** Electron permission name (`media`, `geolocation`, …); any string, unknown names are denied. */
  permission: string;
  /** Security origin of the requesting frame, as Electron reports it (`app://tanu` or `app://tanu/`). */
  origin: string | null | undefined;
  isMainFrame: boolean;
  /** For `media`: the kinds requested. Only exactly `['video']` can be granted. */
  mediaTypes?: readonly string[] | undefined;
}

export interface PermissionPolicyOptions {
  /** Dev-server origin (unpackaged builds only) that is trusted like app://tanu. */
  devOrigin?: string | null | undefined;
}

/** Electron reports origins both with and without the trailing slash; nothing else is accepted. */
const APP_ORIGIN_SPELLINGS: ReadonlySet<string> = new Set([APP_ORIGIN, `${APP_ORIGIN}/`]);

function isTrustedOrigin(origin: string | null | undefined, devOrigin: string | null | undefined): boolean {
  if (typeof origin !== 'string') return false;
  if (APP_ORIGIN_SPELLINGS.has(origin)) return true;
  if (typeof devOrigin === 'string' && devOrigin !== '') {
    return origin === devOrigin || origin === `${devOrigin}/`;
  }
  return false;
}

export function decidePermission(query: PermissionQuery, options: PermissionPolicyOptions = {}): boolean {
  if (query.permission !== 'media') return false;
  if (!query.isMainFrame) return false;
  if (!isTrustedOrigin(query.origin, options.devOrigin)) return false;
  const types = query.mediaTypes;
  return types !== undefined && types.length === 1 && types[0] === 'video';
}

/** Origin of a requesting URL, for permissions whose details carry only the URL. */
function originOfRequestingUrl(url: string | undefined, devOrigin: string | null): string | null {
  if (url === undefined) return null;
  if (isAppUrl(url)) return APP_ORIGIN;
  if (devOrigin !== null && hasOrigin(url, devOrigin)) return devOrigin;
  return null;
}

export function installPermissionHandlers(session: Session, devOrigin: string | null): void {
  const options: PermissionPolicyOptions = { devOrigin };

  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    // The frame's current URL must be ours, and so must the security origin when Electron reports one.
    const urlOrigin = originOfRequestingUrl(details.requestingUrl, devOrigin);
    const securityOrigin = 'securityOrigin' in details ? details.securityOrigin : undefined;
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed =
      urlOrigin !== null &&
      decidePermission(
        { permission, origin: securityOrigin ?? urlOrigin, isMainFrame: details.isMainFrame, mediaTypes },
        options,
      );
    callback(allowed);
  });

  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    decidePermission(
      {
        permission,
        origin: requestingOrigin,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType === undefined ? undefined : [details.mediaType],
      },
      options,
    ),
  );

  // HID, serial and USB devices are never granted.
  session.setDevicePermissionHandler((details) =>
    decidePermission({ permission: details.deviceType, origin: details.origin, isMainFrame: false }, options),
  );

  // Screen, window and tab capture are never granted.
  session.setDisplayMediaRequestHandler((_request, callback) => {
    callback(null);
  });
}
