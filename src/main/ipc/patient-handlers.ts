/**
 * Handlers of patient:*. Searching is for doctors and registrars; registering for registrars. Every
 * look-up that shows records goes through the services' look-ups: audited, limited per operator.
 */
import type { PATIENT_CHANNELS } from '../../shared/ipc/patient-channels.ts';
import { KioskError } from '../../shared/kiosk-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import { NO_PHONE } from '../../core/patients/phone.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import { patientSummary } from './patient-summary.ts';
import type { IpcHandlers } from './router.ts';

/** Doctors search to identify, registrars to register and enrol; admins do neither. */
function requireSearcher(runtime: KioskRuntime) {
  const session = runtime.require(null);
  if (session.operator.role === 'admin') {
    throw new RegistryError('NOT_AUTHORISED', 'An admin does not look patients up.');
  }
  return session;
}

export function patientHandlers(runtime: KioskRuntime): IpcHandlers<typeof PATIENT_CHANNELS> {
  return {
    'patient:findByIin': ({ iin }) => {
      const { services, actor } = requireSearcher(runtime);
      return services.lookups
        .show(actor, 'iin', () => {
          const found = services.patients.findByIin(iin.trim());
          return found ? [found] : [];
        })
        .map((p) => patientSummary(services, p));
    },
    'patient:findByName': (query) => {
      const { services, actor } = requireSearcher(runtime);
      const found = services.lookups.show(actor, 'name', () =>
        services.patients.findByName(
          {
            familyName: query.familyName,
            ...(query.givenNames ? { givenNames: query.givenNames } : {}),
            ...(query.birthDate ? { birthDate: query.birthDate } : {}),
          },
          50,
        ),
      );
      return found.map((p) => patientSummary(services, p));
    },
    'patient:register': (input) => {
      const { services, actor } = runtime.require('register_patient');
      return patientSummary(services, services.patients.register(input, actor));
    },
    'patient:linkRepresentative': (link) => {
      const { services, actor } = runtime.require('register_patient');
      services.representatives.link(link, actor);
      return null;
    },
    'patient:unlinkRepresentative': ({ patientId, representativeId }) => {
      const { services, actor } = runtime.require('register_patient');
      services.representatives.unlink(patientId, representativeId, actor);
      return null;
    },
    'patient:representatives': ({ patientId }) => {
      const { services, actor } = requireSearcher(runtime);
      const links = services.lookups.show(actor, 'representative', () =>
        services.representatives.of(patientId).map((r) => ({ ...r, id: r.representativeId })),
      );
      return links.map((r) => {
        const rep = services.patients.get(r.representativeId);
        return {
          representativeId: r.representativeId,
          familyName: rep.familyName,
          givenNames: rep.givenNames,
          relation: r.relation,
          hasPhone: rep.phone !== NO_PHONE,
        };
      });
    },
    'patient:printCodeSlip': async ({ patientId }) => {
      const { services, operator } = runtime.require('issue_slip');
      const { pdf, expiresAt } = await services.printReceptionSlip(patientId, operator);
      try {
        await runtime.options.printer.print(pdf);
      } catch {
        // Issued but not printed: the clinic holds it until it expires; a new slip replaces it.
        throw new KioskError('PRINT_FAILED', 'The slip could not be printed; print a new one.');
      } finally {
        pdf.fill(0);
      }
      return { printed: true as const, expiresAt: expiresAt.toISOString() };
    },
    'patient:withdrawConsent': ({ patientId }) => {
      const { services, actor } = runtime.require('withdraw_consent');
      return services.enrolment.withdrawConsent(patientId, actor);
    },
    'patient:setLanguage': ({ patientId, language }) => {
      const { services } = runtime.require(null);
      services.languages.remember(patientId, language);
      return null;
    },
  };
}
