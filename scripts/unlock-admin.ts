/**
 * npm run unlock-admin -- --data-dir DIR --login LOGIN (--key-file FILE | --transfer FILE [--passphrase-file FILE])
 *
 * Unlocks an admin account that wrong passwords locked when no other admin is left to do it from
 * the Accounts tab. It needs the desk's data key: the key file, or on a desk that keeps its key in
 * the OS key store (out of a terminal's reach) the key inside its desk-transfer file, opened with
 * the passphrase typed at the terminal or in --passphrase-file (desk-data-key.ts; docs/INSTALL.md). It checks that key
 * opens this desk's records and that their audit trail verifies before it writes anything. The
 * unlock is audited under 'system'. It may run while the kiosk is open: the desk reads the account
 * again at the next sign-in. Exit 0: unlocked (or was not locked); 1: refused, with the reason.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/core/audit/audit-log.ts';
import { verifyChain } from '../src/core/audit/verify.ts';
import { systemClock } from '../src/core/clock.ts';
import { CONFIG_FILE_NAME, readConfigFile } from '../src/core/config/config-file.ts';
import { keyFitsDatabase } from '../src/core/crypto/key-check.ts';
import { deriveSubkey } from '../src/core/crypto/subkeys.ts';
import { OperatorRegistry } from '../src/core/operators/operators.ts';
import { DATABASE_FILE_NAME } from '../src/core/store/database.ts';
import { DeskStore } from '../src/core/store/desk-store.ts';
import { deskDataKey, oneKeySource } from './desk-data-key.ts';

const USAGE =
  'usage: unlock-admin.ts --data-dir DIR --login LOGIN (--key-file FILE | --transfer FILE [--passphrase-file FILE])';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'key-file': { type: 'string' },
      transfer: { type: 'string' },
      'passphrase-file': { type: 'string' },
      login: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const dataDir = values['data-dir'];
const login = values.login;
const keySource = {
  keyFile: values['key-file'],
  transfer: values.transfer,
  passphraseFile: values['passphrase-file'],
};
if (dataDir === undefined || login === undefined || !oneKeySource(keySource)) fail(USAGE);

const config = readConfigFile(join(resolve(dataDir), CONFIG_FILE_NAME));
if (config === null) fail(`${dataDir} holds no desk configuration.`);
let dataKey: Buffer;
try {
  dataKey = await deskDataKey(keySource);
} catch (error) {
  fail(`The key cannot be read: ${(error as Error).message}`);
}
const chainKey = deriveSubkey(dataKey, 'audit-chain');
dataKey.fill(0);
const store = DeskStore.open(join(resolve(dataDir), DATABASE_FILE_NAME), { existing: true });
try {
  if (!keyFitsDatabase(store, chainKey)) fail("This key is not this desk's: nothing was changed.");
  const verdict = verifyChain(store.rows.audit, chainKey);
  if (!verdict.ok) {
    fail(
      `The audit trail does not verify (${verdict.problem} at row ${verdict.firstBadSeq}): nothing was changed.`,
    );
  }
  const operators = new OperatorRegistry({
    store,
    audit: new AuditLog(store.rows.audit, chainKey, systemClock),
    clock: systemClock,
  });
  const unlocked = operators.recoverAdmin(login, config.desk.id);
  console.log(unlocked ? `The admin ${login} is unlocked (audited).` : `The admin ${login} was not locked.`);
} catch (error) {
  fail((error as Error).message);
} finally {
  store.close();
}
