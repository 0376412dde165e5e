/**
 * `npm run clinic -- init | add-desk | revoke-desk | verify | report` end to end against the
 * throwaway PostgreSQL: exit codes, the provisioning file, verify catching a deleted middle row, an
 * acknowledgement ahead of the chain and an edited link, and the clinic-wide anti-fraud report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { unwrapClinicKey } from '../../src/core/clinic/clinic-key.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { clinicCli as cli } from '../support/clinic-cli.ts';
import { typedCode } from '../support/typed-errors.ts';
import { useTempDir } from '../support/temp-dir.ts';
import {
  chainRows,
  describeClinic,
  identifications,
  useClinicDb,
  type TestDesk,
} from '../support/clinic-db.ts';

const clinic = useClinicDb('clinic_cli');
const newDir = useTempDir('clinic-cli');

const key = randomBytes(32);

/** A desk with `count` rows pushed; its name. */
async function deskWithChain(label: string, count: number): Promise<TestDesk> {
  const desk = await clinic.addDesk(label);
  await (await desk.api()).pushAudit({ rows: chainRows(desk.name, key, 1, count) });
  return desk;
}

/** Runs `sql` on the desk's rows with the append-only triggers off, as an attacker with superuser would. */
async function tamper(desk: TestDesk, sql: string): Promise<void> {
  const su = await clinic.superuser();
  await su.query('BEGIN');
  await su.query('ALTER TABLE tanu.audit_rows DISABLE TRIGGER USER');
  await su.query(sql.replaceAll(':desk', `(SELECT id FROM tanu.desks WHERE name = '${desk.name}')`));
  await su.query('ALTER TABLE tanu.audit_rows ENABLE TRIGGER USER');
  await su.query('COMMIT');
}

let sound: TestDesk;

beforeAll(async () => {
  sound = await deskWithChain('sound', 5);
});

