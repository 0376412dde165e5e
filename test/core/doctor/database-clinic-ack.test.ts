/**
 * The self-check's database line also says when the database no longer holds the head the clinic
 * acknowledged (a restore from an older copy, deleted records): FAIL with the security officer's
 * action, as for a broken chain. Without the desk id (no configuration) the file is not opened.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../../src/core/clinic-sync/clinic-ack.ts';
import { checkDatabase } from '../../../src/core/doctor/checks/database.ts';
import { keyFileProvider } from '../../../src/core/crypto/key-file.ts';
import { openTestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('doctor-clinic-ack');

describe('the database line and the clinic acknowledgement', () => {
  it('ok while the chain holds the acknowledged head; FAIL once the database is behind it', () => {
    const t = openTestStore(tempDir());
    for (let i = 0; i < 3; i += 1)
      t.record({ operatorId: randomUUID(), deskId: 'desk-1', event: 'operator_login' });
    const head = t.store.rows.audit.head();
    t.store.close();
    const ackFile = new ClinicAckFile({
      path: join(t.dir, CLINIC_ACK_FILE_NAME),
      key: t.keys['clinic-ack'],
      deskId: 'desk-1',
    });
    const provider = keyFileProvider(t.keyPath);
    ackFile.write({ seq: 3, hash: head?.hash ?? '', acknowledgedAt: '2026-12-02T08:00:00.000Z' });
    expect(checkDatabase(t.dir, provider, 'desk-1')).toMatchObject({ status: 'OK', reason: 'ok' });

    ackFile.write({ seq: 5, hash: 'ab'.repeat(32), acknowledgedAt: '2026-12-02T09:00:00.000Z' });
    expect(checkDatabase(t.dir, provider, 'desk-1')).toMatchObject({
      status: 'FAIL',
      reason: 'clinic-ack',
      params: { seq: 5, local: 3 },
      detail: expect.stringMatching(/restored from an older backup/) as unknown,
      action: expect.stringMatching(/security officer/) as unknown,
    });
    expect(checkDatabase(t.dir, provider)).toMatchObject({ status: 'OK', reason: 'ok' });
  });
});
