/**
 * Looking patients up, audited and limited. A desk's search shows names, birth dates and masked
 * IINs: the registry is the thing an insider would copy out, one search at a time. So every record
 * a look-up shows is recorded ('patient_viewed', who, which patient, by which means), and an
 * operator who has seen LOOKUP_LIMIT.records records within the rolling window is refused
 * (LOOKUP_RATE_LIMITED, the refusal audited too) until older views leave the window. The count is
 * read from the audit trail itself: one record of the fact, which a restart does not reset.
 */
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { LookupMeans } from '../audit/events.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';

/**
 * 60 records per rolling 10 minutes. A busy registrar sees a patient every two minutes or so, with
 * a few records on screen each (a search by name, the IIN, the representatives): about 5 × 6 = 30
 * in ten minutes, so twice that leaves room for a crowded morning. A harvester is held to 360
 * records an hour instead of the whole registry in minutes, and each one is in the trail.
 */
export const LOOKUP_LIMIT = { records: 60, windowMs: 10 * 60_000 } as const;

export interface PatientLookupDeps {
  store: DeskStore;
  audit: AuditLog;
  clock: Clock;
}

export class PatientLookups {
  readonly #deps: PatientLookupDeps;

  constructor(deps: PatientLookupDeps) {
    this.#deps = deps;
  }

  /**
   * Runs the look-up `find` for `actor` and returns what it found, each record audited as viewed;
   * or, when showing them would take the operator past the limit, shows none, audits the refusal
   * and throws LOOKUP_RATE_LIMITED. The count, the search and the rows are one transaction.
   */
  show<T extends { id: string }>(actor: Actor, means: LookupMeans, find: () => T[]): T[] {
    const { store, audit, clock } = this.#deps;
    const since = new Date(clock.now().getTime() - LOOKUP_LIMIT.windowMs).toISOString();
    const outcome = store.write((tx) => {
      const seen = store.rows.audit.countSince('patient_viewed', actor.operatorId, since);
      const found = seen < LOOKUP_LIMIT.records ? find() : null;
      if (found === null || seen + found.length > LOOKUP_LIMIT.records) {
        audit.append(tx, { ...actor, event: 'patient_lookup_refused', detail: { means } });
        return null;
      }
      for (const record of found) {
        audit.append(tx, { ...actor, event: 'patient_viewed', patientId: record.id, detail: { means } });
      }
      return found;
    });
    // Thrown after the commit: the refusal stays in the trail.
    if (outcome === null) {
      throw new RegistryError(
        'LOOKUP_RATE_LIMITED',
        `You have looked up ${LOOKUP_LIMIT.records} patient records in ${LOOKUP_LIMIT.windowMs / 60_000} minutes: wait, or narrow the search.`,
      );
    }
    return outcome;
  }
}
