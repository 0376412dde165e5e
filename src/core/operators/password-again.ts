/**
 * What needs the operator's password again, and how recent "again" must be. Exporting the
 * desk-transfer file hands out the data key, a backup carries every record, and a settings change
 * can point the codes at another gateway: a session someone walked up to must not do them. A
 * password typed within this window (at sign-in or when asked) is fresh enough.
 */
export const FRESH_PASSWORD_MS = 2 * 60_000;

/** Whether a password typed at `authenticatedAtMs` still covers a sensitive action at `nowMs`. */
export function passwordIsFresh(authenticatedAtMs: number, nowMs: number): boolean {
  return nowMs - authenticatedAtMs <= FRESH_PASSWORD_MS;
}
