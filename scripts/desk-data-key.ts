/**
 * The desk's data key for the command-line tools that open a desk's records (audit, unlock-admin).
 * A desk set up with a key file hands it over as it is. A desk that keeps its key in the OS key
 * store (the app's way: safeStorage, sealed to the PC's user session) has no file a terminal can
 * read, so the tools take its desk-transfer file (the admin's "Export transfer file" on the
 * Settings tab) and the passphrase it was exported under: typed at the terminal, or the first line
 * of --passphrase-file for a script (prompt-passphrase.ts says why a file and not a variable).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importDeskTransfer } from '../src/core/crypto/desk-transfer.ts';
import { readKeyFile } from '../src/core/crypto/key-file.ts';
import { passphraseFrom } from './prompt-passphrase.ts';

/** Where the key comes from: exactly one of a key file and a transfer file. */
export interface DeskKeySource {
  keyFile?: string | undefined;
  transfer?: string | undefined;
  /** With `transfer` only: the passphrase's file, else the passphrase is asked at the terminal. */
  passphraseFile?: string | undefined;
}

/** Whether the arguments name exactly one key source (and a passphrase file only with a transfer file). */
export function oneKeySource(source: DeskKeySource): boolean {
  const hasKey = source.keyFile !== undefined;
  const hasTransfer = source.transfer !== undefined;
  return hasKey !== hasTransfer && (source.passphraseFile === undefined || hasTransfer);
}

/** The data key, as a fresh buffer the caller wipes; throws when it cannot be read or opened. */
export async function deskDataKey(source: DeskKeySource): Promise<Buffer> {
  if (source.keyFile !== undefined) return readKeyFile(resolve(source.keyFile));
  if (source.transfer === undefined) throw new Error('Give the key file or the desk-transfer file.');
  const file = readFileSync(resolve(source.transfer));
  const passphrase = await passphraseFrom(source.passphraseFile, 'Passphrase of the desk-transfer file: ');
  return importDeskTransfer(file, passphrase).dataKey;
}
