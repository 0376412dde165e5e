/**
 * The desk's files are for the desk's account only: every file 0600, every folder 0700 (on
 * Windows, which has no mode bits, the folder's ACL does this: windows-acl.ts). Files are created
 * with these modes rather than fixed afterwards, so there is no moment when another account could
 * open them; an umask can only narrow a mode, never widen it.
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Group and other bits: none may be set on a data file or folder. */
const SHARED_BITS = 0o077;

const hasModeBits = (platform: NodeJS.Platform) => platform !== 'win32';

/** Creates `dir` (with its parents) when missing, and makes it 0700 in either case. */
export function makePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (hasModeBits(platform)) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates `path` empty with mode 0600 when it does not exist; an existing file is left as it is.
 * For SQLite: it creates a new database file 0644, and gives the -wal, -shm and -journal files the
 * database file's mode, so a database file made here first keeps all four private.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
}

/** Names of the temporary files below: recognisable, so that one left by a crash can be found. */
export const TEMP_FILE_PREFIX = '.tanu-temp-';

/**
 * A fresh path for a temporary file of plaintext (a backup being made or read) inside `dir`, the
 * data folder: the plaintext never sits anywhere less private than the database itself.
 */
export function privateTempPath(dir: string, purpose: string): string {
  return join(dir, `${TEMP_FILE_PREFIX}${purpose}-${randomUUID()}`);
}

/** What SQLite may leave beside a database file. */
const SQLITE_SIDE_FILES = ['-journal', '-wal', '-shm'];

/**
 * Overwrites `path` with zeros, flushes it, and removes it, with any journal SQLite left beside it;
 * a missing file is fine. On an SSD or a copy-on-write file system the overwrite may not reach
 * every old block; the file was private all along, so this is the second line, not the first.
 */
export function wipeFile(path: string): void {
  for (const file of [path, ...SQLITE_SIDE_FILES.map((s) => `${path}${s}`)]) {
    let fd: number;
    try {
      fd = openSync(file, 'r+');
    } catch {
      continue;
    }
    try {
      const size = fstatSync(fd).size;
      const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
      for (let at = 0; at < size; at += zeros.length) {
        writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(file, { force: true });
  }
}

/**
 * Makes every file under `dir` 0600 and every folder 0700 (a desk set up before these modes had
 * 0644 files), without following symbolic links (Chromium keeps a lock link in the same folder).
 * Says which paths it changed, and which it could not (another account's file: reported, so the
 * start goes on and IT is told).
 */
export function tightenModes(dir: string): { changed: string[]; refused: string[] } {
  const changed: string[] = [];
  const refused: string[] = [];
  const narrow = (path: string, mode: number) => {
    try {
      chmodSync(path, mode);
      changed.push(path);
    } catch {
      refused.push(path);
    }
  };
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) narrow(path, PRIVATE_DIR_MODE);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.isFile() && (stat.mode & SHARED_BITS) !== 0) {
      narrow(path, stat.mode & 0o700);
    }
  };
  visit(dir);
  return { changed, refused };
}
