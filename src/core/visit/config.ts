/**
 * Configuration of the visit machine, validated once at start-up so the reducer can trust it.
 */
import { z } from 'zod';
import { VisitError } from '../../shared/visit-errors.ts';
import { CODE_TTL_MS, MAX_WRONG_TRIES } from '../codes/code-policy.ts';
import { NON_TERMINAL_PHASES, type NonTerminalPhase } from './types.ts';

const timeoutMs = z.number().int().positive();

const timeoutsShape = Object.fromEntries(NON_TERMINAL_PHASES.map((p) => [p, timeoutMs])) as Record<
  NonTerminalPhase,
  typeof timeoutMs
>;

export const visitConfigSchema = z
  .object({
    /** Failed face attempts after which the face path closes for this visit. */
    maxFaceAttempts: z.number().int().min(1),
    /**
     * Wrong code entries the code service allows: it enforces them, the machine only shows them,
     * so this is the service's number and no other.
     */
    maxCodeTries: z.literal(MAX_WRONG_TRIES),
    /** Whether the clinic lets the desk print a code slip (no phone, or gateway down). */
    slipAllowed: z.boolean(),
    timeoutsMs: z.object(timeoutsShape).strict(),
  })
  .strict();

export type VisitConfig = z.infer<typeof visitConfigSchema>;

const MINUTE = 60_000;

export const DEFAULT_VISIT_CONFIG: VisitConfig = {
  maxFaceAttempts: 3,
  maxCodeTries: MAX_WRONG_TRIES,
  slipAllowed: true,
  timeoutsMs: {
    selectingPatient: 10 * MINUTE,
    choosingVisitType: 2 * MINUTE,
    askingConsent: 2 * MINUTE,
    faceGuidance: MINUTE,
    liveness: 30_000,
    matching: 15_000,
    noMatch: 2 * MINUTE,
    noTemplate: 5 * MINUTE,
    codeChannel: MINUTE,
    deliveryFailed: 2 * MINUTE,
    noChannel: 2 * MINUTE,
    // The code screens last as long as the code: past it, only a new code helps.
    codeSent: CODE_TTL_MS,
    slipSignOff: CODE_TTL_MS,
    receptionSlipEntry: CODE_TTL_MS,
    codeEntry: CODE_TTL_MS,
    codeExpired: 2 * MINUTE,
    codeRateLimited: 2 * MINUTE,
  },
};

/** Parses a config; anything out of range is a typed error naming the field, not a zod dump. */
export function parseVisitConfig(input: unknown): VisitConfig {
  const parsed = visitConfigSchema.safeParse(input);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new VisitError('INVALID_VISIT_CONFIG', `Visit config is invalid at: ${where}.`);
  }
  return parsed.data;
}
