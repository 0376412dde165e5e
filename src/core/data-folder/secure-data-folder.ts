/**
 * What the app does to its data folder at every start, before it opens anything in it: the folder
 * private (0700 and every file 0600 on Linux and macOS; on Windows an ACL of the desk's account,
 * Administrators and SYSTEM), and a plaintext temporary file a crash left behind (a backup being
 * made at a power cut) wiped.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, TEMP_FILE_PREFIX, tightenModes, wipeFile } from './private-files.ts';
import { restrictFolderAcl, type AclOutcome, type CommandRunner } from './windows-acl.ts';

/** Older than this, a temporary file belongs to no running backup (one takes minutes at most). */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface SecureDataFolderOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Runs icacls on Windows (tests pass a recorder). */
  run?: CommandRunner;
  now?: Date;
}

export interface DataFolderReport {
  /** Files and folders whose modes were narrowed (none on Windows). */
  tightened: string[];
  /** Those it could not narrow (not this account's). */
  refused: string[];
  /** The Windows ACL, or null elsewhere. */
  acl: AclOutcome | null;
  staleTempsWiped: string[];
}

export function secureDataFolder(dir: string, options: SecureDataFolderOptions = {}): DataFolderReport {
  const platform = options.platform ?? process.platform;
  const now = (options.now ?? new Date()).getTime();
  makePrivateDir(dir, platform);
  const staleTempsWiped = readdirSync(dir)
    .filter((name) => name.startsWith(TEMP_FILE_PREFIX))
    .map((name) => join(dir, name))
    .filter((path) => now - statSync(path).mtimeMs > STALE_TEMP_MS);
  for (const path of staleTempsWiped) wipeFile(path);
  const modes = platform === 'win32' ? { changed: [], refused: [] } : tightenModes(dir);
  return {
    tightened: modes.changed,
    refused: modes.refused,
    acl: platform === 'win32' ? restrictFolderAcl(dir, options.env ?? process.env, options.run) : null,
    staleTempsWiped,
  };
}
