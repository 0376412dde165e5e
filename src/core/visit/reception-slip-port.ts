/**
 * The doctor's desk's two questions to the clinic about a slip printed at reception (issue 13,
 * docs/SLIP-AT-RECEPTION.md): does the patient hold an open one, and does the typed code redeem
 * it. The clinic decides, online only: a reception slip is never redeemed offline, because two
 * offline desks could both accept it. Anything short of a timely answer is `unreachable`, and the
 * visit falls back to the desk's own slip and the second operator's sign-off.
 */
import type { SlipRedemption } from '../clinic/protocol.ts';

/** The clinic's redemption, with the slip it redeemed; `none`: no open slip; `unreachable`: no answer in time. */
export type ReceptionSlipAnswer =
  | (Extract<SlipRedemption, { status: 'ok' }> & { slipId: string })
  | Exclude<SlipRedemption, { status: 'ok' }>
  | { status: 'none' }
  | { status: 'unreachable' };

export interface ReceptionSlips {
  /** Whether the patient holds an open reception slip; false when the clinic cannot say in time. Never throws. */
  hasOpen(patientId: string): Promise<boolean>;
  /**
   * Redeems the typed code for the visit. Throws only for a malformed entry (CODE_MALFORMED, before
   * the clinic is asked: it costs no try); a clinic that does not answer in time is `unreachable`.
   */
  redeem(
    patientId: string,
    entered: string,
    visitId: string,
    operatorId: string,
  ): Promise<ReceptionSlipAnswer>;
}
