/**
 * npm run demo -- --data-dir DIR --key-file FILE [--visits N] [--patients N]
 *
 * A demo desk for clinic IT and for the screenshots: makes (or extends) a single desk in DIR whose
 * data key is the key file FILE, as the app would keep it — its configuration, the accounts of an
 * admin, a doctor and a registrar, patients enrolled from real photos (the committed portraits, and
 * ../shared's people when present; one in four refuses the photo) — then runs N visits through the
 * real visit desk and face engine: the face path with liveness, and the code path read off the
 * patient's (simulated) phone for those who refuse. Run again on the same DIR, it adds N more
 * visits (and any patient not yet there). The people in front of the camera are simulated as in
 * `clinic simulate` (scripts/clinic-simulate/simulated-camera.ts): real photos, synthetic head
 * turns. The accounts' passwords are printed on the first run only; they are demo passwords.
 *
 * Progress goes to stderr; the last stdout line is one JSON object. Exit 2 on bad usage or failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CONFIG_FILE_NAME, readConfigFile, writeConfigFile } from '../src/core/config/config-file.ts';
import { defaultKioskConfig } from '../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../src/core/crypto/subkeys.ts';
import {
  earlierPipelines,
  loadDecisionRule,
  loadDecisionRules,
} from '../src/core/face/decision-rule-file.ts';
import { ANALYZER_PIPELINE } from '../src/core/face/face-analyzer.ts';
import { engineAnalyzerPort } from '../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../src/core/face/face-engine.ts';
import { openKioskServices } from '../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../src/core/store/database.ts';
import { availableCast, seated } from './clinic-simulate/cast.ts';
import { SimulatedCamera } from './clinic-simulate/simulated-camera.ts';
import { SimulatedPhones } from './clinic-simulate/simulated-phones.ts';
import { playVisit } from './clinic-simulate/visit-player.ts';
import { demoAccounts, demoPatients } from './demo-desk.ts';

const USAGE = `usage: npm run demo -- --data-dir DIR --key-file FILE [--visits N] [--patients N]
  --data-dir  the desk's data folder (made when missing; an existing demo desk is extended)
  --key-file  its data key file (made with the desk; must be the desk's own afterwards)
  --visits    visits to run now (default 10)
  --patients  at most this many patients (default: everyone with photos)
  --help      this text`;

const root = resolve(import.meta.dirname, '..');
const argsSchema = z
  .object({
    'data-dir': z.string().min(1),
    'key-file': z.string().min(1),
    visits: z.coerce.number().int().min(0).max(10_000).default(10),
    patients: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

function parse(): z.output<typeof argsSchema> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        visits: { type: 'string' },
        patients: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { help: _help, ...rest } = values;
  const parsed = argsSchema.safeParse(rest);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    console.error(`${problems.join('; ')}\n${USAGE}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const args = parse();
  const dataDir = resolve(args['data-dir']);
  const keyFile = resolve(args['key-file']);
  const configPath = join(dataDir, CONFIG_FILE_NAME);
  const dbPath = join(dataDir, DATABASE_FILE_NAME);
  const existing = existsSync(configPath) && existsSync(dbPath);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config =
    (existing ? readConfigFile(configPath) : null) ??
    defaultKioskConfig({
      clinicId: 'demo',
      clinicName: 'Емхана №5 (демо)',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 300 00 00',
      deskId: 'demo-desk',
    });
  if (!existing) writeConfigFile(configPath, config);

  const log = (line: string) => console.error(line);
  const engine = engineAnalyzerPort(FaceEngine.start({ modelsDir: join(root, 'models') }));
  const camera = new SimulatedCamera(engine);
  const phones = new SimulatedPhones();
  const services = openKioskServices({
    dbPath,
    existing,
    // A new desk gets a new key; an existing one must come with its own (KEY_WRONG otherwise).
    keys: deriveSubkeys(keyFileProvider(keyFile, { create: !existing })),
    config,
    face: camera,
    rule: loadDecisionRule(),
    modelVersion: ANALYZER_PIPELINE,
    earlierPipelines: earlierPipelines(loadDecisionRules()),
    gateway: phones,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
  });
  const ticker = setInterval(() => void services.tick(), 1000);
  try {
    await engine.ready();
    const everyone = availableCast(root, log);
    const cast = await seated(engine, everyone.slice(0, args.patients ?? everyone.length));
    const accounts = demoAccounts(services, log);
    const patients = await demoPatients(services, camera, cast, accounts.registrar, log);
    const doctor = { actor: accounts.doctor, name: 'Dr Aida Bekova' };
    const done = services.visitsAtDesk(new Date(0), new Date('9999-12-31T00:00:00Z')).length;
    const played = [];
    for (let v = 0; v < args.visits && patients.length > 0; v += 1) {
      const patient = patients[(done + v) % patients.length];
      if (!patient) break;
      const visit = await playVisit(services.desk, camera, phones, doctor, patient);
      played.push(visit);
      log(`visit ${v + 1}/${args.visits}: ${visit.phase}${visit.method ? ` by ${visit.method}` : ''}`);
    }
    const result = {
      dataDir,
      patients: patients.length,
      withFace: patients.filter((p) => p.face !== null).length,
      visitsMade: played.length,
      identified: {
        face: played.filter((v) => v.phase === 'identified' && v.method === 'face').length,
        code: played.filter((v) => v.phase === 'identified' && v.method === 'code').length,
      },
      visitsAtDesk: services.visitsAtDesk(new Date(0), new Date('9999-12-31T00:00:00Z')).length,
      auditVerified: services.verifyAudit().ok,
    };
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(ticker);
    await services.close();
    await engine.close();
  }
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  console.error(`demo failed${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}`);
  process.exit(2);
});
