/**
 * Child process for the crash test: appends audit rows as fast as it can, one to three per
 * transaction, and after each commit prints the last committed sequence number. The parent kills
 * it with SIGKILL at a random moment. Usage: node crash-writer.ts DB_PATH KEY_PATH
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { AuditLog } from '../../src/core/audit/audit-log.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import { DeskStore } from '../../src/core/store/desk-store.ts';

const [dbPath, keyPath] = process.argv.slice(2) as [string, string];
const store = DeskStore.open(dbPath);
const audit = new AuditLog(store.rows.audit, deriveSubkeys(keyFileProvider(keyPath))['audit-chain']);
const operatorId = randomUUID();

for (let n = 0; ; n += 1) {
  const seq = store.write((tx) => {
    let last = 0;
    for (let i = 0; i <= n % 3; i += 1) {
      last = audit.append(tx, {
        operatorId,
        deskId: 'desk-crash',
        patientId: randomUUID(),
        visitId: randomUUID(),
        event: 'face_no_match',
        method: 'face',
        distance: Math.random() + 0.6,
        threshold: 0.6,
        modelVersion: 'face-api-1.7.15',
      }).seq;
    }
    return last;
  });
  // Synchronous, and only after COMMIT returned: a printed number is a promise that the row is durable.
  writeSync(1, `${seq}\n`);
}
