/**
 * The admin's screens: settings (the decision rule read-only, with where it was calibrated), the
 * audit chain check, the anti-fraud report, operator accounts, and the desk camera.
 */
import { z } from 'zod';
import { NO_REQUEST } from './app-channels.ts';
import { isoDate, language, operatorView, role } from './common-schemas.ts';
import { defineChannel, type IpcContract } from './contract-kit.ts';
import { CHAIN_PROBLEMS } from '../audit-chain.ts';
import { AUDIT_EVENTS } from '../audit-events.ts';
import { OVER_BUDGET_REASONS } from './clinic-channels.ts';
import { REPORT_SCOPES } from '../report-scope.ts';
import { DESK_ALERTS } from '../desk-alerts.ts';
import { LOG_LEVELS } from '../log-levels.ts';
import { CHECK_STATUSES } from '../self-check.ts';

export const settingsView = z.strictObject({
  clinic: z.strictObject({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    callNumber: z.string(),
  }),
  deskId: z.string(),
  languages: z.strictObject({ enabled: z.array(language), default: language }),
  cameraDeviceId: z.string().nullable(),
  /** Null: no gateway configured, codes by slip only. The token is never shown, only whether it is stored. */
  gateway: z.strictObject({ baseUrl: z.string(), credentialsStored: z.boolean() }).nullable(),
  slipAllowed: z.boolean(),
  retentionDays: z.int(),
  maxFaceAttempts: z.int(),
  startWithSystem: z.boolean(),
  logLevel: z.enum(LOG_LEVELS),
  /** Read-only: the shipped rule and the evaluation it came from. */
  decisionRule: z.strictObject({
    threshold: z.number(),
    bands: z.array(z.strictObject({ name: z.string(), threshold: z.number() })),
    modelId: z.string(),
    calibration: z.string(),
  }),
});

/** How many of the newest audit rows the admin's audit tab lists (the export has them all). */
export const AUDIT_TRAIL_ROWS = 200;

/** The settings an admin may change in the app; every change is audited. */
export const settingsChange = z.strictObject({
  languages: z.strictObject({ enabled: z.array(language).min(1), default: language }).optional(),
  cameraDeviceId: z.string().max(256).nullable().optional(),
  gateway: z
    .strictObject({
      baseUrl: z.string().max(500),
      /** Given only when it changes; stored through the key provider, never in the file. */
      token: z.string().max(4096).optional(),
    })
    .nullable()
    .optional(),
  slipAllowed: z.boolean().optional(),
  retentionDays: z.int().optional(),
  maxFaceAttempts: z.int().optional(),
  startWithSystem: z.boolean().optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
});
export type SettingsChange = z.output<typeof settingsChange>;

export const fraudReportView = z.strictObject({
  scope: z.enum(REPORT_SCOPES),
  from: z.string(),
  to: z.string(),
  clinic: z.strictObject({
    visits: z.number(),
    bypassShare: z.number(),
    shares: z.record(z.string(), z.number()),
  }),
  operators: z.array(
    z.strictObject({
      operatorId: z.string(),
      displayName: z.string(),
      visits: z.number(),
      shares: z.record(z.string(), z.number()),
      bypassShare: z.number(),
      noMatchRate: z.number().nullable(),
      codeFailures: z.number(),
      refusals: z.number(),
      /** Code + override far above the clinic's share. */
      bypassFlagged: z.boolean(),
      /** A slip ceiling passed: on a day (the days below) or over the period. */
      slipFlagged: z.boolean(),
      /** The clinic days on which a slip ceiling was passed. */
      slipDaysFlagged: z
        .array(z.strictObject({ day: isoDate, visits: z.number(), slips: z.number() }))
        .max(1000),
      flagged: z.boolean(),
    }),
  ),
  /** Clinic-wide only: the desks past the offline budget as the clinic sees them (else empty). */
  desksOverBudget: z.array(
    z.strictObject({
      desk: z.string(),
      lastContactAt: z.iso.datetime().nullable(),
      reason: z.enum(OVER_BUDGET_REASONS),
      amount: z.int().min(0),
    }),
  ),
});

