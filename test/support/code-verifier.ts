/**
 * Child process for the concurrent-verify test: opens its own connection, waits for "go" on stdin
 * (so both children submit at the same moment), verifies the code once and prints the result as
 * JSON. Usage: node code-verifier.ts DB_PATH KEY_PATH VISIT_ID CODE NOW_ISO
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { AuditLog } from '../../src/core/audit/audit-log.ts';
import { CodeService } from '../../src/core/codes/code-service.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import { DeskStore } from '../../src/core/store/desk-store.ts';

const [dbPath, keyPath, visitId, code, nowIso] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const store = DeskStore.open(dbPath);
const keys = deriveSubkeys(keyFileProvider(keyPath));
const codes = new CodeService({ store, audit: new AuditLog(store.rows.audit, keys['audit-chain']), keys });
writeSync(1, 'ready\n');
process.stdin.once('data', () => {
  let out: unknown;
  try {
    out = codes.verify(visitId, code, { operatorId: randomUUID(), deskId: 'desk-race' }, new Date(nowIso));
  } catch (error) {
    out = { error: String(error) };
  }
  writeSync(1, `${JSON.stringify(out)}\n`);
  store.close();
  process.exit(0);
});
