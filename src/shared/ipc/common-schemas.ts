/**
 * Schemas several feature contracts share. Strict objects everywhere: an unexpected field in a
 * request is refused, and one in a response (a descriptor, say) makes the router answer INTERNAL.
 */
import { z } from 'zod';
import { QUALITY_REASONS } from '../face.ts';
import { LANGUAGES } from '../languages.ts';
import { ROLES } from '../roles.ts';
import {
  CODE_CHANNELS,
  CODE_REASONS,
  LIVENESS_PROMPTS,
  TEMPLATE_REFRESH_STATES,
  VISIT_METHODS,
  VISIT_PHASES,
} from '../visit-view.ts';

export const uuid = z.uuid();
export const language = z.enum(LANGUAGES);
export const role = z.enum(ROLES);
export const isoTime = z.iso.datetime();
export const isoDate = z.iso.date();

/** A login and password as typed: at sign-in, and by the second operator who signs a slip visit off. */
export const credentials = { login: z.string().min(1).max(64), secret: z.string().min(1).max(256) };

export const operatorView = z.strictObject({
  id: uuid,
  displayName: z.string().min(1).max(200),
  role,
});

export const visitView = z.strictObject({
  visitId: uuid,
  phase: z.enum(VISIT_PHASES),
  deadline: isoTime.nullable(),
  guidance: z.array(z.enum(QUALITY_REASONS)),
  liveness: z
    .strictObject({
      action: z.enum(LIVENESS_PROMPTS),
      step: z.int().min(0),
      steps: z.int().min(1),
      remainingMs: z.number().min(0),
    })
    .nullable(),
  attemptsLeft: z.int().min(0),
  triesLeft: z.int().min(0).nullable(),
  codeReason: z.enum(CODE_REASONS).nullable(),
  channel: z.enum(CODE_CHANNELS).nullable(),
  destination: z.string().max(40).nullable(),
  slipOffered: z.boolean(),
  slipReady: z.boolean(),
  enrolmentOffered: z.boolean(),
  templateRefresh: z.enum(TEMPLATE_REFRESH_STATES).nullable(),
  method: z.enum(VISIT_METHODS).nullable(),
  notificationQueued: z.boolean().nullable(),
  language: language.nullable(),
});

/**
 * What the doctor needs to confirm the right record: names, date of birth, a masked IIN and what
 * the identification can use. No full IIN, no phone number.
 */
export const patientSummary = z.strictObject({
  id: uuid,
  familyName: z.string(),
  givenNames: z.string(),
  birthDate: isoDate,
  /** "880412•••••3": enough to tell two records apart at the desk. */
  iinMasked: z.string().max(20),
  age: z.int().min(0),
  minorUnder14: z.boolean(),
  legallyIncapacitated: z.boolean(),
  birthDateDisagreesWithIin: z.boolean(),
  hasPhone: z.boolean(),
  hasRepresentative: z.boolean(),
  hasTemplate: z.boolean(),
  /** The latest decision on face identification: null when never asked. */
  faceConsent: z.enum(['given', 'refused', 'withdrawn']).nullable(),
  language: language.nullable(),
});

/**
 * A camera frame: RGBA pixels of at most 640×480, as a canvas gives them. The renderer scales
 * down before sending; the engine would anyway, and a smaller frame crosses IPC faster.
 */
export const MAX_FRAME_WIDTH = 640;
export const MAX_FRAME_HEIGHT = 480;
export const cameraFrame = z
  .strictObject({
    width: z.int().min(32).max(MAX_FRAME_WIDTH),
    height: z.int().min(32).max(MAX_FRAME_HEIGHT),
    data: z.instanceof(Uint8Array),
  })
  .refine((f) => f.data.length === f.width * f.height * 4, {
    message: 'data must hold width × height RGBA pixels',
    path: ['data'],
  });
/** A frame's payload cap: the pixels plus room for the small fields around them. */
export const FRAME_MAX_BYTES = MAX_FRAME_WIDTH * MAX_FRAME_HEIGHT * 4 + 4096;
