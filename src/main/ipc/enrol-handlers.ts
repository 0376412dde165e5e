/** Handlers of enrol:*: the registrar enrols a patient's face after recorded consent. */
import type { ENROL_CHANNELS } from '../../shared/ipc/enrol-channels.ts';
import { MAX_ENROLMENT_FRAMES, MIN_ENROLMENT_FRAMES } from '../../core/enrolment/enrolment.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import type { IpcHandlers } from './router.ts';

export function enrolHandlers(runtime: KioskRuntime): IpcHandlers<typeof ENROL_CHANNELS> {
  return {
    'enrol:start': ({ patientId, consentBy }) => {
      const { services, actor } = runtime.require('enrol');
      const givenBy = consentBy === 'patient' ? patientId : consentBy.representativeId;
      return {
        enrolmentId: services.captures.start(patientId, givenBy, actor),
        framesNeeded: MIN_ENROLMENT_FRAMES,
        framesMax: MAX_ENROLMENT_FRAMES,
      };
    },
    'enrol:submitFrame': async ({ enrolmentId, frame }) => {
      const { services, actor } = runtime.require('enrol');
      return services.captures.addFrame(
        enrolmentId,
        { data: frame.data, width: frame.width, height: frame.height, format: 'rgba' },
        actor,
      );
    },
    'enrol:finish': ({ enrolmentId }) => {
      const { services, actor } = runtime.require('enrol');
      return { outcome: services.captures.finish(enrolmentId, actor).outcome };
    },
    'enrol:cancel': ({ enrolmentId }) => {
      runtime.require('enrol').services.captures.cancel(enrolmentId);
      return null;
    },
  };
}
