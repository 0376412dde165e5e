/**
 * Desks at the clinic, from the admin's side (a superuser connection): each desk is its own LOGIN
 * role in the tanu_desk group, so the server knows which desk calls (session_user) and a stolen
 * desk is shut out by one ALTER ROLE, without touching the others.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';
import { toClinicError } from './desk-api.ts';

export const DESK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export interface NewDesk {
  name: string;
  role: string;
  password: string;
}

export const deskRoleName = (name: string): string => `tanu_desk_${name}`;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5802/7677): sending it instead of the password
 * keeps the password out of the server's statement log. The password is base64url, so SASLprep
 * leaves it unchanged.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw toClinicError(error);
  }
}

async function requireSchema(client: pg.ClientBase): Promise<void> {
  const found = await client.query("SELECT to_regclass('tanu.desks') IS NOT NULL AS ok");
  if (!found.rows[0]?.ok) {
    throw new ClinicError(
      'CLINIC_SCHEMA_FAILED',
      'this database has no clinic schema: run `clinic init` first',
    );
  }
}

/** Creates the desk's role (random password) and registers it; both or neither. */
export async function addDesk(client: pg.ClientBase, name: string): Promise<NewDesk> {
  if (!DESK_NAME.test(name)) {
    throw new ClinicError(
      'CLINIC_INVALID_ARGUMENTS',
      'a desk name starts with a letter: letters, digits, - and _, up to 32',
    );
  }
  await requireSchema(client);
  const role = deskRoleName(name);
  const password = randomBytes(24).toString('base64url');
  return inTransaction(client, async () => {
    const exists = await client.query(
      'SELECT 1 FROM pg_roles WHERE rolname = $1 UNION ALL SELECT 1 FROM tanu.desks WHERE name = $2',
      [role, name],
    );
    if (exists.rowCount)
      throw new ClinicError('CLINIC_DESK_EXISTS', `a desk or role named ${name} exists already`);
    // No superuser, no database or role creation, no replication, no RLS bypass: only what the
    // tanu_desk group grants, which is EXECUTE on the api functions.
    await client.query(
      `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE
         NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 8 IN ROLE tanu_desk
         PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`,
    );
    // This database only: the tanu_desk group spans the cluster, a clinic database does not.
    const database = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.query(
      `GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database.rows[0]?.db as string)} TO ${pg.escapeIdentifier(role)}`,
    );
    await client.query('INSERT INTO tanu.desks (name, role_name) VALUES ($1, $2)', [name, role]);
    return { name, role, password };
  });
}

/** NOLOGIN and the revoked flag; the desk's open sessions are ended so it stops at once. */
export async function revokeDesk(client: pg.ClientBase, name: string): Promise<void> {
  await requireSchema(client);
  const role = await inTransaction(client, async () => {
    const found = await client.query<{ role_name: string }>(
      'UPDATE tanu.desks SET revoked_at = coalesce(revoked_at, now()) WHERE name = $1 RETURNING role_name',
      [name],
    );
    const roleName = found.rows[0]?.role_name;
    if (roleName === undefined)
      throw new ClinicError('CLINIC_DESK_UNKNOWN', `no desk named ${name} at this clinic`);
    await client.query(`ALTER ROLE ${pg.escapeIdentifier(roleName)} NOLOGIN`);
    return roleName;
  });
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
}
