/**
 * The setup form's checks, mirroring what main will accept (src/core/config/kiosk-config.ts and
 * src/core/registry/operators.ts) so a mistake is pointed at next to its field before anything is
 * sent. Main checks again and stays the authority.
 */

export interface SetupForm {
  clinicId: string;
  clinicName: string;
  timeZone: string;
  callNumber: string;
  deskId: string;
  login: string;
  displayName: string;
  password: string;
  passwordAgain: string;
}

export type SetupProblem =
  | 'clinicId'
  | 'clinicName'
  | 'timeZone'
  | 'callNumber'
  | 'deskId'
  | 'login'
  | 'displayName'
  | 'password'
  | 'passwordAgain';

const CLINIC_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DESK_ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const CALL_NUMBER = /^\+?[0-9][0-9 ()-]{4,24}$/;
const ZONE_NAME = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/;
const LOGIN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const MIN_PASSWORD_LENGTH = 8;

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
  if (!LOGIN.test(form.login)) problems.push('login');
  if (form.displayName.trim() === '' || form.displayName.length > 200) problems.push('displayName');
  if (form.password.length < MIN_PASSWORD_LENGTH || form.password.length > 200) problems.push('password');
  else if (form.password !== form.passwordAgain) problems.push('passwordAgain');
  return problems;
}

export const OPERATOR_LOGIN_PATTERN = LOGIN;
