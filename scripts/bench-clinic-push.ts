/**
 * The evidence half of `npm run bench:clinic`: desks pushing decisions at once, each over its own
 * login role (addDesk), each push what a desk sends when a visit ends: the visit's audit rows
 * chained exactly as the desk chains them (hash-chain.ts, the desk's chain key), its decision and
 * the ended visit, through ClinicDeskApi.pushAudit. One call at a time per desk, as a desk's
 * pusher runs them; the desks run concurrently.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AuditRecord } from '../src/core/audit/events.ts';
import { chainHash, GENESIS_HASH } from '../src/core/audit/hash-chain.ts';
import { connectClinic } from '../src/core/clinic/connect.ts';
import { ClinicDeskApi } from '../src/core/clinic/desk-api.ts';
import { addDesk } from '../src/core/clinic/desks.ts';
import type { AuditBatch, ClinicAuditRow } from '../src/core/clinic/protocol.ts';

/** Audit rows a face visit leaves (SCALING.md's "about three"), pushed with its decision and visit. */
export const ROWS_PER_DECISION = 3;

/** A visit whose first face attempt fails: the retry after the liveness check matches. */
const EVENTS = ['face_no_match', 'liveness_passed', 'face_match'] as const;
const MODEL_VERSION = 'face-api@1.7.15';

export interface PushResult {
  decisions: number;
  auditRows: number;
  seconds: number;
  /** Per push call, from the call to the acknowledgement, in ms. */
  latencies: number[];
}

/** The superuser URL with the desk's role and password instead. */
export function deskUrl(url: string, role: string, password: string): string {
  const next = new URL(url);
  next.username = encodeURIComponent(role);
  next.password = encodeURIComponent(password);
  return next.toString();
}

/** A desk's chain: each call gives the next visit's batch, linked to the previous one. */
export class DeskChain {
  readonly #desk: string;
  readonly #key = randomBytes(32);
  #seq = 0;
  #prev: Buffer = GENESIS_HASH;

  constructor(desk: string) {
    this.#desk = desk;
  }

  nextVisit(): AuditBatch {
    const operatorId = randomUUID();
    const patientId = randomUUID();
    const visitId = randomUUID();
    const start = Date.now();
    const rows: ClinicAuditRow[] = EVENTS.slice(0, ROWS_PER_DECISION).map((event, i) => {
      this.#seq += 1;
      const record: AuditRecord = {
        seq: this.#seq,
        at: new Date(start + i).toISOString(),
        operatorId,
        deskId: this.#desk,
        patientId,
        visitId,
        event,
        method: 'face',
        distance: event === 'liveness_passed' ? null : event === 'face_match' ? 0.31 : 0.62,
        threshold: event === 'liveness_passed' ? null : 0.5,
        modelVersion: MODEL_VERSION,
        detail: null,
      };
      const hash = chainHash(this.#key, this.#prev, record);
      const row = { ...record, prevHash: this.#prev.toString('hex'), hash: hash.toString('hex') };
      this.#prev = hash;
      return row;
    });
    const at = (ms: number) => new Date(start + ms).toISOString();
    return {
      rows,
      decisions: [
        {
          id: randomUUID(),
          visitId,
          patientId,
          operatorId,
          decidedAt: at(1),
          outcome: 'identified',
          method: 'face',
          distance: 0.3141592653589793,
          threshold: 0.5,
          modelVersion: MODEL_VERSION,
        },
      ],
      visits: [
        {
          id: visitId,
          patientId,
          operatorId,
          visitType: 'in-person',
          startedAt: at(0),
          endedAt: at(2),
          endState: 'identified',
          method: 'face',
        },
      ],
    };
  }

  get head(): number {
    return this.#seq;
  }
}

/** `count` desks (roles named prefix-1..count), connected under their own roles. */
export async function openDesks(
  admin: pg.ClientBase,
  url: string,
  prefix: string,
  count: number,
): Promise<{ name: string; client: pg.Client }[]> {
  const desks: { name: string; client: pg.Client }[] = [];
  for (let i = 1; i <= count; i += 1) {
    const desk = await addDesk(admin, `${prefix}-${i}`);
    desks.push({ name: desk.name, client: await connectClinic(deskUrl(url, desk.role, desk.password)) });
  }
  return desks;
}

/** Pushes `decisions` visits spread over the desks, all desks at once; every push must be acknowledged. */
export async function pushDecisions(
  desks: { name: string; client: pg.Client }[],
  decisions: number,
): Promise<PushResult> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    desks.map(async (desk, index) => {
      const api = new ClinicDeskApi(desk.client);
      const chain = new DeskChain(desk.name);
      // An even share; the first desks take one more when it does not divide.
      const share = Math.floor(decisions / desks.length) + (index < decisions % desks.length ? 1 : 0);
      for (let i = 0; i < share; i += 1) {
        const batch = chain.nextVisit();
        const t0 = performance.now();
        const ack = await api.pushAudit(batch);
        latencies.push(performance.now() - t0);
        const last = batch.rows.at(-1);
        if (ack?.seq !== chain.head || ack.hash !== last?.hash) {
          throw new Error(`desk ${desk.name}: acknowledged ${JSON.stringify(ack)}, expected ${chain.head}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { decisions, auditRows: decisions * ROWS_PER_DECISION, seconds, latencies };
}

/** The value at quantile q (0..1) of the sorted values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
