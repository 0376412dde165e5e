/**
 * Desks hold no table privileges: a desk's role reaches the clinic only through the api functions.
 * Checked both by trying (permission denied) and by reading the catalogue (RLS forced on every
 * table, every api function SECURITY DEFINER with its search_path pinned, no EXECUTE for PUBLIC).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { addDesk, revokeDesk } from '../../src/core/clinic/desks.ts';
import { migrateClinic } from '../../src/core/clinic/migrate.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';

const clinic = useClinicDb('desk_roles');
let desk: TestDesk;
let tables: string[];

beforeAll(async () => {
  desk = await clinic.addDesk('roles');
  const su = await clinic.superuser();
  const result = await su.query<{ relname: string }>(
    "SELECT relname FROM pg_class WHERE relnamespace = 'tanu'::regnamespace AND relkind = 'r' ORDER BY relname",
  );
  tables = result.rows.map((row) => row.relname);
});

describeClinic('a desk role', () => {
  it('calls the api functions', async () => {
    const api = await desk.api();
    const heads = await api.heads();
    expect(heads.self).toBe(desk.name);
    expect(heads.desks.map((d) => d.desk)).toContain(desk.name);
  });

  it('is denied SELECT, INSERT, UPDATE and DELETE on every table, and the internal functions', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(16);
    const client = await desk.connect();
    for (const table of tables) {
      for (const sql of [
        `SELECT * FROM tanu.${table}`,
        `UPDATE tanu.${table} SET desk_id = desk_id`,
        `DELETE FROM tanu.${table}`,
        `INSERT INTO tanu.${table} DEFAULT VALUES`,
      ]) {
        await expect(client.query(sql), sql).rejects.toThrow(/permission denied/);
      }
    }
    await expect(client.query('SELECT tanu.enter_desk()')).rejects.toThrow(/permission denied/);
    await expect(client.query('CREATE TABLE public.t (x int)')).rejects.toThrow(/permission denied/);
    await expect(client.query('CREATE TEMP TABLE t (x int)')).rejects.toThrow(/permission denied/);
  });

  it('is refused at login once revoked, and its open session ends', async () => {
    const doomed = await clinic.addDesk('revoked');
    const open = await doomed.connect();
    const ended = new Promise((resolve) => open.on('error', resolve));
    await revokeDesk(await clinic.superuser(), doomed.name);
    await ended;
    const again = new pg.Client({ connectionString: doomed.url });
    await expect(again.connect()).rejects.toThrow(/not permitted to log in/);
  });

  it('of another clinic database in the same cluster cannot open this one', async () => {
    const su = await clinic.superuser();
    const name = `tanu_other_clinic_${Date.now()}`;
    await su.query(`CREATE DATABASE ${name}`);
    const otherUrl = new URL(clinic.url());
    otherUrl.pathname = `/${name}`;
    const other = new pg.Client({ connectionString: otherUrl.toString() });
    await other.connect();
    await migrateClinic(other);
    const foreign = await addDesk(other, `foreign-${randomUUID().slice(0, 8)}`);
    await other.end();
    const url = new URL(clinic.url());
    url.username = foreign.role;
    url.password = foreign.password;
    const intruder = new pg.Client({ connectionString: url.toString() });
    await expect(intruder.connect()).rejects.toThrow(/permission denied for database/);
    otherUrl.username = foreign.role;
    otherUrl.password = foreign.password;
    const home = new pg.Client({ connectionString: otherUrl.toString() });
    await home.connect();
    await home.end();
    await su.query(`DROP DATABASE ${name} WITH (FORCE)`);
  });

  it('that joined the desk group but is not a registered desk is refused by every function', async () => {
    const su = await clinic.superuser();
    const role = `stray_${randomUUID().slice(0, 8)}`;
    await su.query(`CREATE ROLE ${role} LOGIN PASSWORD 'stray-password' IN ROLE tanu_desk`);
    // As if CONNECT had been granted by mistake: the functions are the wall behind it.
    await su.query(`GRANT CONNECT ON DATABASE ${new URL(clinic.url()).pathname.slice(1)} TO ${role}`);
    const url = new URL(clinic.url());
    url.username = role;
    url.password = 'stray-password';
    const stray = new pg.Client({ connectionString: url.toString() });
    await stray.connect();
    const { ClinicDeskApi } = await import('../../src/core/clinic/desk-api.ts');
    expect(await typedRejection(new ClinicDeskApi(stray).heads())).toBe('CLINIC_DESK_UNKNOWN');
    await stray.end();
  });
});

describeClinic('the catalogue', () => {
  // The refusals above come at the schema (no USAGE on tanu): this says the tables behind it grant
  // a desk nothing either, so one mistaken GRANT USAGE would still open no table.
  it('grants a desk role no privilege on any table of tanu, and no use of the schema', async () => {
    const su = await clinic.superuser();
    const held = await su.query(
      `SELECT r.role, c.relname, p.privilege
         FROM pg_class c
        CROSS JOIN (VALUES ($1::text), ('tanu_desk')) AS r (role)
        CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'])
                   AS p (privilege)
        WHERE c.relnamespace = 'tanu'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          AND has_table_privilege(r.role, c.oid, p.privilege)`,
      [desk.role],
    );
    expect(held.rows).toEqual([]);
    const schema = await su.query<{ usage: boolean }>(
      "SELECT has_schema_privilege($1, 'tanu', 'USAGE') OR has_schema_privilege('tanu_desk', 'tanu', 'USAGE') AS usage",
      [desk.role],
    );
    expect(schema.rows[0]?.usage).toBe(false);
  });

  it('has row-level security enabled and forced on every table', async () => {
    const su = await clinic.superuser();
    const result = await su.query(
      `SELECT relname FROM pg_class WHERE relnamespace = 'tanu'::regnamespace AND relkind = 'r'
         AND NOT (relrowsecurity AND relforcerowsecurity)`,
    );
    expect(result.rows).toEqual([]);
  });

  it('has every api function SECURITY DEFINER, search_path pinned, EXECUTE only for tanu_desk', async () => {
    const su = await clinic.superuser();
    const result = await su.query<{
      name: string;
      secdef: boolean;
      config: string[] | null;
      acl: string | null;
    }>(
      `SELECT proname AS name, prosecdef AS secdef, proconfig AS config, proacl::text AS acl
         FROM pg_proc WHERE pronamespace = 'api'::regnamespace ORDER BY proname`,
    );
    expect(result.rows.map((row) => row.name)).toEqual([
      'duplicates',
      'fraud_counts',
      'heads',
      'issue_slip',
      'open_slip',
      'patient_limits',
      'pull',
      'push_audit',
      'push_ops',
      'recent_rejects',
      'redeem_slip',
      'rejects',
      'report_backlog',
      'report_chain_problem',
      'slip_days',
    ]);
    for (const row of result.rows) {
      expect(row.secdef, row.name).toBe(true);
      expect(row.config, row.name).toContain('search_path=pg_catalog, pg_temp');
      // An ACL entry "=X/…" would be EXECUTE for PUBLIC.
      expect(row.acl, row.name).toMatch(/tanu_desk=X\/tanu_api/);
      expect(row.acl, row.name).not.toMatch(/(^|[{,])=X/);
    }
    const internal = await su.query(
      `SELECT proname FROM pg_proc WHERE pronamespace = 'tanu'::regnamespace
         AND (proacl IS NULL OR proacl::text ~ '(^|[{,])=X')`,
    );
    expect(internal.rows).toEqual([]);
  });
});
