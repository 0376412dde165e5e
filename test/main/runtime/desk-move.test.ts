/**
 * Moving a desk to a new PC through the runtime, as the admin screens do it: back up now, export
 * the transfer file under a passphrase, then on a fresh machine "move a desk here". The new desk
 * opens the old patients' sealed IINs and templates, keeps the audit chain, and nothing is written
 * on the new PC until the passphrase and the backup are known to belong together: the backup is
 * encrypted under the old desk's data key, which only the transfer file carries.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { exportDeskTransfer, importDeskTransfer } from '../../../src/core/crypto/desk-transfer.ts';
import { newPatient } from '../../support/registry.ts';
import { DESK_SETUP, testRuntime } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode, typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('desk-move');
const PASSPHRASE = 'seven green apples at noon';
const SETUP = DESK_SETUP;

async function oldDesk() {
  const dir = tempDir();
  const t = testRuntime(dir);
  await t.runtime.completeSetup(SETUP);
  const s = t.runtime.services();
  const admin = t.runtime.operator;
  const actor = { operatorId: admin?.id ?? '', deskId: 'desk-12' };
  const input = newPatient();
  const patient = s.patients.register(input, actor);
  t.runtime.secrets.set('gateway', 'egov-token-123');
  const outDir = tempDir();
  // In this order, so the backup carries the export's own audit row.
  t.files.save = join(outDir, 'desk-12.transfer.json');
  expect(await t.runtime.exportTransfer(PASSPHRASE)).toBe(t.files.save);
  t.files.save = join(outDir, 'desk-12.tanu-backup');
  expect(await t.runtime.backupNow()).toBe(t.files.save);
  await t.runtime.close();
  return {
    dir,
    input,
    patient,
    backup: join(outDir, 'desk-12.tanu-backup'),
    transfer: join(outDir, 'desk-12.transfer.json'),
  };
}

describe('moving a desk to a new PC', () => {
  it('the transfer file holds no key, config or token in the clear', async () => {
    const old = await oldDesk();
    const text = readFileSync(old.transfer, 'utf8');
    expect(text).not.toContain('Емхана');
    expect(text).not.toContain('egov-token');
    expect(text).not.toContain(readFileSync(join(old.dir, 'data.key')).toString('base64'));
    expect(typedCode(() => importDeskTransfer(readFileSync(old.transfer), 'wrong passphrase!!'))).toBe(
      'DECRYPT_FAILED',
    );
    expect(
      typedCode(() =>
        exportDeskTransfer(
          { dataKey: Buffer.alloc(32), config: {}, secrets: null },
          'short',
          'd',
          new Date(),
        ),
      ),
    ).toBe('KEY_INSECURE');
  });

  it('the new PC opens the old patients, secrets and audit chain, and records the move', async () => {
    const old = await oldDesk();
    const dir = tempDir();
    const t = testRuntime(dir);
    t.files.open = { transfer: old.transfer, backup: old.backup };
    await t.runtime.moveHere(PASSPHRASE);
    const s = t.runtime.services();
    expect(s.config.desk.id).toBe('desk-12');
    expect(s.patients.findByIin(old.input.iin)?.id).toBe(old.patient.id);
    expect(t.runtime.secrets.get('gateway')).toBe('egov-token-123');
    expect(verifyChain(s.store.rows.audit, s.keys['audit-chain'])).toMatchObject({ ok: true });
    expect(
      s.store.connection
        .prepare("SELECT count(*) FROM audit_log WHERE event LIKE 'desk_transfer_%'")
        .pluck()
        .get(),
    ).toBe(2);
    expect((await t.runtime.signIn('admin', SETUP.admin.secret)).role).toBe('admin');
    await t.runtime.close();
  });

  it('a wrong passphrase, or a backup of another desk, writes nothing on the new PC', async () => {
    const old = await oldDesk();
    const other = await oldDesk();
    const dir = tempDir();
    const t = testRuntime(dir);
    t.files.open = { transfer: old.transfer, backup: old.backup };
    expect(await typedRejection(t.runtime.moveHere('not the passphrase'))).toBe('DECRYPT_FAILED');
    t.files.open = { transfer: old.transfer, backup: other.backup };
    expect(await typedRejection(t.runtime.moveHere(PASSPHRASE))).toBe('DECRYPT_FAILED');
    // A copy cut short on the way (a full USB stick), or not a backup at all.
    const cut = join(tempDir(), 'cut.tanu-backup');
    writeFileSync(cut, readFileSync(old.backup).subarray(0, -4096));
    t.files.open = { transfer: old.transfer, backup: cut };
    expect(await typedRejection(t.runtime.moveHere(PASSPHRASE))).toBe('BACKUP_TRUNCATED');
    t.files.open = { transfer: old.transfer, backup: old.transfer };
    expect(await typedRejection(t.runtime.moveHere(PASSPHRASE))).toBe('BACKUP_UNRECOGNISED');
    expect(readdirSync(dir)).toEqual([]);
    expect(t.runtime.configured).toBe(false);
    // Then the right pair works on the same, still untouched, machine.
    t.files.open = { transfer: old.transfer, backup: old.backup };
    await t.runtime.moveHere(PASSPHRASE);
    expect(existsSync(join(dir, 'tanu.config.json'))).toBe(true);
    expect(await typedRejection(t.runtime.moveHere(PASSPHRASE))).toBe('SETUP_DONE');
    await t.runtime.close();
  });
});
