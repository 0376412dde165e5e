/**
 * One desk of the simulation, built as the app builds one (openKioskServices, the composition
 * root the Electron shell and the end-to-end tests use): its own folder with its SQLite file and
 * data key, its own login role at the clinic reached through its own network cable, the clinic
 * key, the clinic sync with its timer, its LISTEN connection and its push-when-waiting watch.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClinicKeys } from '../../src/core/clinic-sync/clinic-seal.ts';
import type { NewDesk } from '../../src/core/clinic/desks.ts';
import { clinicConfigSchema } from '../../src/core/config/clinic-config.ts';
import { defaultKioskConfig } from '../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import type { DeliveryChannel } from '../../src/core/delivery/channel.ts';
import {
  earlierPipelines,
  loadDecisionRule,
  loadDecisionRules,
} from '../../src/core/face/decision-rule-file.ts';
import { ANALYZER_PIPELINE } from '../../src/core/face/face-analyzer.ts';
import { openKioskServices, type KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import type { FaceAnalyzerPort } from '../../src/core/visit/visit-desk-deps.ts';
import { NetworkCable } from './network-cut.ts';

export interface SimDesk {
  name: string;
  cable: NetworkCable;
  services: KioskServices;
}

export interface SimDeskOptions {
  desk: NewDesk;
  /** Where the clinic server listens (the cable relays to it). */
  server: { host: string; port: number; database: string };
  clinicKeys: ClinicKeys;
  face: FaceAnalyzerPort;
  phones: DeliveryChannel;
  /** The run's folder; the desk gets a folder of its own inside. */
  root: string;
}

export async function openSimDesk(o: SimDeskOptions): Promise<SimDesk> {
  const dir = join(o.root, o.desk.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cable = await NetworkCable.plug({ host: o.server.host, port: o.server.port });
  const config = defaultKioskConfig({
    clinicId: 'sim',
    clinicName: 'Емхана (симуляция)',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 300 00 00',
    deskId: o.desk.name,
  });
  try {
    const services = openKioskServices({
      dbPath: join(dir, DATABASE_FILE_NAME),
      keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
      config: {
        ...config,
        clinicDatabase: clinicConfigSchema.parse({
          host: '127.0.0.1',
          port: cable.port,
          database: o.server.database,
          role: o.desk.role,
          credentialsRef: 'clinic',
          tls: null,
        }),
      },
      face: o.face,
      rule: loadDecisionRule(),
      modelVersion: ANALYZER_PIPELINE,
      earlierPipelines: earlierPipelines(loadDecisionRules()),
      gateway: o.phones,
      clinicPassword: o.desk.password,
      clinicKeys: o.clinicKeys,
      retentionIntervalMs: null,
    });
    return { name: o.desk.name, cable, services };
  } catch (error) {
    await cable.close();
    throw error;
  }
}
