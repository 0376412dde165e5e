/**
 * The visit's question to the clinic (visit/other-desks.ts): the other desks' face failures and
 * codes for one patient. It has a connection of its own, so it never queues behind a sync round's
 * push or pull on the sync's connection, and it is bounded: a patient at the desk waits at most
 * CLINIC_COUNTS_BOUND_MS for it. The clinic is asked only while the sync says the desk is online;
 * anything short of a timely answer (offline, refused, slow, a broken connection) is "the desk's
 * own rows decide", and the next question opens a fresh connection.
 */
import type pg from 'pg';
import type { ClinicLinkState } from '../../shared/ipc/clinic-channels.ts';
import { ClinicDeskApi } from '../clinic/desk-api.ts';
import { DESK_ONLY, type OtherDesks, type OtherDesksAnswer } from '../visit/other-desks.ts';

/** How long a visit waits for the clinic's counts, connecting included, before its own rows decide. */
export const CLINIC_COUNTS_BOUND_MS = 1500;

export interface ClinicCountsOptions {
  /** Opens a connection as the desk's role (the sync's connector). */
  connect: () => Promise<pg.Client>;
  /** The sync's view of the link: the clinic is asked only while it is 'online'. */
  linkState: () => ClinicLinkState;
}

export class ClinicCounts implements OtherDesks {
  readonly #o: ClinicCountsOptions;
  #client: Promise<pg.Client> | null = null;
  #closed = false;

  constructor(options: ClinicCountsOptions) {
    this.#o = options;
  }

  async counts(patientId: string, since: Date): Promise<OtherDesksAnswer> {
    if (this.#closed || this.#o.linkState() !== 'online') return DESK_ONLY;
    const asked = this.#ask(patientId, since);
    // An answer that comes after the bound is dropped with its connection, never thrown.
    asked.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), CLINIC_COUNTS_BOUND_MS);
    });
    try {
      const counts = await Promise.race([asked, late]);
      if (counts === null) {
        this.#drop();
        return DESK_ONLY;
      }
      return { scope: 'clinic', counts };
    } catch {
      this.#drop();
      return DESK_ONLY;
    } finally {
      clearTimeout(timer);
    }
  }

  async #ask(patientId: string, since: Date) {
    const client = await this.#connected();
    return new ClinicDeskApi(client).patientLimits(patientId, since);
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
