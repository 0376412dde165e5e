/**
 * The audit chain's head (seq, hash) kept outside the SQLite file, in chain-head.sealed beside it:
 * a database restored from an older copy, or with its newest rows deleted, cannot wind this file
 * back with it, so verification against it (head-check.ts) sees the rollback. Sealed with the
 * 'chain-head' subkey (crypto/sealed-file.ts), so it cannot be edited or made without the desk's
 * key; rewritten after each commit that appended audit rows (chain-head-keeper.ts).
 *
 * Bound to the format only, not to the desk id: the key is the desk's own already, and so
 * `npm run audit -- verify`, which knows only the database and the key, can check it too.
 */
import { existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { z } from 'zod';
import {
  readSealedJson,
  writeSealedJson,
  type SealedFileSpec,
  type SealedRead,
} from '../crypto/sealed-file.ts';
import type { ChainHead } from './audit-rows.ts';

export const CHAIN_HEAD_FILE_NAME = 'chain-head.sealed';

const FORMAT = 'tanu/chain-head/v1';

const headSchema = z.object({ seq: z.int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

/** Where the head of the database `dbPath` is kept: beside it. */
export function chainHeadPathFor(dbPath: string): string {
  return join(dirname(dbPath), CHAIN_HEAD_FILE_NAME);
}

/**
 * Where a restore sets the head aside (restore-record.ts): the sealed head from before the restore
 * (or an empty file when there was none), until the restore is recorded in the restored chain.
 */
export function restorePendingPath(headPath: string): string {
  return `${headPath}.before-restore`;
}

/**
 * For the restore command, which may run without the data key (a passphrase backup): the old
 * head goes aside, so the restored (older) database is not taken for a rollback, and the restore
 * is recorded with the key, at once or at the kiosk's next start.
 */
export function setHeadAsideForRestore(headPath: string): void {
  const pending = restorePendingPath(headPath);
  if (existsSync(headPath)) renameSync(headPath, pending);
  else if (!existsSync(pending)) writeFileAtomic(pending, '');
}

export class ChainHeadFile {
  readonly path: string;
  readonly #spec: SealedFileSpec<ChainHead>;

  /** `key` is the 'chain-head' subkey. */
  constructor(path: string, key: Buffer) {
    this.path = path;
    this.#spec = {
      path,
      key,
      binding: [FORMAT],
      parse: (value) => {
        const parsed = headSchema.safeParse(value);
        return parsed.success ? parsed.data : null;
      },
    };
  }

  read(): SealedRead<ChainHead> {
    return readSealedJson(this.#spec);
  }

  /** The head set aside by a restore not recorded yet, or null when none is pending. */
  pendingRestore(): { previous: ChainHead | null } | null {
    const path = restorePendingPath(this.path);
    if (!existsSync(path)) return null;
    const read = readSealedJson({ ...this.#spec, path });
    return { previous: read.status === 'ok' ? read.value : null };
  }

  write(head: ChainHead): void {
    writeSealedJson(this.#spec, { seq: head.seq, hash: head.hash });
  }
}
