/**
 * Visits the desk stopped in the middle of. A visit open when the app was killed or the power
 * went would otherwise stay open for ever with its code still valid, and nothing would show it:
 * killing the app would be a quiet way for a doctor not to leave a visit that ends "cancelled" or
 * "timed out" in the record. At every start, before anything else runs, each such visit is closed
 * as `interrupted`, its active code voided, and an audit row written in the visit's own name (its
 * operator, its patient), so per-doctor reports count interruptions like any other ending.
 */
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';

export function closeInterruptedVisits(store: DeskStore, audit: AuditLog, clock: Clock): number {
  return store.write((tx) => {
    const at = clock.now().toISOString();
    const unclosed = store.rows.visits.unclosed(tx);
    for (const visit of unclosed) {
      store.rows.visits.close(tx, visit.id, 'interrupted', at);
      store.rows.codes.voidActive(tx, visit.id, at);
      audit.append(tx, {
        operatorId: visit.operatorId,
        deskId: visit.deskId,
        visitId: visit.id,
        ...(visit.patientId ? { patientId: visit.patientId } : {}),
        event: 'visit_interrupted',
      });
    }
    return unclosed.length;
  });
}
