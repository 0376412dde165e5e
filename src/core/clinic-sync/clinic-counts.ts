/**
 * The visit's questions to the clinic: the other desks' face failures and codes for one patient
 * (visit/other-desks.ts), and the patient's slip printed at reception: is one open, does the typed
 * code redeem it (visit/reception-slip-port.ts). It has a connection of its own, so it never queues behind a sync round's
 * push or pull on the sync's connection, and it is bounded: a patient at the desk waits at most
 * CLINIC_COUNTS_BOUND_MS for each. The clinic is asked only while the sync says the desk is online;
 * anything short of a timely answer (offline, refused, slow, a broken connection) is "the desk's
 * own rows decide" (and "no reception slip": the desk prints its own), and the next question opens
 * a fresh connection.
 */
import type pg from 'pg';
import type { ClinicLinkState } from '../../shared/ipc/clinic-channels.ts';
import { ClinicDeskApi } from '../clinic/desk-api.ts';
import { parseEnteredCode } from '../codes/code-input.ts';
import { authorize, type Operator } from '../operators/operators.ts';
import { issueReceptionSlip, redeemReceptionSlip, type ReceptionSlip } from '../slip/reception-slips.ts';
import { DESK_ONLY, type OtherDesks, type OtherDesksAnswer } from '../visit/other-desks.ts';
import type { ReceptionSlipAnswer, ReceptionSlips } from '../visit/reception-slip-port.ts';
import type { ClinicKeys } from './clinic-seal.ts';

/** How long a visit waits for the clinic's counts, connecting included, before its own rows decide. */
export const CLINIC_COUNTS_BOUND_MS = 1500;

export interface ClinicCountsOptions {
  /** Opens a connection as the desk's role (the sync's connector). */
  connect: () => Promise<pg.Client>;
  /** The sync's view of the link: the clinic is asked only while it is 'online'. */
  linkState: () => ClinicLinkState;
  /** The clinic key's slip subkey: without it the desk never asks about reception slips. */
  keys?: Pick<ClinicKeys, 'slipCode'>;
}

/** No timely answer from the clinic. */
const UNANSWERED = Symbol('unanswered');

export class ClinicCounts implements OtherDesks, ReceptionSlips {
  readonly #o: ClinicCountsOptions;
  #client: Promise<pg.Client> | null = null;
  #closed = false;

  constructor(options: ClinicCountsOptions) {
    this.#o = options;
  }

  async counts(patientId: string, since: Date): Promise<OtherDesksAnswer> {
    const counts = await this.#bounded((api) => api.patientLimits(patientId, since));
    return counts === UNANSWERED ? DESK_ONLY : { scope: 'clinic', counts };
  }

  async hasOpen(patientId: string): Promise<boolean> {
    if (!this.#o.keys) return false;
    const open = await this.#bounded((api) => api.openSlip(patientId));
    return open !== UNANSWERED && open !== null;
  }

  async redeem(
    patientId: string,
    entered: string,
    visitId: string,
    operatorId: string,
  ): Promise<ReceptionSlipAnswer> {
    // A malformed entry is the doctor's to correct, not the clinic's silence: thrown, no try spent.
    parseEnteredCode(entered);
    const keys = this.#o.keys;
    if (!keys) return { status: 'unreachable' };
    const answer = await this.#bounded((api) =>
      redeemReceptionSlip({ api, keys }, patientId, entered, visitId, operatorId),
    );
    return answer === UNANSWERED ? { status: 'unreachable' } : answer;
  }

  /**
   * At reception: a slip for the patient, its code's HMAC stored at the clinic; null when the
   * clinic cannot be reached in time (the doctor's desk then prints its own). Only a registrar.
   */
  async issue(patientId: string, issuer: Operator): Promise<ReceptionSlip | null> {
    // Before the bound: a refusal is the operator's to hear, not the clinic's silence.
    authorize(issuer, 'issue_slip');
    const keys = this.#o.keys;
    if (!keys) return null;
    const slip = await this.#bounded((api) => issueReceptionSlip({ api, keys }, patientId, issuer));
    return slip === UNANSWERED ? null : slip;
  }

  /** One question within the bound; anything short of a timely answer is UNANSWERED, never thrown. */
  async #bounded<T>(ask: (api: ClinicDeskApi) => Promise<T>): Promise<T | typeof UNANSWERED> {
    if (this.#closed || this.#o.linkState() !== 'online') return UNANSWERED;
    const asked = this.#connected().then((client) => ask(new ClinicDeskApi(client)));
    // An answer that comes after the bound is dropped with its connection, never thrown.
    asked.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof UNANSWERED>((resolve) => {
      timer = setTimeout(() => resolve(UNANSWERED), CLINIC_COUNTS_BOUND_MS);
    });
    try {
      const answer = await Promise.race([asked, late]);
      if (answer === UNANSWERED) this.#drop();
      return answer;
    } catch {
      this.#drop();
      return UNANSWERED;
    } finally {
      clearTimeout(timer);
    }
  }

  #connected(): Promise<pg.Client> {
    if (this.#client !== null) return this.#client;
    const opening = this.#o.connect().then(async (client) => {
      // A dropped connection is noticed here or by the next question; it must not crash the desk.
      client.on('error', () => {
        if (this.#client === opening) this.#drop();
      });
      try {
        // The server stops the work too once nobody waits for it.
        await client.query(`SET statement_timeout = ${CLINIC_COUNTS_BOUND_MS}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      return client;
    });
    this.#client = opening;
    return opening;
  }

  /** Forgets the connection; it is ended in the background (a hung one must not hold a visit). */
  #drop(): void {
    const client = this.#client;
    this.#client = null;
    void client?.then((c) => c.end()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.then((c) => c.end()).catch(() => undefined);
  }
}