describeClinic('clinic CLI', () => {
  it('prints its usage on --help and exits 0; bad usage exits 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/add-desk/);
    expect((await cli('init')).code).toBe(2);
    expect((await cli('frobnicate', '--url', clinic.url())).code).toBe(2);
    const badName = await cli('add-desk', '--url', clinic.url(), '--name', '9-lives');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/name: a desk name/);
  });

  it('init is idempotent', async () => {
    const again = await cli('init', '--url', clinic.url());
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/nothing to do/) });
  });

  it('refuses a remote server without TLS before connecting', async () => {
    const out = await cli('verify', '--url', 'postgres://u:p@192.0.2.1:5432/clinic');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/CLINIC_TLS_REQUIRED/);
    expect(out.stderr).not.toMatch(/u:p/);
  });

  it('add-desk writes a 0600 provisioning file the desk logs in with; revoke-desk shuts it out', async () => {
    const name = `cli-${randomBytes(3).toString('hex')}`;
    const file = join(newDir(), 'desk.json');
    const out = await cli('add-desk', '--url', clinic.url(), '--name', name, '--out', file);
    expect(out.code, out.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const provisioning = JSON.parse(readFileSync(file, 'utf8'));
    expect(provisioning).toMatchObject({
      format: 'tanu-clinic-desk/1',
      desk: name,
      role: `tanu_desk_${name}`,
      tlsRequired: false,
    });
    const client = new pg.Client({
      ...provisioning.clinic,
      user: provisioning.role,
      password: provisioning.password,
    });
    await client.connect();
    expect((await new ClinicDeskApi(client).heads()).self).toBe(name);
    await client.end();
    expect(
      (await cli('add-desk', '--url', clinic.url(), '--name', name, '--out', join(newDir(), 'b.json'))).code,
    ).toBe(2);
    expect((await cli('revoke-desk', '--url', clinic.url(), '--name', name)).code).toBe(0);
    const refused = new pg.Client({
      ...provisioning.clinic,
      user: provisioning.role,
      password: provisioning.password,
    });
    await expect(refused.connect()).rejects.toThrow(/not permitted to log in/);
  });

  it('new-key makes a 0600 clinic key once; add-desk wraps it for that desk under a passphrase', async () => {
    const dir = newDir();
    const keyFile = join(dir, 'clinic.key');
    expect((await cli('new-key', '--out', keyFile)).code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(keyFile).size).toBe(32);
    expect((await cli('new-key', '--out', keyFile)).code).toBe(2);
    writeFileSync(join(dir, 'pass'), 'correct horse battery staple\n');
    writeFileSync(join(dir, 'weak'), 'short\n');

    const name = `key-${randomBytes(3).toString('hex')}`;
    const file = join(dir, 'desk.json');
    const withKey = ['--name', name, '--out', file, '--clinic-key', keyFile];
    // A weak passphrase stops the command before any role is made or file written.
    const weak = await cli(
      'add-desk',
      '--url',
      clinic.url(),
      ...withKey,
      '--passphrase-file',
      join(dir, 'weak'),
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/KEY_INSECURE/);
    expect(existsSync(file)).toBe(false);
    const out = await cli(
      'add-desk',
      '--url',
      clinic.url(),
      ...withKey,
      '--passphrase-file',
      join(dir, 'pass'),
    );
    expect(out.code, out.stderr).toBe(0);
    const { clinicKey } = JSON.parse(readFileSync(file, 'utf8'));
    expect(unwrapClinicKey(clinicKey, 'correct horse battery staple', name)).toEqual(readFileSync(keyFile));
    expect(typedCode(() => unwrapClinicKey(clinicKey, 'correct horse battery stable', name))).toBe(
      'DECRYPT_FAILED',
    );
    expect(typedCode(() => unwrapClinicKey(clinicKey, 'correct horse battery staple', 'other'))).toBe(
      'DECRYPT_FAILED',
    );
  });

  it('verify exits 0 on sound chains, with a line per desk', async () => {
    // A desk that purged its oldest rows before joining: its chain at the clinic starts at 7.
    const purged = await clinic.addDesk('purged');
    await (await purged.api()).pushAudit({ rows: chainRows(purged.name, key, 7, 3, randomBytes(32)) });
    const out = await cli('verify', '--url', clinic.url());
    expect(out.stdout).toMatch(new RegExp(`^ok ${purged.name}: 3 rows, 7\\.\\.9; head 9:`, 'm'));
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      new RegExp(`^ok ${sound.name}: 5 rows, 1\\.\\.5; head 5:[0-9a-f]{64}; acknowledged 5$`, 'm'),
    );
  });

  it('verify exits 1 on a deleted middle row (gap)', async () => {
    const desk = await deskWithChain('gap', 6);
    await tamper(desk, 'DELETE FROM tanu.audit_rows WHERE desk_id = :desk AND seq = 3');
    const out = await cli('verify', '--url', clinic.url());
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`^BAD GAP ${desk.name}: seq 3 is missing`, 'm'));
    expect(out.stdout).toMatch(new RegExp(`^ok ${sound.name}`, 'm'));
  });

  it('verify exits 1 on a cut tail (rollback) and on an acknowledgement ahead of the chain', async () => {
    const cut = await deskWithChain('cut', 6);
    await tamper(cut, 'DELETE FROM tanu.audit_rows WHERE desk_id = :desk AND seq > 4');
    const ahead = await deskWithChain('ahead', 3);
    const su = await clinic.superuser();
    await su.query(
      "INSERT INTO tanu.acks (desk_id, seq, hash) SELECT id, 9, decode(repeat('ab', 32), 'hex') FROM tanu.desks WHERE name = $1",
      [ahead.name],
    );
    const out = await cli('verify', '--url', clinic.url());
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      new RegExp(`^BAD ROLLBACK ${cut.name}: the head says seq 6 but the chain ends at seq 4`, 'm'),
    );
    expect(out.stdout).toMatch(
      new RegExp(`^BAD ROLLBACK ${ahead.name}: seq 9 was acknowledged but is not stored`, 'm'),
    );
  });

  it('verify exits 1 on an edited link (fork)', async () => {
    const desk = await deskWithChain('fork', 4);
    await tamper(
      desk,
      "UPDATE tanu.audit_rows SET prev_hash = decode(repeat('cd', 32), 'hex') WHERE desk_id = :desk AND seq = 2",
    );
    const out = await cli('verify', '--url', clinic.url());
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`^BAD FORK ${desk.name}: seq 2 does not link to seq 1`, 'm'));
  });

  it('report: a line per doctor and per desk past its budget, the JSON last; exit 1 when flagged', async () => {
    const doctor = randomUUID();
    const colleague = randomUUID();
    const desk = await clinic.addDesk('report');
    // On 22 November (UTC): 12 identifications by code for the doctor, 40 by face for a colleague.
    const decisions = [
      ...identifications(doctor, 'code', 12, '2026-11-22T09:00:00.000Z'),
      ...identifications(colleague, 'face', 40, '2026-11-22T09:12:00.000Z'),
    ];
    await (await desk.api()).pushAudit({ rows: chainRows(desk.name, key, 1, 2), decisions });
    const day = ['--from', '2026-11-22', '--to', '2026-11-22', '--time-zone', 'UTC'];

    const out = await cli('report', '--url', clinic.url(), ...day);
    expect(out.code, out.stderr).toBe(1);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^report 2026-11-22 to 2026-11-22 \(UTC\), \d+ desks: 52 identifications, 23\.1 % by code or override$/,
    );
    expect(lines).toContain(
      `FLAGGED operator ${doctor}: 12 identifications (code 100.0 %), 100.0 % by code or override; no face decisions, 0 failed codes, 0 photo refusals`,
    );
    expect(lines).toContain(
      `ok operator ${colleague}: 40 identifications (face 100.0 %), 0.0 % by code or override; face no-match 0.0 %, 0 failed codes, 0 photo refusals`,
    );
    expect(lines.some((line) => line.startsWith('OVER BUDGET'))).toBe(false);
    const json = JSON.parse(lines.at(-1) ?? '');
    expect(json).toMatchObject({
      days: { from: '2026-11-22', to: '2026-11-22', timeZone: 'UTC' },
      budget: { hours: 24, decisions: 500 },
      from: '2026-11-22T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      clinic: { visits: 52 },
    });
    expect(
      json.operators.map((o: { operatorId: string; flagged: boolean }) => [o.operatorId, o.flagged]),
    ).toEqual(
      [
        [doctor, true],
        [colleague, false],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(json.desks.find((d: { desk: string }) => d.desk === desk.name)).toMatchObject({
      headSeq: 2,
      overBudget: null,
    });

    // The day before: nothing identified, nothing flagged.
    const quiet = await cli('report', '--url', clinic.url(), '--from', '2026-11-21', '--to', '2026-11-21');
    expect(quiet.code, quiet.stdout + quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/: 0 identifications, 0\.0 % by code or override\n/);

    // A desk out of contact for two days is past the default 24 h, not past --budget-hours 72.
    const su = await clinic.superuser();
    await su.query("UPDATE tanu.desks SET last_contact_at = now() - interval '50 hours' WHERE name = $1", [
      desk.name,
    ]);
    const stale = await cli('report', '--url', clinic.url(), '--from', '2026-11-21', '--to', '2026-11-21');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(
      new RegExp(
        `^OVER BUDGET desk ${desk.name}: 50 h behind \\(budget 24 h\\); last contact \\S+, acknowledged up to row 2$`,
        'm',
      ),
    );
    const lenient = ['--budget-hours', '72', '--from', '2026-11-21', '--to', '2026-11-21'];
    expect((await cli('report', '--url', clinic.url(), ...lenient)).code).toBe(0);
  });

  it('report: a bad period, zone or budget is bad usage (exit 2), before connecting', async () => {
    for (const [bad, why] of [
      [['--from', '2026-11-23', '--to', '2026-11-22'], /^from: --from must be on or before --to/],
      [['--from', '22.11.2026'], /^from: /],
      [['--time-zone', 'Mars/Olympus_Mons'], /^time-zone: an IANA time zone/],
      [['--budget-hours', '0'], /^budget-hours: /],
      [['--budget-decisions', 'many'], /^budget-decisions: a whole number/],
    ] as const) {
      const out = await cli('report', '--url', 'postgres://u:p@192.0.2.1:5432/clinic', ...bad);
      expect(out.code, bad.join(' ')).toBe(2);
      expect(out.stderr, bad.join(' ')).toMatch(why);
    }
  });
});
