/**
 * What the admin must know about the desk while it runs, shown on the admin screens in kk/ru/en
 * and written to the log. Each is a state, not an event: it shows while it holds.
 */
export const DESK_ALERTS = [
  /** The face engine could not start (models missing or altered): visits go to the code. */
  'FACE_ENGINE_UNAVAILABLE',
  /** The retention purge failed (a broken audit chain, a full disk…): nothing was purged. */
  'RETENTION_FAILED',
  /** The wall clock was behind the desk's last known time at start. */
  'CLOCK_BEHIND',
  /** The wall clock was far past the desk's last known time at start. */
  'CLOCK_AHEAD',
  /** No desk-transfer file (the escrow of the data key) was exported in the last 30 days. */
  'KEY_ESCROW_DUE',
  /**
   * The clinic sync stopped pushing: the desk's chain no longer holds what the clinic acknowledged
   * (restored from an older backup, rows cut), or the clinic refused the desk's rows for good.
   */
  'CLINIC_SYNC_STOPPED',
] as const;
export type DeskAlert = (typeof DESK_ALERTS)[number];

/** How often the data key's escrow (a desk-transfer file) must be renewed. */
export const KEY_ESCROW_DAYS = 30;
