/**
 * `clinic init`'s migrations: numbered 1..n, applied once, recorded; a second run and two runs at
 * once are harmless; a non-superuser is told it needs one.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { clinicMigrations, migrateClinic } from '../../src/core/clinic/migrate.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';

const clinic = useClinicDb('migrate');

async function freshDatabase(name: string): Promise<string> {
  const su = await clinic.superuser();
  await su.query(`CREATE DATABASE ${name}`);
  const url = new URL(clinic.url());
  url.pathname = `/${name}`;
  return url.toString();
}

describeClinic('clinic migrations', () => {
  it('are numbered 1..n', () => {
    const migrations = clinicMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('are applied once and recorded; a second run is a no-op', async () => {
    const su = await clinic.superuser();
    const versions = await su.query('SELECT version FROM tanu.clinic_schema_version ORDER BY version');
    expect(versions.rows.map((row) => row.version)).toEqual(clinicMigrations().map((m) => m.version));
    const n = clinicMigrations().length;
    expect(await migrateClinic(su)).toEqual({ from: n, to: n });
    const owner = await su.query(
      "SELECT tableowner FROM pg_tables WHERE schemaname = 'tanu' AND tableowner <> 'tanu_api'",
    );
    expect(owner.rows).toEqual([]);
  });

  it('run twice at once on a fresh database: one migrates, the other finds nothing to do', async () => {
    const url = await freshDatabase(`tanu_migrate_twice_${Date.now()}`);
    const [a, b] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    await Promise.all([a.connect(), b.connect()]);
    const results = await Promise.all([migrateClinic(a), migrateClinic(b)]);
    const n = clinicMigrations().length;
    expect(results.map((r) => r.from).sort()).toEqual([0, n]);
    await Promise.all([a.end(), b.end()]);
  });

  it('needs a superuser', async () => {
    const su = await clinic.superuser();
    await su.query(
      "DROP ROLE IF EXISTS tanu_migrate_plain; CREATE ROLE tanu_migrate_plain LOGIN PASSWORD 'plain-pass'",
    );
    await su.query(
      `GRANT CONNECT ON DATABASE ${new URL(clinic.url()).pathname.slice(1)} TO tanu_migrate_plain`,
    );
    const url = new URL(clinic.url());
    url.username = 'tanu_migrate_plain';
    url.password = 'plain-pass';
    const plain = new pg.Client({ connectionString: url.toString() });
    await plain.connect();
    expect(await typedRejection(migrateClinic(plain))).toBe('CLINIC_SCHEMA_FAILED');
    await plain.end();
  });
});
