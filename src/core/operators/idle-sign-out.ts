/**
 * How long a signed-in operator may leave the desk untouched before the desk signs them out. A
 * desk PC sits in a corridor: a doctor called away must not leave the next passer-by signed in as
 * them. Admins hold the desk's keys to settings and accounts, so their sessions end sooner.
 */
import type { Role } from '../../shared/roles.ts';

/** The defaults of the configuration's `sessions.idleMinutes`, by role. */
export const DEFAULT_IDLE_MINUTES = {
  doctor: 10,
  registrar: 10,
  admin: 3,
} as const satisfies Record<Role, number>;

/** The configuration's limits: under a minute nobody finishes a form; over an hour is no limit. */
export const MIN_IDLE_MINUTES = 1;
export const MAX_IDLE_MINUTES = 60;

/** The screen counts the last minute down, so whoever is at the desk can stay signed in. */
export const IDLE_WARNING_MS = 60_000;

const MINUTE_MS = 60_000;

/** Milliseconds left before an operator idle since `lastActionMs` is signed out (0: now). */
export function idleRemainingMs(
  idleMinutes: Readonly<Record<Role, number>>,
  role: Role,
  lastActionMs: number,
  nowMs: number,
): number {
  return Math.max(0, lastActionMs + idleMinutes[role] * MINUTE_MS - nowMs);
}
