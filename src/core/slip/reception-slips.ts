/**
 * A slip issued at reception and redeemed once at a doctor's desk, in clinic mode online (issue
 * 13): the code is made at the registrar's desk, printed there, and kept at the clinic only as an
 * HMAC under the clinic key's slip subkey, bound to the slip's id and a random salt, so any desk of
 * the clinic can check it and the clinic database alone cannot. The doctor's desk hashes the typed
 * code with the salt the clinic gives it and the clinic decides (api.redeem_slip): once at the
 * whole clinic, wrong tries counted at every desk together. Never offline: a doctor's desk that
 * cannot reach the clinic uses its own slip and a second operator's sign-off (visit-desk.ts).
 *
 * The doctor's desk asks through ClinicCounts (bounded, clinic-sync/clinic-counts.ts) and the
 * visit (visit-desk.ts); docs/SLIP-AT-RECEPTION.md says what is built.
 */
import { randomBytes } from 'node:crypto';
import { CodeError } from '../../shared/code-errors.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { ClinicKeys } from '../clinic-sync/clinic-seal.ts';
import { uuidv7 } from '../clinic-sync/uuidv7.ts';
import { codeHash } from '../codes/code-hash.ts';
import { parseEnteredCode } from '../codes/code-input.ts';
import { freshCode } from '../codes/hotp.ts';
import { authorize, type Operator } from '../operators/operators.ts';
import type { ReceptionSlipAnswer } from '../visit/reception-slip-port.ts';

export interface ReceptionSlipDeps {
  api: Pick<ClinicDeskApi, 'issueSlip' | 'openSlip' | 'redeemSlip'>;
  keys: Pick<ClinicKeys, 'slipCode'>;
}

export interface ReceptionSlip {
  slipId: string;
  /** The six digits, for the printed slip only: never log, store or show them on the kiosk. */
  code: string;
  /** By the clinic's clock. */
  expiresAt: Date;
}

/** Issues a slip for the patient at this (registrar's) desk; the clinic stores its code's HMAC. */
export async function issueReceptionSlip(
  deps: ReceptionSlipDeps,
  patientId: string,
  issuer: Operator,
): Promise<ReceptionSlip> {
  authorize(issuer, 'issue_slip');
  const slipId = uuidv7();
  const salt = randomBytes(16);
  const code = freshCode();
  const { expiresAt } = await deps.api.issueSlip({
    id: slipId,
    patientId,
    issuedBy: issuer.id,
    salt: salt.toString('hex'),
    codeHash: codeHash(deps.keys.slipCode, slipId, salt, code).toString('hex'),
  });
  return { slipId, code, expiresAt: new Date(expiresAt) };
}

/**
 * The code the patient reads off their reception slip, typed at the doctor's desk for this visit.
 * A malformed entry is refused before the clinic is asked (it costs no try); `none`: the patient
 * has no open slip (never issued, expired, locked or redeemed already).
 */
export async function redeemReceptionSlip(
  deps: ReceptionSlipDeps,
  patientId: string,
  entered: string,
  visitId: string,
  operatorId: string,
): Promise<Exclude<ReceptionSlipAnswer, { status: 'unreachable' }>> {
  const code = parseEnteredCode(entered);
  const open = await deps.api.openSlip(patientId);
  if (open === null) return { status: 'none' };
  const candidate = codeHash(deps.keys.slipCode, open.id, Buffer.from(open.salt, 'hex'), code);
  const answer = await deps.api.redeemSlip(open.id, candidate.toString('hex'), visitId, operatorId);
  if (answer.status === 'ok' && answer.patientId !== patientId) {
    throw new CodeError('INVALID_CODE_REQUEST', 'The clinic redeemed a slip of another patient.');
  }
  return answer.status === 'ok' ? { ...answer, slipId: open.id } : answer;
}
