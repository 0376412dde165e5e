/**
 * Channels about the desk's link to the clinic database (docs/CLINIC-PROTOCOL.md): the admin's
 * view of the connection and the clinic's desks, and the one-line sync state every screen shows
 * when the desk has held its evidence back for too long. No patient data.
 */
import { z } from 'zod';
import { NO_REQUEST } from './app-channels.ts';
import { defineChannel } from './contract-kit.ts';
import type { IpcContract } from './contract-kit.ts';

/** Whether the desk reaches the clinic now; `revoked`: the clinic refused this desk's role. */
export const CLINIC_LINK_STATES = ['online', 'offline', 'revoked'] as const;
export type ClinicLinkState = (typeof CLINIC_LINK_STATES)[number];

/** Why the offline budget is exceeded: too many unsent decisions, or the oldest is too old. */
export const OVER_BUDGET_REASONS = ['decisions', 'hours'] as const;
export type OverBudgetReason = (typeof OVER_BUDGET_REASONS)[number];

const at = z.iso.datetime().nullable();
const overBudget = z.strictObject({ reason: z.enum(OVER_BUDGET_REASONS), amount: z.int().min(0) }).nullable();

export const syncStateSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('single') }),
  z.strictObject({ mode: z.literal('clinic'), state: z.enum(CLINIC_LINK_STATES), overBudget }),
]);

/**
 * The clinic's flags for a supervisor: one IIN registered as two patients (iin_taken), one face
 * enrolled under two IINs at two desks (cross-desk-duplicates.ts). tanu.flags' CHECK, migration 014.
 */
export const CLINIC_FLAG_KINDS = ['duplicate_iin', 'duplicate_face'] as const;
export type ClinicFlagKind = (typeof CLINIC_FLAG_KINDS)[number];

export const clinicStatusSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('single') }),
  z.strictObject({
    mode: z.literal('clinic'),
    desk: z.string(),
    server: z.string(),
    state: z.enum(CLINIC_LINK_STATES),
    lastContactAt: at,
    acknowledged: z.strictObject({ seq: z.int().min(1), at }).nullable(),
    unsent: z.strictObject({ decisions: z.int().min(0), oldestAt: at, changes: z.int().min(0) }),
    budget: z.strictObject({ hours: z.int().min(1), decisions: z.int().min(1) }),
    overBudget,
    /** Every desk of the clinic as the clinic knows it (empty while offline). */
    desks: z.array(
      z.strictObject({
        desk: z.string(),
        lastContactAt: at,
        headSeq: z.int().min(0).nullable(),
        acknowledgedAt: at,
        /** The decisions the desk last told the clinic it still holds; null: it never said. */
        unsentDecisions: z.int().min(0).nullable(),
        revoked: z.boolean(),
      }),
    ),
    /**
     * Changes the clinic refused (a second registration of one IIN, …): for the admin to sort out.
     * The newest first, as many as the desk asks for, and how many the clinic has filed in all.
     */
    rejects: z.strictObject({
      total: z.int().min(0),
      newest: z.array(z.strictObject({ desk: z.string(), kind: z.string(), reason: z.string(), at })),
    }),
    /** The clinic's open flags of one person under two records (api.duplicates), newest first. */
    duplicates: z.array(
      z.strictObject({
        desk: z.string(),
        kind: z.enum(CLINIC_FLAG_KINDS),
        patientId: z.uuid(),
        otherPatientId: z.uuid().nullable(),
        at,
      }),
    ),
  }),
]);

export type SyncState = z.infer<typeof syncStateSchema>;
export type ClinicStatus = z.infer<typeof clinicStatusSchema>;

export const CLINIC_CHANNELS = {
  /** The admin's view: connection, acknowledged head, unsent evidence, the clinic's desks. */
  'clinic:status': defineChannel({ request: NO_REQUEST, response: clinicStatusSchema }),
  /**
   * The admin joins this desk to its clinic: main asks for the provisioning file in the system's
   * file dialog and opens the clinic key in it with this passphrase (audited).
   */
  'clinic:join': defineChannel({
    request: z.strictObject({ passphrase: z.string().min(1).max(256) }),
    response: z.strictObject({ desk: z.string(), server: z.string() }),
  }),
  /** For every screen of a signed-in operator: online or not, and whether the budget is exceeded. */
  'clinic:syncState': defineChannel({ request: NO_REQUEST, response: syncStateSchema }),
} as const satisfies IpcContract;
