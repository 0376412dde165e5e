/**
 * A desk driven as the screen drives it: the real KioskRuntime (real SQLite, key file) behind the
 * real IPC router, time from a clock moved by hand. Runtimes opened here are closed after each test.
 */
import { afterEach } from 'vitest';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import type { KioskRuntime } from '../../src/main/runtime/kiosk-runtime.ts';
import { DESK_SETUP, type PresetFiles, testRuntime } from './runtime.ts';
import { manualClock } from './store.ts';

const MAIN = { url: 'app://tanu/index.html', isMainFrame: true };
/** Every account's password on a staffed desk. */
export const SECRET = DESK_SETUP.admin.secret;

export interface Desk {
  dir: string;
  runtime: KioskRuntime;
  files: PresetFiles;
  clock: ReturnType<typeof manualClock>;
  call<T = unknown>(channel: string, payload?: unknown): Promise<IpcResult<T>>;
  value<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** The audit rows of an event, oldest first. */
  audited(event: string): { operatorId: string; detail: string | null }[];
  operatorId(login: string): string;
}

const opened: KioskRuntime[] = [];
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
});

/** The desk in `dir` started (again, when it was set up before), on `clock`. */
export function deskOn(dir: string, clock = manualClock()): Desk {
  const { runtime, files } = testRuntime(dir, { clock });
  opened.push(runtime);
  const router = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime,
    isTrustedSender: (s) => s.isMainFrame,
  });
  const call = <T>(channel: string, payload?: unknown) =>
    router.dispatch(channel, MAIN, payload) as Promise<IpcResult<T>>;
  return {
    dir,
    runtime,
    files,
    clock,
    call,
    value: async <T>(channel: string, payload?: unknown): Promise<T> => {
      const r = await call<T>(channel, payload);
      if (!r.ok) throw new Error(`${channel} answered ${r.code}`);
      return r.value;
    },
    audited: (event) =>
      runtime
        .services()
        .store.connection.prepare(
          'SELECT operator_id AS operatorId, detail FROM audit_log WHERE event = ? ORDER BY seq',
        )
        .all(event) as { operatorId: string; detail: string | null }[],
    operatorId: (login) =>
      runtime
        .services()
        .operators.list()
        .find((o) => o.login === login)?.id ?? '',
  };
}

/** Sets the desk up with its admin, a doctor (dr.bekova) and a registrar (reg.saule); nobody signed in. */
export async function staff(desk: Desk): Promise<Desk> {
  await desk.value('setup:complete', DESK_SETUP);
  for (const [login, role] of [
    ['dr.bekova', 'doctor'],
    ['reg.saule', 'registrar'],
  ] as const) {
    await desk.value('admin:createOperator', { login, displayName: login, role, secret: SECRET });
  }
  await desk.value('session:signOut');
  return desk;
}
