/**
 * The code path's action: a code issued by the code service (which writes and audits it) and
 * delivered over the channel the machine chose: the gateway to the patient's or their
 * representative's phone, or a printed slip. The outcome comes back as the machine's next event.
 */
import { CodeError } from '../../shared/code-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Clock } from '../clock.ts';
import type { CodeMethod, CodeService } from '../codes/code-service.ts';
import { codeText } from '../codes/code-text.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { PatientLanguages } from '../patients/patient-language.ts';
import { NO_PHONE } from '../patients/phone.ts';
import type { LiveVisit } from './live-visit.ts';
import { maskPhone } from './mask-phone.ts';
import type { PatientContacts } from './patient-contacts.ts';
import type { CodeChannel, VisitEvent } from './types.ts';
import type { DeskSettings, SlipRequest } from './visit-desk-deps.ts';

export interface CodeDeliveryDeps {
  codes: CodeService;
  gateway: DeliveryChannel;
  renderSlip: (request: SlipRequest) => Promise<Uint8Array>;
  contacts: PatientContacts;
  languages: PatientLanguages;
  settings: DeskSettings;
  clock: Clock;
}

export function codeMethodOf(channel: CodeChannel | null): CodeMethod {
  return channel === 'representative' || channel === 'slip' ? channel : 'code';
}

/** Issues the visit's code and delivers it; returns the event saying how that went. */
export async function issueAndDeliver(
  deps: CodeDeliveryDeps,
  v: LiveVisit,
  channel: CodeChannel,
): Promise<VisitEvent> {
  const patient = v.patient;
  if (patient === null) throw new RegistryError('INVALID_PATIENT', 'No patient has been selected.');
  const { codes, settings, clock } = deps;
  const now = clock.now();
  let issued;
  try {
    issued = codes.issue(patient.id, v.id, v.actor, now, { method: codeMethodOf(channel) });
  } catch (error) {
    if (error instanceof CodeError && error.code === 'CODE_RATE_LIMITED') return { kind: 'codeRateLimited' };
    throw error;
  }
  v.codesIssued += 1;
  const language = deps.languages.of(patient.id) ?? settings.defaultLanguage;
  if (channel === 'slip') {
    v.slip?.fill(0);
    v.slip = await deps.renderSlip({
      language,
      clinic: settings.clinic,
      issuedAt: now,
      expiresAt: issued.expiresAt,
      timeZone: settings.timeZone,
      givenNames: patient.givenNames,
      familyName: patient.familyName,
      code: issued.code,
    });
    v.destination = null;
    return { kind: 'delivery', result: 'delivered' };
  }
  const to = channel === 'representative' ? deps.contacts.representativePhone(patient) : patient.phone;
  if (to === null || to === NO_PHONE) {
    throw new RegistryError('INVALID_PATIENT', 'The chosen code channel has no phone number.');
  }
  v.destination = maskPhone(to);
  const result = await deps.gateway.deliver({
    kind: 'code',
    to,
    text: codeText({
      language,
      code: issued.code,
      clinic: settings.clinic,
      expiresAt: issued.expiresAt,
      timeZone: settings.timeZone,
      forRepresentative: channel === 'representative',
    }),
    idempotencyKey: `code-${v.id}-${v.codesIssued}`,
  });
  return { kind: 'delivery', result: result.status };
}
