/**
 * The data half of moving a desk and of mending one, from its desk-transfer file (the data key,
 * the configuration and the sealed secrets, wrapped under a passphrase: crypto/desk-transfer.ts).
 * Every check runs before anything is written, and nothing already there is ever replaced: a key,
 * a configuration or a database that exists stays as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackupError } from '../../shared/backup-errors.ts';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { readConfigFile, writeConfigFile } from '../config/config-file.ts';
import { parseKioskConfig, type KioskConfig } from '../config/kiosk-config.ts';
import { PRIVATE_FILE_MODE } from '../data-folder/private-files.ts';
import { exportDeskTransfer, type DeskTransferContent } from '../crypto/desk-transfer.ts';
import type { KeyProvider } from '../crypto/key-provider.ts';
import { SECRETS_FILE_NAME } from '../crypto/secret-store.ts';
import { deriveSubkey } from '../crypto/subkeys.ts';
import { restoreDatabaseFile, withDecryptedBackup } from '../store/backup.ts';
import { chainHeadPathFor, setHeadAsideForRestore } from '../audit/chain-head-file.ts';
import { chainVerifies, keyOpensRecords } from './records-check.ts';

/** Where a desk keeps its files, and its key store. */
export interface DeskFolder {
  dataDir: string;
  configPath: string;
  dbPath: string;
  keyProvider: KeyProvider;
}

function secretsPath(folder: DeskFolder): string {
  return join(folder.dataDir, SECRETS_FILE_NAME);
}

function importKey(folder: DeskFolder, key: Buffer): void {
  if (folder.keyProvider.importDataKey === undefined) {
    throw new CryptoError('KEY_UNAVAILABLE', 'This key store cannot take an imported key.');
  }
  folder.keyProvider.importDataKey(key);
}

/** The old desk's half: its key, configuration and secrets under the passphrase. */
export function transferFileOf(
  folder: DeskFolder,
  config: KioskConfig,
  passphrase: string,
  now: Date,
): Buffer {
  const dataKey = folder.keyProvider.dataKey();
  const secrets = secretsPath(folder);
  try {
    return exportDeskTransfer(
      { dataKey, config, secrets: existsSync(secrets) ? readFileSync(secrets, 'utf8') : null },
      passphrase,
      config.desk.id,
      now,
    );
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The new PC's half: the backup must open with the transferred key (it is this desk's) and its
 * audit chain verify (its trail is whole), before the database is restored, the key stored in
 * this PC's key store and the configuration and secrets written beside it.
 */
export async function takeOverDesk(
  folder: DeskFolder,
  content: DeskTransferContent,
  backupPath: string,
): Promise<void> {
  const config = parseKioskConfig(content.config);
  if (folder.keyProvider.importDataKey === undefined) {
    throw new CryptoError('KEY_UNAVAILABLE', 'This key store cannot take an imported key.');
  }
  const backupKey = { kind: 'desk', key: deriveSubkey(content.dataKey, 'backup-seal') } as const;
  const chainKey = deriveSubkey(content.dataKey, 'audit-chain');
  try {
    await withDecryptedBackup(backupPath, backupKey, folder.dataDir, async (database) => {
      if (!chainVerifies(database, chainKey)) {
        throw new CryptoError(
          'DECRYPT_FAILED',
          'The backup does not belong to this transfer file (its audit chain does not verify).',
        );
      }
      await restoreDatabaseFile(database, folder.dbPath);
      // The new PC keeps no head yet: the first start records the restore and seals one.
      setHeadAsideForRestore(chainHeadPathFor(folder.dbPath));
    });
  } catch (error) {
    if (!(error instanceof BackupError && error.code === 'BACKUP_WRONG_KEY')) throw error;
    throw new CryptoError('DECRYPT_FAILED', 'The backup does not belong to this transfer file.');
  }
  importKey(folder, content.dataKey);
  if (content.secrets !== null) {
    writeFileSync(secretsPath(folder), content.secrets, { mode: PRIVATE_FILE_MODE });
  }
  writeConfigFile(folder.configPath, config);
}

/**
 * A desk whose data key or configuration went missing gets them back: the file's key must verify
 * this database's records and its desk be this desk; only what is missing is written.
 */
export function mendFromTransfer(
  folder: DeskFolder,
  content: DeskTransferContent,
  keyMissing: boolean,
): void {
  const config = parseKioskConfig(content.config);
  const present = readConfigFile(folder.configPath);
  if (present !== null && present.desk.id !== config.desk.id) {
    throw new CryptoError('KEY_WRONG', `The transfer file is desk ${config.desk.id}'s, not this desk's.`);
  }
  if (!keyOpensRecords(folder.dbPath, deriveSubkey(content.dataKey, 'audit-chain'))) {
    throw new CryptoError('KEY_WRONG', "The transfer file's key does not verify this desk's records.");
  }
  if (keyMissing) importKey(folder, content.dataKey);
  if (content.secrets !== null && !existsSync(secretsPath(folder))) {
    writeFileSync(secretsPath(folder), content.secrets, { mode: PRIVATE_FILE_MODE });
  }
  if (present === null) writeConfigFile(folder.configPath, config);
}
