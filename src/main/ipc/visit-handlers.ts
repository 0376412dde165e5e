/**
 * Handlers of visit:*: the doctor's identification visit. Each checks that the signed-in operator
 * may identify and that the visit is theirs, then hands over to the desk.
 */
import type { VISIT_CHANNELS } from '../../shared/ipc/visit-channels.ts';
import { KioskError } from '../../shared/kiosk-errors.ts';
import { startOfClinicDay } from '../../core/clinic-time.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import { shortName } from './patient-summary.ts';
import type { IpcHandlers } from './router.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function visitHandlers(runtime: KioskRuntime): IpcHandlers<typeof VISIT_CHANNELS> {
  /** The desk, once the caller is a signed-in doctor and (for an existing visit) its owner. */
  const deskFor = (visitId?: string) => {
    const session = runtime.require('identify');
    const desk = session.services.desk;
    if (visitId !== undefined) {
      const owner = desk.operatorOf(visitId);
      if (owner !== null && owner !== session.operator.id) {
        throw new KioskError('NOT_YOUR_VISIT', 'This visit was started by another operator.');
      }
    }
    return { ...session, desk };
  };
  return {
    'visit:start': () => {
      const { desk, actor, operator } = deskFor();
      return desk.start(actor, operator.displayName);
    },
    'visit:view': ({ visitId }) => deskFor(visitId).desk.view(visitId),
    'visit:selectPatient': ({ visitId, patientId }) =>
      deskFor(visitId).desk.selectPatient(visitId, patientId),
    'visit:chooseType': ({ visitId, visitType }) => deskFor(visitId).desk.chooseVisitType(visitId, visitType),
    'visit:consent': ({ visitId, given, reason }) => {
      const { desk } = deskFor(visitId);
      return given ? desk.giveConsent(visitId) : desk.refuseConsent(visitId, reason);
    },
    'visit:act': ({ visitId, action }) => deskFor(visitId).desk.act(visitId, action),
    'visit:submitFrame': ({ visitId, frame }) =>
      deskFor(visitId).desk.submitFrame(visitId, {
        data: frame.data,
        width: frame.width,
        height: frame.height,
        format: 'rgba',
      }),
    'visit:submitCode': ({ visitId, code }) => deskFor(visitId).desk.submitCode(visitId, code),
    'visit:signOffSlip': ({ visitId, login, secret }) =>
      deskFor(visitId).desk.signOffSlip(visitId, login, secret),
    'visit:cancel': ({ visitId }) => deskFor(visitId).desk.cancel(visitId),
    'visit:refreshTemplate': ({ visitId, consent }) =>
      deskFor(visitId).desk.refreshTemplate(visitId, consent),
    'visit:printSlip': async ({ visitId }) => {
      const { desk } = deskFor(visitId);
      await desk.printSlip(visitId, async (pdf) => {
        try {
          await runtime.options.printer.print(pdf);
        } catch {
          throw new KioskError('PRINT_FAILED', 'The slip could not be printed; it is kept for another try.');
        }
      });
      return { printed: true as const };
    },
    'visit:history': () => {
      const { services } = deskFor();
      const now = services.clock.now();
      const from = startOfClinicDay(now, services.config.clinic.timeZone);
      return services
        .visitsAtDesk(from, new Date(from.getTime() + DAY_MS))
        .slice(0, 500)
        .map((s) => ({
          visitId: s.id,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          endState: s.endState,
          method: s.method,
          visitType: s.visitType,
          patient: s.patientId ? shortName(services.patients.get(s.patientId)) : null,
        }));
    },
  };
}
