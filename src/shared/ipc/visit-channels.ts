/**
 * The identification visit. Every answer is the visit's VisitView: the screens render it and send
 * the next step. Frames go in; nothing about the face comes back but guidance and the outcome.
 */
import { z } from 'zod';
import { NO_REQUEST } from './app-channels.ts';
import { cameraFrame, credentials, FRAME_MAX_BYTES, isoTime, uuid, visitView } from './common-schemas.ts';
import { defineChannel, type IpcContract } from './contract-kit.ts';
import { VISIT_ACTIONS, VISIT_TYPES } from '../visit-view.ts';

const visitRef = z.strictObject({ visitId: uuid });

export const VISIT_CHANNELS = {
  'visit:start': defineChannel({ request: NO_REQUEST, response: visitView }),
  'visit:view': defineChannel({ request: visitRef, response: visitView }),
  'visit:selectPatient': defineChannel({
    request: z.strictObject({ visitId: uuid, patientId: uuid }),
    response: visitView,
  }),
  'visit:chooseType': defineChannel({
    request: z.strictObject({ visitId: uuid, visitType: z.enum(VISIT_TYPES) }),
    response: visitView,
  }),
  'visit:consent': defineChannel({
    request: z.strictObject({ visitId: uuid, given: z.boolean(), reason: z.string().max(200).optional() }),
    response: visitView,
  }),
  'visit:act': defineChannel({
    request: z.strictObject({ visitId: uuid, action: z.enum(VISIT_ACTIONS) }),
    response: visitView,
  }),
  'visit:submitFrame': defineChannel({
    request: z.strictObject({ visitId: uuid, frame: cameraFrame }),
    response: visitView,
    maxBytes: FRAME_MAX_BYTES,
  }),
  'visit:submitCode': defineChannel({
    request: z.strictObject({ visitId: uuid, code: z.string().max(16) }),
    response: visitView,
  }),
  /**
   * A second operator (registrar or admin) signs off the slip visit with their own login and
   * password at the doctor's desk; the doctor stays signed in. The password is checked, never kept.
   */
  'visit:signOffSlip': defineChannel({
    request: z.strictObject({ visitId: uuid, ...credentials }),
    response: visitView,
  }),
  'visit:cancel': defineChannel({ request: visitRef, response: visitView }),
  /** The patient's answer to refreshing a template made by an older pipeline (`templateRefresh: 'offered'`). */
  'visit:refreshTemplate': defineChannel({
    request: z.strictObject({ visitId: uuid, consent: z.boolean() }),
    response: visitView,
  }),
  /** Sends the visit's code slip to the desk printer (once: the slip holds a live code). */
  'visit:printSlip': defineChannel({
    request: visitRef,
    response: z.strictObject({ printed: z.literal(true) }),
  }),
  /** Today's visits at this desk, newest first. */
  'visit:history': defineChannel({
    request: NO_REQUEST,
    response: z
      .array(
        z.strictObject({
          visitId: uuid,
          startedAt: isoTime,
          endedAt: isoTime.nullable(),
          endState: z.string().nullable(),
          method: z.string().nullable(),
          visitType: z.enum(VISIT_TYPES).nullable(),
          /** "Сейтқалиева Ә. Н.": family name and initials only. */
          patient: z.string().nullable(),
        }),
      )
      .max(500),
  }),
} as const satisfies IpcContract;
