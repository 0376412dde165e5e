/**
 * The code path's action: a code issued by the code service (which writes and audits it) and
 * delivered over the channel the machine chose: the gateway to the patient's or their
 * representative's phone, or a printed slip. The outcome comes back as the machine's next event.
 */
import { CodeError } from '../../shared/code-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Clock } from '../clock.ts';
import { CODE_LIMIT_WINDOW_MS } from '../codes/code-policy.ts';
import type { CodeMethod, CodeService, OtherDesksCodes } from '../codes/code-service.ts';
import { codeText } from '../codes/code-text.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { PatientLanguages } from '../patients/patient-language.ts';
import { NO_PHONE } from '../patients/phone.ts';
import type { LiveVisit } from './live-visit.ts';
import type { OtherDesks } from './other-desks.ts';
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
  /** Clinic mode: the codes other desks sent count towards the patient's hourly limit. */
  otherDesks?: OtherDesks;
}

/** The other desks' codes for the patient within the limit's window, asked just before the issue. */
async function otherDesksCodes(deps: CodeDeliveryDeps, patientId: string): Promise<OtherDesksCodes | null> {
  if (!deps.otherDesks) return null;
  const since = new Date(deps.clock.now().getTime() - CODE_LIMIT_WINDOW_MS);
  const answer = await deps.otherDesks.counts(patientId, since);
  return answer.scope === 'clinic'
    ? { scope: 'clinic', codesIssued: answer.counts.codesIssued }
    : { scope: 'desk', codesIssued: 0 };
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
  const otherDesks = await otherDesksCodes(deps, patient.id);
  const now = clock.now();
  let issued;
  try {
    issued = codes.issue(patient.id, v.id, v.actor, now, {
      method: codeMethodOf(channel),
      ...(otherDesks ? { otherDesks } : {}),
    });
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
