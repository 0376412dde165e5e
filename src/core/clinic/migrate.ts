/**
 * The clinic schema's numbered migrations (migrations/NNN-name.sql), applied in one transaction
 * under an advisory lock, recorded in tanu.clinic_schema_version: running `init` again is a no-op,
 * two inits at once queue, and a failing migration leaves the database as it was.
 *
 * Cluster-wide roles come first, as the superuser: tanu_api (NOLOGIN, owns every table and
 * function; the api functions run as it) and tanu_desk (NOLOGIN, the group every desk's login
 * role joins; it holds EXECUTE on the api functions and nothing else). Each migration then runs
 * as tanu_api, so everything it makes is owned by the role the RLS policies are written for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';

export interface ClinicMigration {
  version: number;
  name: string;
  sql: string;
}

const DIR = new URL('./migrations/', import.meta.url);

/** The shipped migrations, numbered 1..n without holes (append only, like the desk's). */
export function clinicMigrations(): ClinicMigration[] {
  const migrations = readdirSync(DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match) throw new ClinicError('CLINIC_SCHEMA_FAILED', `migration file ${file} is misnamed`);
      return {
        version: Number(match[1]),
        name: match[2] as string,
        sql: readFileSync(new URL(file, DIR), 'utf8'),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new ClinicError(
        'CLINIC_SCHEMA_FAILED',
        `clinic migrations are not numbered 1..n at ${migration.version}`,
      );
    }
  });
  return migrations;
}

/** Creates a role unless it exists; a concurrent init of another clinic database may win the race. */
const createRole = (role: string, options: string) => `
  DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} ${options}; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;

/**
 * The schemas and the version table. CONNECT is revoked from PUBLIC and granted to each desk's own
 * role by add-desk (not to the cluster-wide tanu_desk group), so a desk of another clinic database
 * in the same cluster cannot even open this one.
 */
const BOOTSTRAP = [
  createRole('tanu_api', 'NOLOGIN NOINHERIT NOBYPASSRLS'),
  createRole('tanu_desk', 'NOLOGIN NOBYPASSRLS'),
  'CREATE SCHEMA IF NOT EXISTS tanu AUTHORIZATION tanu_api',
  'CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION tanu_api',
  'REVOKE ALL ON SCHEMA tanu, api FROM PUBLIC',
  'GRANT USAGE ON SCHEMA api TO tanu_desk',
  `CREATE TABLE IF NOT EXISTS tanu.clinic_schema_version (
     version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  'ALTER TABLE tanu.clinic_schema_version OWNER TO tanu_api',
  `DO $$ BEGIN
     EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
   END $$`,
];

export interface MigrationResult {
  from: number;
  to: number;
}

/** Brings the clinic schema up to date. Needs a superuser connection (roles, schemas, SET ROLE). */
export async function migrateClinic(client: pg.Client): Promise<MigrationResult> {
  const migrations = clinicMigrations();
  const superuser = await client.query<{ rolsuper: boolean }>(
    'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  if (!superuser.rows[0]?.rolsuper) {
    throw new ClinicError(
      'CLINIC_SCHEMA_FAILED',
      'init needs a superuser connection (roles and schemas are made)',
    );
  }
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tanu.clinic.migrate'))");
    for (const statement of BOOTSTRAP) await client.query(statement);
    const applied = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM tanu.clinic_schema_version',
    );
    const from = applied.rows[0]?.version ?? 0;
    if (from > migrations.length) {
      throw new ClinicError(
        'CLINIC_SCHEMA_FAILED',
        `the clinic schema is at version ${from}, newer than this Tanu knows (${migrations.length})`,
      );
    }
    for (const migration of migrations.slice(from)) {
      await client.query('SET LOCAL ROLE tanu_api');
      await client.query(migration.sql);
      await client.query('RESET ROLE');
      await client.query('INSERT INTO tanu.clinic_schema_version (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
    return { from, to: migrations.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof ClinicError) throw error;
    throw new ClinicError(
      'CLINIC_SCHEMA_FAILED',
      `the clinic schema could not be migrated: ${(error as Error).message}`,
    );
  }
}
