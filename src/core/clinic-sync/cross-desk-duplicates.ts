/**
 * The duplicate check across desks (issue 15). A desk's 1:N check at enrolment (enrolment.ts)
 * searches only the templates it holds, so the same face enrolled under two IINs at two desks
 * between their pulls passes at both. The desk that pulls the other's template is the first to
 * hold both, so it checks it then, inside the page's transaction: a hit flags both records as a
 * local duplicate does, is audited here, and goes to the clinic as a `face.duplicate` op (one flag
 * per pair there, however many desks report it).
 *
 * It is not a 1:N search per pulled row. A pulled template is compared only with the templates
 * this desk enrolled itself that the other desk may not have seen when it enrolled: those whose op
 * had not reached the clinic by UNSEEN_WINDOW_MS before the other enrolment (or has not reached it
 * yet). A desk that enrolled no one in that window (a new desk taking the whole registry) does no
 * search at all; any other compares each pulled template with a few rows by id.
 */
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { EarlierIndex } from '../enrolment/enrolment.ts';
import { meanOf, type TemplateIndex } from '../enrolment/template-index.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import type { AppliedChange } from './registry-apply.ts';
import { entityOf, type ClinicOutbox } from './registry-outbox.ts';

/**
 * How long before another desk's enrolment this desk's own enrolment must have reached the clinic
 * for that desk to have seen it. A desk online pulls within seconds of a change (registry-sync.ts,
 * wakeOnChanges); the window covers a desk that enrolled while it had been cut off from the clinic
 * and the two desks' clocks disagreeing (the times compared are each desk's own). Seven days is
 * seven times the default offline budget (clinic-config.ts): a desk offline longer than that is
 * already on every screen and in the clinic's report, and a face it enrolled then is checked only
 * against what reached the clinic in the week before. The cost grows with the window only by the
 * enrolments this desk made in it.
 */
export const UNSEEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The desk's 1:N indexes: the current pipeline's, and one per earlier pipeline still verified. */
export interface DeskIndexes {
  index: TemplateIndex;
  earlierIndexes?: readonly EarlierIndex[];
  /** The desk's pipeline, with its `duplicateThreshold` from the decision rule file. */
  model: { modelId: string; modelVersion: string; duplicateThreshold: number };
}

/**
 * The index templates of this model version are searched in, with that pipeline's own duplicate
 * threshold (distances mean something only within one pipeline), or null: not searched here.
 */
export function pipelineSearch(
  d: DeskIndexes,
  modelId: string,
  modelVersion: string,
): { index: TemplateIndex; threshold: number } | null {
  if (modelId === d.model.modelId && modelVersion === d.model.modelVersion)
    return { index: d.index, threshold: d.model.duplicateThreshold };
  const earlier = d.earlierIndexes?.find((e) => e.modelId === modelId && e.pipeline === modelVersion);
  return earlier ? { index: earlier.index, threshold: earlier.duplicateThreshold } : null;
}

export interface CrossDeskDeps extends DeskIndexes {
  store: DeskStore;
  audit: AuditLog;
  outbox: Pick<ClinicOutbox, 'faceDuplicate'>;
  clock: Clock;
  /** Who the audit rows are written as (the desk itself: 'system' at this desk). */
  deskId: string;
}

type PulledTemplate = Extract<AppliedChange, { kind: 'template' }> & {
  descriptors: NonNullable<Extract<AppliedChange, { kind: 'template' }>['descriptors']>;
  enrolledAt: string;
};

/**
 * Checks a pulled page's templates against this desk's own unseen enrolments, in the page's
 * transaction (RegistryPuller's `withinPage`); returns how many pairs it flagged.
 */
export function checkPulledTemplates(tx: Tx, changes: readonly AppliedChange[], d: CrossDeskDeps): number {
  const pulled = changes.filter(
    (c): c is PulledTemplate => c.kind === 'template' && c.descriptors !== null && c.enrolledAt !== null,
  );
  if (pulled.length === 0) return 0;
  const sinceOf = (c: PulledTemplate) => Date.parse(c.enrolledAt) - UNSEEN_WINDOW_MS;
  const earliest = Math.min(...pulled.map(sinceOf));
  if (!Number.isFinite(earliest)) return 0;
  const own = d.store.rows.clinicOps
    .ownEnrolmentsReachedSince(new Date(earliest).toISOString(), entityOf.template(''))
    .map((o) => ({ ...o, reachedMs: o.reachedAt === null ? null : Date.parse(o.reachedAt) }));
  if (own.length === 0) return 0;
  const ownTemplates = new Set(own.map((o) => o.clinicId));
  let flagged = 0;
  for (const c of pulled) {
    // This desk's own template coming back from the clinic.
    if (ownTemplates.has(c.id)) continue;
    const search = pipelineSearch(d, c.modelId, c.modelVersion);
    if (search === null) continue;
    const since = sinceOf(c);
    const candidates = own
      .filter(
        (o) =>
          o.patientId !== c.patientId &&
          o.modelId === c.modelId &&
          o.modelVersion === c.modelVersion &&
          (o.reachedMs === null || o.reachedMs >= since),
      )
      .map((o) => o.patientId);
    if (candidates.length === 0) continue;
    const mean = meanOf(c.descriptors);
    const distances = search.index.distancesTo(mean, candidates);
    mean.fill(0);
    candidates.forEach((ownPatientId, i) => {
      const distance = distances[i] ?? null;
      if (distance !== null && distance <= search.threshold && flagPair(tx, ownPatientId, c, d)) flagged += 1;
    });
  }
  return flagged;
}

/** Both records flagged and audited here, and the pair sent to the clinic; false: flagged already. */
function flagPair(tx: Tx, ownPatientId: string, pulled: PulledTemplate, d: CrossDeskDeps): boolean {
  const { store, audit } = d;
  // A page applied again, or the pair found before: one flag per pair and record.
  if (store.rows.flags.hasOpenWith(ownPatientId, 'duplicate_face', pulled.patientId)) return false;
  const raisedAt = d.clock.now().toISOString();
  store.rows.flags.raise(tx, ownPatientId, 'duplicate_face', pulled.patientId, raisedAt);
  store.rows.flags.raise(tx, pulled.patientId, 'duplicate_face', ownPatientId, raisedAt);
  for (const patientId of [ownPatientId, pulled.patientId]) {
    // As enrolment_blocked_duplicate: the pipeline whose distances found it, never a distance.
    audit.append(tx, {
      operatorId: 'system',
      deskId: d.deskId,
      patientId,
      event: 'duplicate_face_across_desks',
      modelVersion: pulled.modelVersion,
    });
  }
  d.outbox.faceDuplicate(tx, ownPatientId, pulled.patientId);
  return true;
}
