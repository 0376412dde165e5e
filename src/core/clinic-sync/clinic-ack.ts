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
import { z } from 'zod';
import { readSealedJson, writeSealedJson, type SealedFileSpec } from '../crypto/sealed-file.ts';
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
  readonly #spec: SealedFileSpec<StoredAck>;

  /** `key` is the 'clinic-ack' subkey; `deskId` the desk's configured id (the clinic's desk name). */
  constructor(options: { path: string; key: Buffer; deskId: string }) {
    this.path = options.path;
    this.#spec = {
      path: options.path,
      key: options.key,
      binding: [FORMAT, options.deskId],
      parse: (value) => {
        const parsed = contentSchema.safeParse(value);
        return parsed.success ? parsed.data : null;
      },
    };
  }

  read(): AckFileRead {
    const read = readSealedJson(this.#spec);
    return read.status === 'ok' ? { status: 'ok', ack: read.value } : read;
  }

  write(ack: StoredAck): void {
    writeSealedJson(this.#spec, { seq: ack.seq, hash: ack.hash, acknowledgedAt: ack.acknowledgedAt });
  }
}
