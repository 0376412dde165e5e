/**
 * A clinic database per test file in the throwaway cluster (postgres-global-setup.ts), migrated,
 * with helpers to add desks and connect as them, and to build audit rows chained exactly as the
 * desk chains them (hash-chain.ts, under a random chain key).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { KioskConfig } from '../../src/core/config/kiosk-config.ts';
import { chainHash, GENESIS_HASH } from '../../src/core/audit/hash-chain.ts';
import type { AuditRecord } from '../../src/core/audit/events.ts';
import { addDesk } from '../../src/core/clinic/desks.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { migrateClinic } from '../../src/core/clinic/migrate.ts';
import type { ClinicAuditRow, ClinicDecision } from '../../src/core/clinic/protocol.ts';

const clinicPg = inject('clinicPg');
if (!clinicPg.ok) {
  console.warn(`\n!!! SKIPPING the clinic tests: ${clinicPg.reason} !!!\n`);
}

/** Suites run when the throwaway PostgreSQL runs, and are skipped (after the banner) when not. */
export function describeClinic(name: string, body: () => void): void {
  describe.skipIf(!clinicPg.ok)(name, body);
}

export interface TestDesk {
  name: string;
  role: string;
  password: string;
  url: string;
  /** A fresh connection as this desk (closed by the file's afterAll). */
  connect(): Promise<pg.Client>;
  /** The api over one shared connection of this desk. */
  api(): Promise<ClinicDeskApi>;
}

export interface ClinicDb {
  url(): string;
  /** A superuser connection to this file's database (closed by the file's afterAll). */
  superuser(): Promise<pg.Client>;
  addDesk(label: string): Promise<TestDesk>;
}

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  if (user !== undefined) next.username = encodeURIComponent(user);
  if (password !== undefined) next.password = encodeURIComponent(password);
  return next.toString();
}

export function useClinicDb(label: string): ClinicDb {
  const suffix = randomBytes(3).toString('hex');
  const database = `tanu_${label.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
  const clients: pg.Client[] = [];
  let url = '';

  const open = async (target: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    if (!clinicPg.ok) return;
    const admin = new pg.Client({ connectionString: clinicPg.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    url = withDatabase(clinicPg.url, database);
    const client = await open(url);
    await migrateClinic(client);
  });

  afterAll(async () => {
    if (!clinicPg.ok) return;
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    const admin = new pg.Client({ connectionString: clinicPg.url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const db: ClinicDb = {
    url: () => url,
    superuser: () => open(url),
    async addDesk(deskLabel) {
      const admin = await db.superuser();
      // Roles are cluster-wide: the suffix keeps parallel files' desks apart.
      const desk = await addDesk(admin, `${deskLabel}-${suffix}`);
      const deskUrl = withDatabase(url, database, desk.role, desk.password);
      let shared: ClinicDeskApi | null = null;
      return {
        ...desk,
        url: deskUrl,
        connect: () => open(deskUrl),
        async api() {
          shared ??= new ClinicDeskApi(await open(deskUrl));
          return shared;
        },
      };
    },
  };
  return db;
}

/** Audit rows seq from..from+count-1 chained after `previous`, as the desk would push them. */
export function chainRows(
  desk: string,
  key: Buffer,
  from: number,
  count: number,
  previous: Buffer = GENESIS_HASH,
): ClinicAuditRow[] {
  const rows: ClinicAuditRow[] = [];
  let prev = previous;
  for (let seq = from; seq < from + count; seq += 1) {
    const record: AuditRecord = {
      seq,
      at: new Date(Date.UTC(2026, 11, 2, 8, 0, seq)).toISOString(),
      operatorId: randomUUID(),
      deskId: desk,
      patientId: randomUUID(),
      visitId: randomUUID(),
      event: 'face_match',
      method: 'face',
      distance: 0.3141592653589793,
      threshold: 0.5,
      modelVersion: 'face-api@1.7.15',
      detail: null,
    };
    const hash = chainHash(key, prev, record);
    rows.push({ ...record, prevHash: prev.toString('hex'), hash: hash.toString('hex') });
    prev = hash;
  }
  return rows;
}

/** A UUIDv7 (RFC 9562): 48-bit milliseconds, version 7, random rest. */
export function uuidv7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `count` identifying decisions by `operatorId` with `method`, a minute apart from `start`, as a
 * desk pushes them (each its own visit and patient; face ones with a distance and a model).
 */
export function identifications(
  operatorId: string,
  method: 'face' | 'code',
  count: number,
  start: string,
): ClinicDecision[] {
  const face = method === 'face';
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    visitId: randomUUID(),
    patientId: randomUUID(),
    operatorId,
    decidedAt: new Date(Date.parse(start) + i * 60_000).toISOString(),
    outcome: 'identified',
    method,
    distance: face ? 0.4 : null,
    threshold: face ? 0.6 : null,
    modelVersion: face ? 'face-api@1.7.15' : null,
  }));
}

/** A desk configuration's link to this test desk's role (its password kept as the secret 'clinic'). */
export function clinicDatabaseOf(desk: TestDesk): NonNullable<KioskConfig['clinicDatabase']> {
  const url = new URL(desk.url);
  return {
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    role: desk.role,
    credentialsRef: 'clinic',
    tls: null,
    offlineBudget: { hours: 24, decisions: 500 },
  };
}