export const ADMIN_CHANNELS = {
  'admin:getSettings': defineChannel({ request: NO_REQUEST, response: settingsView }),
  'admin:updateSettings': defineChannel({ request: settingsChange, response: settingsView }),
  'admin:verifyAudit': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({
      ok: z.boolean(),
      rows: z.int().min(0),
      firstBadSeq: z.int().nullable(),
      problem: z.enum(CHAIN_PROBLEMS).nullable(),
    }),
  }),
  /** The newest rows of the trail, newest first: what happened and who, never a detail or a patient. */
  'admin:auditTrail': defineChannel({
    request: NO_REQUEST,
    response: z
      .array(
        z.strictObject({
          seq: z.int().min(1),
          at: z.iso.datetime(),
          event: z.enum(AUDIT_EVENTS),
          /** The account's display name; null: the desk itself ('system'). */
          operator: z.string().nullable(),
        }),
      )
      .max(AUDIT_TRAIL_ROWS),
  }),
  'admin:fraudReport': defineChannel({
    request: z.strictObject({ from: isoDate, to: isoDate }),
    response: fraudReportView,
  }),
  /** The same checks as `npm run doctor`, with the running engine and the OS key store. */
  'admin:selfCheck': defineChannel({
    request: NO_REQUEST,
    response: z.array(
      z.strictObject({
        check: z.string(),
        status: z.enum(CHECK_STATUSES),
        reason: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
        detail: z.string(),
        action: z.string().optional(),
      }),
    ),
  }),
  /**
   * Backs the database up (SQLite backup API), encrypted with the desk's data key, into a file the
   * admin picks; null path: cancelled.
   */
  'admin:backupNow': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({ path: z.string().nullable() }),
  }),
  /** The same, encrypted with a passphrase instead: a copy kept off the desk, which opens without it. */
  'admin:backupOffDesk': defineChannel({
    request: z.strictObject({ passphrase: z.string().max(256) }),
    response: z.strictObject({ path: z.string().nullable() }),
  }),
  /** Writes the desk-transfer file (key, configuration, secrets under a passphrase) for a move. */
  'admin:exportTransfer': defineChannel({
    request: z.strictObject({ passphrase: z.string().max(256) }),
    response: z.strictObject({ path: z.string().nullable() }),
  }),
  'admin:listOperators': defineChannel({
    request: NO_REQUEST,
    response: z.array(operatorView.extend({ login: z.string(), locked: z.boolean() })),
  }),
  /** Unlocks an account locked after repeated failed sign-ins (audited). */
  'admin:unlockOperator': defineChannel({
    request: z.strictObject({ operatorId: z.uuid() }),
    response: operatorView,
  }),
  /** What the admin must know now: engine, retention, clock, key escrow (shared/desk-alerts.ts). */
  'admin:alerts': defineChannel({
    request: NO_REQUEST,
    response: z.array(
      z.strictObject({
        alert: z.enum(DESK_ALERTS),
        code: z.string().nullable(),
        amount: z.int().nullable(),
      }),
    ),
  }),
  /** The admin vouches for the wall clock after an anomaly (audited); the deferred purge runs. */
  'admin:confirmClock': defineChannel({ request: NO_REQUEST, response: z.null() }),
  /** The only way out of the production kiosk: the admin's password again; audited, then the app quits. */
  'admin:quit': defineChannel({
    request: z.strictObject({ secret: z.string().min(1).max(256) }),
    response: z.null(),
  }),
  'admin:createOperator': defineChannel({
    request: z.strictObject({
      login: z.string().max(32),
      displayName: z.string().max(200),
      role,
      secret: z.string().max(256),
    }),
    response: operatorView,
  }),
} as const satisfies IpcContract;

export const CAMERA_CHANNELS = {
  /** The desk's remembered webcam (a browser deviceId), or null for the first one found. */
  'camera:getDevice': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({ deviceId: z.string().nullable() }),
  }),
  'camera:setDevice': defineChannel({
    request: z.strictObject({ deviceId: z.string().min(1).max(256).nullable() }),
    response: z.null(),
  }),
} as const satisfies IpcContract;
