/**
 * Does the database open, pass SQLite's quick check and, with the key, verify its audit chain up to
 * the head sealed beside it (audit/head-check.ts), and
 * does the chain still hold the head the clinic last acknowledged (clinic-sync/ack-check.ts)?
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChainHeadFile, CHAIN_HEAD_FILE_NAME } from '../../audit/chain-head-file.ts';
import { verifyWithHead } from '../../audit/head-check.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { checkAgainstAck } from '../../clinic-sync/ack-check.ts';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../clinic-sync/clinic-ack.ts';
import { deriveSubkeys } from '../../crypto/subkeys.ts';
import { DATABASE_FILE_NAME } from '../../store/database.ts';
import { DeskStore } from '../../store/desk-store.ts';
import { actionLine, line, type CheckLine } from '../check-line.ts';

/**
 * `provider` null: the key did not check out, so the chain is not verified. `deskId` (from the
 * configuration) opens the clinic's acknowledgement file; without it that file is not checked.
 */
export function checkDatabase(dataDir: string, provider: KeyProvider | null, deskId?: string): CheckLine {
  const path = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(path)) {
    return actionLine(
      'database',
      'WARN',
      'missing',
      {},
      'no database yet',
      'Complete the first-start setup.',
    );
  }
  const store = DeskStore.open(path, { readonly: true });
  try {
    const integrity = store.integrity({ quick: true });
    if (integrity !== 'ok') {
      return actionLine(
        'database',
        'FAIL',
        'integrity',
        {},
        `quick_check: ${String(integrity)}`,
        'Restore the database from the last backup (docs/INSTALL.md).',
      );
    }
    if (provider === null) {
      return line(
        'database',
        'OK',
        'ok-no-key',
        {},
        'opens, integrity ok (audit chain not checked without the key)',
      );
    }
    const keys = deriveSubkeys(provider);
    // Against the head sealed outside the file too: a database rolled back or cut short fails here.
    const headFile = new ChainHeadFile(join(dataDir, CHAIN_HEAD_FILE_NAME), keys['chain-head']);
    const verdict = verifyWithHead(store.rows, keys['audit-chain'], headFile);
    if (!verdict.ok) {
      return actionLine(
        'database',
        'FAIL',
        'chain-broken',
        { seq: verdict.firstBadSeq, problem: verdict.problem },
        `audit chain broken at row ${verdict.firstBadSeq} (${verdict.problem}): ${verdict.message}`,
        'Do not delete anything; call the clinic’s security officer.',
      );
    }
    if (deskId !== undefined) {
      const ackFile = new ClinicAckFile({
        path: join(dataDir, CLINIC_ACK_FILE_NAME),
        key: keys['clinic-ack'],
        deskId,
      });
      const ack = checkAgainstAck(store, ackFile);
      if (!ack.ok) {
        return actionLine(
          'database',
          'FAIL',
          'clinic-ack',
          { seq: ack.ack.seq, local: ack.localSeq },
          ack.line,
          'Do not delete anything; call the clinic’s security officer.',
        );
      }
    }
    return line(
      'database',
      'OK',
      'ok',
      { rows: verdict.rows },
      `opens, integrity ok, audit chain verified (${verdict.rows} rows)`,
    );
  } finally {
    store.close();
  }
}
