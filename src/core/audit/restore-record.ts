/**
 * A restore, recorded: `npm run backup -- restore` puts an older database back and sets the
 * sealed head aside (chain-head-file.ts), so the older chain is not taken for a rollback; this then
 * writes a 'database_restored' row into the restored chain (from which head to which: a rollback
 * done through the restore command stays visible as one) and seals the new head. Run by the
 * restore command when it has the data key, otherwise at the kiosk's next start.
 */
import { rmSync } from 'node:fs';
import { AuditError } from '../../shared/audit-errors.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { AuditLog } from './audit-log.ts';
import { restorePendingPath, type ChainHeadFile } from './chain-head-file.ts';
import type { RestoreDetail } from './events.ts';

/** Records the pending restore, if there is one; returns what it recorded, or null. */
export function recordRestore(options: {
  store: DeskStore;
  audit: AuditLog;
  file: ChainHeadFile;
  deskId: string;
}): RestoreDetail | null {
  const { store, audit, file } = options;
  const pending = file.pendingRestore();
  if (pending === null) return null;
  const rows = store.rows.audit;
  const detail: RestoreDetail = {
    restoredSeq: rows.newestSeq() ?? rows.anchor().seq,
    previousSeq: pending.previous?.seq ?? null,
  };
  store.write((tx) =>
    audit.append(tx, { operatorId: 'system', deskId: options.deskId, event: 'database_restored', detail }),
  );
  const head = rows.head();
  if (head === null) throw new AuditError('AUDIT_CHAIN_BROKEN', 'The restore row was not written.');
  // The head first: a crash before the pending file goes records the restore twice, never not at all.
  file.write(head);
  rmSync(restorePendingPath(file.path), { force: true });
  return detail;
}
