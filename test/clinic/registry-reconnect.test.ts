/**
 * RegistrySync as the runtime will run it: two desks, each with its api connection and its LISTEN
 * connection; a change at one is at the other without a pull by hand; the server ends every
 * session of both desks (a restart, a cut cable) and both carry on by themselves.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-key.ts';
import { RegistrySync } from '../../src/core/clinic-sync/registry-sync.ts';
import type { KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { openDeskServices } from '../support/clinic-desk.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_reconnect');
const tempDir = useTempDir('registry-reconnect');
const keys = deriveClinicKeys(newClinicKey());

interface Desk {
  role: TestDesk;
  services: KioskServices;
  sync: RegistrySync;
  actor: { operatorId: string; deskId: string };
}
const desks: Desk[] = [];

async function desk(label: string): Promise<Desk> {
  const role = await clinic.addDesk(label);
  const services = openDeskServices(tempDir(), role.name, keys);
  const sync = new RegistrySync({
    store: services.store,
    deskKeys: services.keys,
    clinicKeys: keys,
    clock: services.clock,
    connect: () => role.connect(),
    periodMs: null,
    retryMs: 100,
  });
  const admin = services.operators.create(
    { login: `adm-${label}`, displayName: 'A', role: 'admin', secret: 'long enough secret' },
    { operatorId: 'system', deskId: role.name },
  );
  const d = { role, services, sync, actor: { operatorId: admin.id, deskId: role.name } };
  desks.push(d);
  return d;
}

let a: Desk;
let b: Desk;
beforeAll(async () => {
  a = await desk('one');
  b = await desk('two');
  a.sync.start();
  b.sync.start();
});
afterAll(async () => {
  for (const d of desks) {
    await d.sync.stop();
    await d.services.close();
  }
});

describeClinic('the registry sync of a running desk', () => {
  it('starts by pushing what piled up, and a change at one desk reaches the other by itself', async () => {
    // Each desk's admin (made before start) went up on the first wake and came down at the other.
    await expect.poll(() => b.services.operators.count(), { timeout: 10_000 }).toBe(2);
    const p = a.services.patients.register(newPatient(), a.actor);
    await a.sync.syncNow();
    await expect.poll(() => b.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(a.sync.state()).toMatchObject({ listening: true, pendingOps: 0, rejectedOps: 0, lastError: null });
  });

  it('carries on after the server ends every session of both desks', async () => {
    const su = await clinic.superuser();
    const ended = await su.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1)',
      [[a.role.role, b.role.role]],
    );
    expect(ended.rowCount).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() => a.sync.state().listening && b.sync.state().listening, { timeout: 10_000 })
      .toBe(true);
    const p = a.services.patients.register(newPatient(), a.actor);
    // The api connection was dropped with its session: at most one call fails, the next reconnects.
    await a.sync.syncNow().catch(() => a.sync.syncNow());
    await expect.poll(() => b.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(a.sync.state()).toMatchObject({ pendingOps: 0, lastError: null });
    expect(a.sync.state().lastSyncAt).not.toBeNull();
  });
});
