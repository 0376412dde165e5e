/**
 * npm run backup -- backup  --data-dir DIR --out FILE  KEY
 * npm run backup -- restore --data-dir DIR --from FILE KEY
 *   KEY: --key-file FILE         the desk's data key (installs that keep it in a key file)
 *        --passphrase-file FILE  a passphrase (first line of FILE), for an off-desk copy
 *        --passphrase            the same, typed at the terminal
 *        --plaintext             (restore only) an unencrypted backup made by an older Tanu
 *
 * Backing up and restoring the desk's database with SQLite's online backup API, never a file copy
 * (src/core/store/backup.ts says why), always encrypted (src/core/crypto/backup-file.ts): the
 * plaintext copy only ever exists as a private temporary file in the data folder. `backup` works
 * while the kiosk is running. `restore` must run with the kiosk closed: it decrypts and checks the
 * backup (key, integrity, schema) first, keeps the current database as
 * tanu.sqlite.before-restore-<time>, then copies the backup in page by page. The audit chain's sealed
 * head is set aside and the restore recorded in the restored chain (a 'database_restored' row, and
 * a new sealed head): at once with --key-file, otherwise at the kiosk's next start
 * (src/core/audit/restore-record.ts). Exit code 1 on any failure.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE_NAME, readConfigFile } from '../src/core/config/config-file.ts';
import type { BackupKey } from '../src/core/crypto/backup-file.ts';
import { makePrivateDir } from '../src/core/data-folder/private-files.ts';
import { readKeyFile } from '../src/core/crypto/key-file.ts';
import { deriveSubkey } from '../src/core/crypto/subkeys.ts';
import { AuditLog } from '../src/core/audit/audit-log.ts';
import {
  ChainHeadFile,
  chainHeadPathFor,
  setHeadAsideForRestore,
} from '../src/core/audit/chain-head-file.ts';
import { recordRestore } from '../src/core/audit/restore-record.ts';
import { chainKeyFits } from '../src/core/audit/verify.ts';
import {
  backupDatabase,
  checkBackupFile,
  restoreDatabaseFile,
  withDecryptedBackup,
} from '../src/core/store/backup.ts';
import { DATABASE_FILE_NAME } from '../src/core/store/database.ts';
import { DeskStore } from '../src/core/store/desk-store.ts';
import { passphraseFrom, promptPassphrase } from './prompt-passphrase.ts';

const USAGE = `usage: backup.ts backup  --data-dir DIR --out FILE  KEY
       backup.ts restore --data-dir DIR --from FILE KEY
KEY:   --key-file FILE | --passphrase-file FILE | --passphrase | (restore only) --plaintext`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    'key-file': { type: 'string' },
    'passphrase-file': { type: 'string' },
    passphrase: { type: 'boolean', default: false },
    plaintext: { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (!values['data-dir'] || (command !== 'backup' && command !== 'restore')) fail(USAGE);
const keyOptions = [
  values['key-file'] !== undefined,
  values['passphrase-file'] !== undefined,
  values.passphrase,
];
const plaintext = command === 'restore' && values.plaintext;
if (
  keyOptions.filter(Boolean).length + (values.plaintext ? 1 : 0) !== 1 ||
  (values.plaintext && !plaintext)
) {
  fail(`give exactly one key option\n${USAGE}`);
}
const dataDir = resolve(values['data-dir']);
const live = join(dataDir, DATABASE_FILE_NAME);

async function backupKey(): Promise<BackupKey> {
  const keyFile = values['key-file'];
  if (keyFile !== undefined) {
    const dataKey = readKeyFile(resolve(keyFile));
    try {
      return { kind: 'desk', key: deriveSubkey(dataKey, 'backup-seal') };
    } finally {
      dataKey.fill(0);
    }
  }
  const passphraseFile = values['passphrase-file'];
  const passphrase = await passphraseFrom(passphraseFile, 'Passphrase: ');
  if (passphraseFile !== undefined) return { kind: 'passphrase', passphrase };
  if (command === 'backup' && (await promptPassphrase('The same again: ')) !== passphrase) {
    throw new Error('The two passphrases are not the same.');
  }
  return { kind: 'passphrase', passphrase };
}

/** The desk's id for the backup's header; a backup is still made when the configuration is missing or broken. */
function deskId(): string {
  try {
    return readConfigFile(join(dataDir, CONFIG_FILE_NAME))?.desk.id ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Sets the live database aside and copies `database` in. Leaving WAL mode needs the only connection
 * to the file, so it fails while the kiosk has it open; on success it also folds the WAL into the
 * file being set aside.
 */
async function replaceLive(database: string): Promise<void> {
  if (existsSync(live)) {
    const probe = new Database(live, { fileMustExist: true });
    let mode: unknown;
    try {
      probe.pragma('busy_timeout = 0');
      mode = probe.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = 'busy';
    } finally {
      probe.close();
    }
    // Thrown, not exited: the caller's clean-up (the decrypted temporary file) must still run.
    if (mode !== 'delete') throw new Error(`${live} is in use: close the kiosk before restoring`);
    const kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(live, kept);
    for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
    console.log(`kept the previous database as ${kept}`);
  }
  await restoreDatabaseFile(database, live);
  setHeadAsideForRestore(chainHeadPathFor(live));
}

/** With the desk's key file: the restore goes into the restored chain now, with a new sealed head. */
function recordRestoreNow(keyFile: string): void {
  const dataKey = readKeyFile(resolve(keyFile));
  const chainKey = deriveSubkey(dataKey, 'audit-chain');
  const headKey = deriveSubkey(dataKey, 'chain-head');
  dataKey.fill(0);
  const store = DeskStore.open(live, { existing: true });
  try {
    if (!chainKeyFits(store.rows.audit, chainKey)) {
      throw new Error(`${live} was restored, but its audit trail was not written with this key file`);
    }
    const recorded = recordRestore({
      store,
      audit: new AuditLog(store.rows.audit, chainKey),
      file: new ChainHeadFile(chainHeadPathFor(live), headKey),
      deskId: deskId(),
    });
    if (recorded) {
      console.log(
        `recorded in the audit trail: restored to row ${recorded.restoredSeq} (the desk's head was ${recorded.previousSeq ?? 'not kept'})`,
      );
    }
  } finally {
    store.close();
  }
}

try {
  if (command === 'backup') {
    if (!values.out) fail(USAGE);
    const out = resolve(values.out);
    const key = await backupKey();
    const db = DeskStore.open(live);
    try {
      await backupDatabase(db, out, { key, tempDir: dataDir, deskId: deskId(), now: new Date() });
    } finally {
      db.close();
      if (key.kind === 'desk') key.key.fill(0);
    }
    console.log(
      `backed up ${live} to ${out} (encrypted with the ${key.kind === 'desk' ? 'data key' : 'passphrase'}; integrity ok)`,
    );
  } else {
    if (!values.from) fail(USAGE);
    const from = resolve(values.from);
    makePrivateDir(dataDir); // a replacement PC may have no data folder yet
    if (plaintext) {
      checkBackupFile(from);
      await replaceLive(from);
    } else await withDecryptedBackup(from, await backupKey(), dataDir, replaceLive);
    console.log(`restored ${from} into ${live} (integrity ok)`);
    const keyFile = values['key-file'];
    if (keyFile !== undefined) recordRestoreNow(keyFile);
    else console.log('the restore is recorded in the audit trail at the kiosk’s next start');
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
