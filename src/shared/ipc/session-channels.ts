/** Signing in and out at the desk, and the first-start setup of a fresh machine. */
import { z } from 'zod';
import { NO_REQUEST } from './app-channels.ts';
import { credentials, language, operatorView } from './common-schemas.ts';
import { defineChannel, type IpcContract } from './contract-kit.ts';
import { STARTUP_PROBLEMS } from '../startup-problems.ts';

export const SESSION_CHANNELS = {
  'session:signIn': defineChannel({
    request: z.strictObject(credentials),
    response: operatorView,
  }),
  'session:signOut': defineChannel({ request: NO_REQUEST, response: z.null() }),
  'session:current': defineChannel({ request: NO_REQUEST, response: operatorView.nullable() }),
  /**
   * How long the signed-in operator has before the desk signs them out for want of an action, and
   * from when the screen counts down. Asking does not count as an action.
   */
  'session:idle': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({
      remainingMs: z.number().int().min(0),
      warningMs: z.number().int().positive(),
    }),
  }),
  /**
   * The signed-in operator's password again, asked before a sensitive action answered
   * PASSWORD_REQUIRED; good for two minutes (core/operators/password-again.ts).
   */
  'session:confirmPassword': defineChannel({
    request: z.strictObject({ secret: z.string().min(1).max(256) }),
    response: z.null(),
  }),
  /** The operator is at the desk (typed, touched, or pressed "Stay signed in"): the idle time restarts. */
  'session:touch': defineChannel({ request: NO_REQUEST, response: z.null() }),
} as const satisfies IpcContract;

export const SETUP_CHANNELS = {
  /** Whether this machine still needs its first-start setup (no configuration, no admin). */
  'setup:status': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({
      needed: z.boolean(),
      clinicName: z.string().nullable(),
      deskId: z.string().nullable(),
      /** The clinic's zone, for showing times on the desk in clinic time. */
      timeZone: z.string().nullable(),
      /** The languages the desk offers and starts in. */
      languages: z.strictObject({ enabled: z.array(language), default: language }).nullable(),
      /** Why the desk refused to start (the start-up screen says what IT should do), or null. */
      problem: z.enum(STARTUP_PROBLEMS).nullable(),
      /** Whether the desk's transfer file can mend the problem (setup:recover). */
      recoverable: z.boolean(),
    }),
  }),
  /** Creates the clinic's configuration, the desk and the first admin, and signs the admin in. */
  'setup:complete': defineChannel({
    request: z.strictObject({
      clinicId: z.string().max(32),
      clinicName: z.string().max(200),
      timeZone: z.string().max(64),
      callNumber: z.string().max(32),
      deskId: z.string().max(32),
      admin: z.strictObject({
        login: z.string().max(32),
        displayName: z.string().max(200),
        secret: z.string().max(256),
      }),
    }),
    response: operatorView,
  }),
  /**
   * Instead of setup, on a new PC: takes another desk's transfer file and backup (picked in file
   * dialogs), checks they belong together, and starts as that desk. Then someone signs in.
   */
  'setup:moveHere': defineChannel({
    request: z.strictObject({ passphrase: z.string().max(256) }),
    response: z.strictObject({ clinicName: z.string(), deskId: z.string() }),
  }),
  /**
   * The start-up screen's recovery of a desk whose data key or configuration went missing, from
   * its transfer file (picked in a file dialog) and passphrase. Then someone signs in.
   */
  'setup:recover': defineChannel({
    request: z.strictObject({ passphrase: z.string().max(256) }),
    response: z.strictObject({ clinicName: z.string(), deskId: z.string() }),
  }),
} as const satisfies IpcContract;
