/**
 * The clinic's last acknowledgement of this desk's chain head, kept outside the desk's SQLite file
 * too: a database restored from an older backup, or with its tail cut, carries an older (or no)
 * acknowledgement inside it, but cannot wind this file back with it. Sealed with the desk's
 * 'clinic-ack' subkey and bound to the desk id, so it cannot be edited or copied from another desk;
 * written atomically, so a power cut leaves the old acknowledgement or the new one.
 *
 * It does not stop someone restoring the whole data folder (database and file together): that is
 * what comparing with the clinic's own head (ack-check.ts, checkAgainstClinic) catches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { open, seal } from '../crypto/aead.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import type { StoredAck } from './evidence-rows.ts';

export const CLINIC_ACK_FILE_NAME = 'clinic-ack.sealed';

const FORMAT = 'tanu/clinic-ack/v1';

const contentSchema = z
  .object({
    seq: z.int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    acknowledgedAt: z.string(),
  })
  .strict();

export type AckFileRead =
  | { status: 'absent' }
  | { status: 'ok'; ack: StoredAck }
  /** Present but not sealed by this desk's key for this desk, or damaged: its head is not trusted. */
  | { status: 'unreadable' };

export class ClinicAckFile {
  readonly path: string;
  readonly #key: Buffer;
  readonly #deskId: string;

  /** `key` is the 'clinic-ack' subkey; `deskId` the desk's configured id (the clinic's desk name). */
  constructor(options: { path: string; key: Buffer; deskId: string }) {
    this.path = options.path;
    this.#key = options.key;
    this.#deskId = options.deskId;
  }

  #aad(): Buffer {
    return Buffer.from(JSON.stringify([FORMAT, this.#deskId]), 'utf8');
  }

  read(): AckFileRead {
    if (!existsSync(this.path)) return { status: 'absent' };
    try {
      const plain = open(this.#key, readFileSync(this.path), this.#aad());
      const parsed = contentSchema.safeParse(JSON.parse(plain.toString('utf8')));
      return parsed.success ? { status: 'ok', ack: parsed.data } : { status: 'unreadable' };
    } catch {
      return { status: 'unreadable' };
    }
  }

  write(ack: StoredAck): void {
    const content = JSON.stringify({ seq: ack.seq, hash: ack.hash, acknowledgedAt: ack.acknowledgedAt });
    writeFileAtomic(this.path, seal(this.#key, Buffer.from(content, 'utf8'), this.#aad()));
  }
}
