/**
 * A KioskRuntime as the app builds it, minus Electron: a key file instead of safeStorage, the
 * offline channel (or a given gateway), a recording printer and a cheap scrypt. The face port is
 * the caller's: the real engine for end-to-end runs, the posed camera for handler tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import type { KeyProvider } from '../../src/core/crypto/key-provider.ts';
import type { DeliveryChannel } from '../../src/core/delivery/channel.ts';
import { offlineChannel } from '../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../src/core/face/decision-rule-file.ts';
import type { LivenessConfig } from '../../src/core/liveness/config.ts';
import type { FaceAnalyzerPort } from '../../src/core/visit/visit-desk-deps.ts';
import { KioskRuntime, type KioskRuntimeOptions } from '../../src/main/runtime/kiosk-runtime.ts';
import type { TimeSource } from '../../src/core/time/desk-clock.ts';
import { MODELS_DIR, ROOT } from './paths.ts';

/** The version the test desks report in their 'app_started' rows: package.json's, as the packaged app's. */
export const APP_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A desk's first-start answers, for tests that set one up through the runtime. */
export const DESK_SETUP = {
  clinicId: 'pol-5',
  clinicName: 'Емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-12',
  admin: { login: 'admin', displayName: 'Admin', secret: 'long enough secret' },
};

/** Keeps what would have gone to the desk printer, to read it back. */
export class RecordingPrinter {
  readonly printed: Uint8Array[] = [];
  failNext = false;
  async print(pdf: Uint8Array): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('paper jam');
    }
    this.printed.push(Uint8Array.from(pdf));
  }
}

/** The admin's file dialogs, answered with paths the test chose (null: cancelled). */
export class PresetFiles {
  save: string | null = null;
  open: Partial<Record<'backup' | 'transfer' | 'provisioning', string | null>> = {};
  async choosePath(): Promise<string | null> {
    return this.save;
  }
  async openPath(kind: 'backup' | 'transfer' | 'provisioning'): Promise<string | null> {
    return this.open[kind] ?? null;
  }
}

export interface TestRuntimeOptions {
  face?: FaceAnalyzerPort;
  /** The shipped rule by default; a function that throws stands for a broken rule file. */
  rule?: KioskRuntimeOptions['rule'];
  time?: TimeSource;
  quit?: () => void;
  gateway?: DeliveryChannel;
  clock?: Clock;
  random?: () => number;
  liveness?: LivenessConfig;
  modelVersion?: string;
  /** Where the desk keeps its data key; a key file `data.key` in the folder by default. */
  keyProvider?: KeyProvider;
}

export const NO_FACE: FaceAnalyzerPort = {
  analyze: () => Promise.reject(new Error('no camera in this test')),
};

export function testRuntime(
  dir: string,
  options: TestRuntimeOptions = {},
): { runtime: KioskRuntime; printer: RecordingPrinter; files: PresetFiles } {
  const printer = new RecordingPrinter();
  const files = new PresetFiles();
  const runtime = new KioskRuntime({
    dataDir: dir,
    modelsDir: MODELS_DIR,
    selftestImage: join(ROOT, 'resources', 'selftest', 'face.jpg'),
    keyProvider: options.keyProvider ?? keyFileProvider(join(dir, 'data.key')),
    face: options.face ?? NO_FACE,
    rule: options.rule ?? loadDecisionRule(),
    modelVersion: options.modelVersion ?? 'tanu-test',
    appVersion: APP_VERSION,
    gateway: () => options.gateway ?? offlineChannel,
    printer,
    files,
    scrypt: FAST_SCRYPT,
    outboxIntervalMs: null,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.quit ? { quit: options.quit } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.liveness ? { liveness: options.liveness } : {}),
  });
  runtime.start();
  return { runtime, printer, files };
}
