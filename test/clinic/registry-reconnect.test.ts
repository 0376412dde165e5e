/**
 * The registry as the runtime will run it: ClinicSync's rounds (evidence, then the registry part)
 * on one connection per desk, and a LISTEN connection asking for a round when the clinic notifies a
 * change. A change at one desk is at the other without anything run by hand; the server ends every
 * session of both desks (a restart, a cut cable) and both carry on by themselves.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeListener } from '../../src/core/clinic-sync/change-listener.ts';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../src/core/clinic-sync/clinic-ack.ts';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { ClinicSync } from '../../src/core/clinic-sync/clinic-sync.ts';
import { RegistrySync, wakeOnChanges } from '../../src/core/clinic-sync/registry-sync.ts';
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
  registry: RegistrySync;
  sync: ClinicSync;
  listener: ChangeListener;
  actor: { operatorId: string; deskId: string };
}
const desks: Desk[] = [];

async function desk(label: string): Promise<Desk> {
  const role = await clinic.addDesk(label);
  const dir = tempDir();
  const services = openDeskServices(dir, role.name, keys);
  const admin = services.operators.create(
    { login: `adm-${label}`, displayName: 'A', role: 'admin', secret: 'long enough secret' },
    { operatorId: 'system', deskId: role.name },
  );
  const registry = new RegistrySync({
    store: services.store,
    deskKeys: services.keys,
    clinicKeys: keys,
    clock: services.clock,
  });
  const sync = new ClinicSync({
    desk: role.name,
    server: '127.0.0.1/test',
    connect: () => role.connect(),
    store: services.store,
    ackFile: new ClinicAckFile({
      path: join(dir, CLINIC_ACK_FILE_NAME),
      key: services.keys['clinic-ack'],
      deskId: role.name,
    }),
    clock: services.clock,
    intervalMs: null,
    parts: [registry],
  });
  const listener = wakeOnChanges({
    connect: () => role.connect(),
    sync: () => sync.sync(),
    periodMs: null,
    retryMs: 100,
  });
  const d = { role, services, registry, sync, listener, actor: { operatorId: admin.id, deskId: role.name } };
  desks.push(d);
  return d;
}

let a: Desk;
let b: Desk;
beforeAll(async () => {
  a = await desk('one');
  b = await desk('two');
  a.listener.start();
  b.listener.start();
});
afterAll(async () => {
  for (const d of desks) {
    await d.listener.stop();
    await d.sync.close();
    await d.services.close();
  }
});

describeClinic('the registry in the clinic sync of a running desk', () => {
  it('the first round pushes what piled up; a change at one desk reaches the other by itself', async () => {
    // Each desk's admin (made before the listener connected) went up and came down at the other.
    await expect.poll(() => b.services.operators.count(), { timeout: 10_000 }).toBe(2);
    const p = a.services.patients.register(newPatient(), a.actor);
    await a.sync.sync();
    await expect.poll(() => b.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(a.sync.state()).toBe('online');
    expect(a.sync.unsent().changes).toBe(0);
    expect(a.registry.rejected()).toEqual([]);
  });

  it('carries on after the server ends every session of both desks', async () => {
    const su = await clinic.superuser();
    const ended = await su.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1)',
      [[a.role.role, b.role.role]],
    );
    expect(ended.rowCount).toBeGreaterThanOrEqual(4);
    await expect.poll(() => a.listener.listening && b.listener.listening, { timeout: 10_000 }).toBe(true);
    const p = a.services.patients.register(newPatient(), a.actor);
    // A round on the dead connection goes offline and drops it; the next one reconnects.
    await a.sync.sync();
    if (a.sync.state() !== 'online') await a.sync.sync();
    expect(a.sync.state()).toBe('online');
    await expect.poll(() => b.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(a.sync.unsent().changes).toBe(0);
  });
});
