/**
 * A key provider backed by a file of 32 random bytes, for tests and command-line tools. The file is
 * created with mode 0600 when missing (and creation was asked for); a file other users can read is
 * refused, as ssh refuses such a private key.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { DATA_KEY_BYTES, type KeyProvider } from './key-provider.ts';
import { PRIVATE_FILE_MODE } from '../data-folder/private-files.ts';

export interface KeyFileOptions {
  /** Create the file with a new random key when it does not exist (the first start of a desk). */
  create?: boolean;
}

function createKeyFile(path: string): void {
  let fd: number;
  try {
    // 'wx': never overwrite an existing key (that would make every template unreadable).
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // another process made it first
    throw error;
  }
  try {
    writeSync(fd, randomBytes(DATA_KEY_BYTES));
  } finally {
    closeSync(fd);
  }
}

export function readKeyFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CryptoError('KEY_MISSING', `There is no key file at ${path}.`);
    }
    throw new CryptoError(
      'KEY_UNAVAILABLE',
      `The key file ${path} cannot be read: ${(error as Error).message}`,
    );
  }
  try {
    // Windows has no Unix permission bits; there the folder's ACL protects the file.
    if (process.platform !== 'win32' && (fstatSync(fd).mode & 0o077) !== 0) {
      throw new CryptoError(
        'KEY_INSECURE',
        `The key file ${path} is readable by other users; make it private (chmod 600) and restart.`,
      );
    }
    const key = readFileSync(fd);
    if (key.length !== DATA_KEY_BYTES) {
      throw new CryptoError(
        'KEY_INVALID',
        `The key file ${path} holds ${key.length} bytes; expected ${DATA_KEY_BYTES}.`,
      );
    }
    return key;
  } finally {
    closeSync(fd);
  }
}

export function keyFileProvider(path: string, options: KeyFileOptions = {}): KeyProvider {
  return {
    description: `key file ${path}`,
    dataKey(): Buffer {
      if (options.create) createKeyFile(path);
      return readKeyFile(path);
    },
    importDataKey(key: Buffer): void {
      if (key.length !== DATA_KEY_BYTES)
        throw new CryptoError('KEY_INVALID', 'The imported key has the wrong length.');
      let fd: number;
      try {
        fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
      } catch {
        throw new CryptoError(
          'KEY_INVALID',
          `A data key is already stored at ${path}; it is never replaced.`,
        );
      }
      try {
        writeSync(fd, key);
      } finally {
        closeSync(fd);
      }
    },
  };
}
