/**
 * The setup form's checks, mirroring what main will accept (src/core/config/kiosk-config.ts and
 * src/core/operators/operators.ts) so a mistake is pointed at next to its field before anything is
 * sent. Main checks again and stays the authority.
 */
import type { NewAccountProblem, NewAccountValues } from '../../components/NewAccountFields.tsx';
import { newAccountProblems } from '../../components/NewAccountFields.tsx';

/** The clinic, this desk, and the first admin's account. */
export interface SetupForm extends NewAccountValues {
  clinicId: string;
  clinicName: string;
  timeZone: string;
  callNumber: string;
  deskId: string;
}

export type SetupProblem =
  'clinicId' | 'clinicName' | 'timeZone' | 'callNumber' | 'deskId' | NewAccountProblem;

const CLINIC_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DESK_ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const CALL_NUMBER = /^\+?[0-9][0-9 ()-]{4,24}$/;
const ZONE_NAME = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/;

function isTimeZone(value: string): boolean {
  if (!ZONE_NAME.test(value) && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every field that would be refused, in form order. */
export function setupProblems(form: SetupForm): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (!CLINIC_ID.test(form.clinicId)) problems.push('clinicId');
  if (form.clinicName.trim() === '' || form.clinicName.length > 200) problems.push('clinicName');
  if (!isTimeZone(form.timeZone)) problems.push('timeZone');
  if (!CALL_NUMBER.test(form.callNumber)) problems.push('callNumber');
  if (!DESK_ID.test(form.deskId)) problems.push('deskId');
  problems.push(...newAccountProblems(form));
  return problems;
}
