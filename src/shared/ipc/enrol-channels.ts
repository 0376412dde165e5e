/**
 * The registrar's enrolment: recorded consent (the patient's, or their representative's), then 3–5
 * frames that pass the quality gate, then the 1:N duplicate check. Nothing about the template
 * comes back: only counts, guidance and the outcome.
 */
import { z } from 'zod';
import { QUALITY_REASONS } from '../face.ts';
import { cameraFrame, FRAME_MAX_BYTES, uuid } from './common-schemas.ts';
import { defineChannel, type IpcContract } from './contract-kit.ts';

const enrolmentRef = z.strictObject({ enrolmentId: uuid });

export const ENROL_CHANNELS = {
  'enrol:start': defineChannel({
    request: z.strictObject({
      patientId: uuid,
      /** Who consented: the patient themself, or a linked representative (by patient id). */
      consentBy: z.union([z.literal('patient'), z.strictObject({ representativeId: uuid })]),
    }),
    response: z.strictObject({ enrolmentId: uuid, framesNeeded: z.int(), framesMax: z.int() }),
  }),
  'enrol:submitFrame': defineChannel({
    request: z.strictObject({ enrolmentId: uuid, frame: cameraFrame }),
    response: z.strictObject({
      accepted: z.int().min(0),
      guidance: z.array(z.enum(QUALITY_REASONS)),
      ready: z.boolean(),
    }),
    maxBytes: FRAME_MAX_BYTES,
  }),
  'enrol:finish': defineChannel({
    request: enrolmentRef,
    response: z.strictObject({ outcome: z.enum(['enrolled', 'blocked_duplicate']) }),
  }),
  'enrol:cancel': defineChannel({ request: enrolmentRef, response: z.null() }),
} as const satisfies IpcContract;
