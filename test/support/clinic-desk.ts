/**
 * A desk in clinic mode as the composition root builds it (openKioskServices with the clinic
 * keys: its own SQLite file and desk key), with its pusher and puller over its own desk role at
 * the test's clinic database (clinic-db.ts). The template index follows pulled templates as the
 * runtime will make it follow them.
 */
import { join } from 'node:path';
import type { ClinicKeys } from '../../src/core/clinic-sync/clinic-seal.ts';
import { repointPatient } from '../../src/core/clinic-sync/iin-taken.ts';
import { RegistryPuller } from '../../src/core/clinic-sync/registry-pull.ts';
import { RegistryPusher } from '../../src/core/clinic-sync/registry-push.ts';
import { defaultKioskConfig } from '../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../src/core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import type { Operator } from '../../src/core/operators/operators.ts';
import type { Role } from '../../src/shared/roles.ts';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import type { FaceAnalyzerPort } from '../../src/core/visit/visit-desk-deps.ts';
import type { TestDesk as ClinicRole } from './clinic-db.ts';
import { FAST_SCRYPT, NO_FACE } from './runtime.ts';
import { manualClock } from './store.ts';

export const CLINIC_MODEL_VERSION = 'tanu-test';

export interface ClinicTestDesk {
  role: ClinicRole;
  services: KioskServices;
  pusher: RegistryPusher;
  puller: RegistryPuller;
  /** An admin and a registrar created at this desk (in clinic mode: they flow to the others). */
  operators?: { admin: Operator; registrar: Operator };
  actor: { operatorId: string; deskId: string };
}

/** The desk's services on `dir` (its SQLite file and key file), in clinic mode when keys are given. */
export function openDeskServices(
  dir: string,
  deskId: string,
  clinicKeys?: ClinicKeys,
  face: FaceAnalyzerPort = NO_FACE,
): KioskServices {
  return openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: defaultKioskConfig({
      clinicId: 'pol-5',
      clinicName: 'Емхана №5',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 300 00 00',
      deskId,
    }),
    face,
    rule: loadDecisionRule(),
    modelVersion: CLINIC_MODEL_VERSION,
    gateway: offlineChannel,
    clock: manualClock(),
    scrypt: FAST_SCRYPT,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    ...(clinicKeys ? { clinicKeys } : {}),
  });
}

export async function openClinicDesk(
  dir: string,
  role: ClinicRole,
  clinicKeys: ClinicKeys,
  options: { face?: FaceAnalyzerPort; withOperators?: boolean } = {},
): Promise<ClinicTestDesk> {
  const services = openDeskServices(dir, role.name, clinicKeys, options.face);
  const clock = services.clock;
  const api = await role.api();
  const outbox = services.clinicOutbox;
  if (outbox === null) throw new Error('openKioskServices made no clinic outbox');
  const pusher = new RegistryPusher({
    store: services.store,
    api,
    clock,
    onIinTaken: (tx, from, to) =>
      repointPatient(tx, from, to, {
        store: services.store,
        deskKeys: services.keys,
        outbox,
        audit: services.audit,
        clock: services.clock,
        deskId: role.name,
      }),
  });
  if (services.pullHooks === null) throw new Error('openKioskServices made no pull hooks');
  const puller = new RegistryPuller({
    store: services.store,
    api,
    deskKeys: services.keys,
    clinicKeys,
    clock,
    ...services.pullHooks,
  });
  const desk: ClinicTestDesk = {
    role,
    services,
    pusher,
    puller,
    actor: { operatorId: 'system', deskId: role.name },
  };
  if (options.withOperators) {
    const { admin, staff: registrar } = deskStaff(services, role.name, 'registrar');
    desk.operators = { admin, registrar };
    desk.actor = { operatorId: registrar.id, deskId: role.name };
  }
  return desk;
}

/** How a desk's staff account is named at a test desk, by role. */
const STAFF: Record<Exclude<Role, 'admin'>, { login: string; displayName: string }> = {
  registrar: { login: 'reg', displayName: 'Тіркеуші' },
  doctor: { login: 'dr', displayName: 'Дәрігер' },
};

/**
 * An admin created by the system at the desk `deskId`, and an account of `role` created by that
 * admin, as a new desk gets its people (in clinic mode they flow to the other desks).
 */
export function deskStaff(
  services: KioskServices,
  deskId: string,
  role: Exclude<Role, 'admin'>,
): { admin: Operator; staff: Operator } {
  const admin = services.operators.create(
    {
      login: `admin-${deskId}`.slice(0, 32).toLowerCase(),
      displayName: 'Admin',
      role: 'admin',
      secret: 'admin secret 1',
    },
    { operatorId: 'system', deskId },
  );
  const staff = services.operators.create(
    {
      login: `${STAFF[role].login}-${deskId}`.slice(0, 32).toLowerCase(),
      displayName: STAFF[role].displayName,
      role,
      secret: `${role} secret 1`,
    },
    { operatorId: admin.id, deskId },
  );
  return { admin, staff };
}
