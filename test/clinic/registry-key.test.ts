/**
 * Handing the clinic key to desks: `clinic new-key` makes it once, wrapped under a passphrase
 * from the environment; `clinic add-desk --clinic-key` copies it, still wrapped, into each desk's
 * provisioning file; the desk opens the file with the passphrase and gets its connection and the
 * one key every desk of the clinic shares.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { deriveClinicKeys, openRecord, sealRecord } from '../../src/core/clinic-sync/clinic-key.ts';
import { readProvisioning } from '../../src/core/clinic-sync/desk-provisioning.ts';
import { connectClinic } from '../../src/core/clinic/connect.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { ROOT } from '../support/paths.ts';
import { typedCode } from '../support/typed-errors.ts';
import { useTempDir } from '../support/temp-dir.ts';

const run = promisify(execFile);
const clinic = useClinicDb('registry_key');
const newDir = useTempDir('registry-key');
const PASSPHRASE = 'a long clinic passphrase';

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts', 'clinic.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describeClinic('the clinic key, from the admin to every desk', () => {
  it('new-key wraps it, add-desk hands it over wrapped, the desk opens it with the passphrase', async () => {
    const dir = newDir();
    const keyFile = join(dir, 'clinic-key.json');
    expect((await cli({}, 'new-key', '--out', keyFile)).code).toBe(2);
    expect(await cli({ TANU_CLINIC_KEY_PASSPHRASE: PASSPHRASE }, 'new-key', '--out', keyFile)).toMatchObject({
      code: 0,
    });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // Never overwritten: a second key would split the clinic in two.
    expect((await cli({ TANU_CLINIC_KEY_PASSPHRASE: PASSPHRASE }, 'new-key', '--out', keyFile)).code).toBe(2);

    const desks: string[] = [];
    for (const name of ['reg-1', 'doc-1']) {
      const out = join(dir, `${name}.json`);
      const suffix = Math.random().toString(36).slice(2, 8);
      const added = await cli(
        {},
        'add-desk',
        '--url',
        clinic.url(),
        '--name',
        `${name}-${suffix}`,
        '--out',
        out,
        '--clinic-key',
        keyFile,
      );
      expect(added.code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(JSON.parse(text).clinicKey).toEqual(JSON.parse(readFileSync(keyFile, 'utf8')));
      desks.push(text);
    }
    const [registrar, doctor] = desks.map((text) => readProvisioning(text as string, PASSPHRASE));
    expect(registrar?.clinicKey.equals(doctor?.clinicKey as Buffer)).toBe(true);

    // What one desk seals, the other opens; the desk connects as its own role.
    const sealed = sealRecord(deriveClinicKeys(registrar?.clinicKey as Buffer), ['patient', 'x'], { a: 1 });
    expect(openRecord(deriveClinicKeys(doctor?.clinicKey as Buffer), ['patient', 'x'], sealed)).toEqual({
      a: 1,
    });
    const client = await connectClinic(doctor?.url as string);
    try {
      expect((await new ClinicDeskApi(client).heads()).self).toBe(JSON.parse(desks[1] as string).desk);
    } finally {
      await client.end();
    }

    expect(typedCode(() => readProvisioning(desks[0] as string, 'a wrong passphrase!!'))).toBe(
      'DECRYPT_FAILED',
    );
  });

  it('a provisioning file without a key says how to get one', async () => {
    const dir = newDir();
    const out = join(dir, 'old.json');
    expect(
      (await cli({}, 'add-desk', '--url', clinic.url(), '--name', `old-${Date.now() % 100000}`, '--out', out))
        .code,
    ).toBe(0);
    expect(typedCode(() => readProvisioning(readFileSync(out, 'utf8'), PASSPHRASE))).toBe(
      'CLINIC_INVALID_ARGUMENTS',
    );
  });
});
