import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { IPC_CONTRACT } from '../../src/shared/ipc/channels.ts';
import type { KioskApi } from '../../src/shared/ipc/channels.ts';
import { channelMethodName } from '../../src/shared/ipc/contract-kit.ts';
import type { IpcResult, MethodNameOf } from '../../src/shared/ipc/contract-kit.ts';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>(),
  exposeInIsolatedWorld: vi.fn(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  send: vi.fn(),
  on: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: electron.exposeInMainWorld,
    exposeInIsolatedWorld: electron.exposeInIsolatedWorld,
  },
  ipcRenderer: { invoke: electron.invoke, send: electron.send, on: electron.on },
}));

let kiosk: Record<string, (...args: unknown[]) => Promise<unknown>>;
let exposed: unknown[][];
let isolatedExposures: number;

beforeAll(async () => {
  await import('../../src/preload/index.ts');
  // Recorded now: the mocks' call history is cleared between tests.
  exposed = electron.exposeInMainWorld.mock.calls.map((call) => [...call]);
  isolatedExposures = electron.exposeInIsolatedWorld.mock.calls.length;
  kiosk = exposed[0]?.[1] as typeof kiosk;
});

describe('preload: window.kiosk', () => {
  it('is exposed once, as "kiosk", and nothing else is exposed', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[0]).toBe('kiosk');
    expect(isolatedExposures).toBe(0);
  });

  it('has exactly one function per contract channel, named in camelCase', () => {
    const expected = Object.keys(IPC_CONTRACT).map((channel) => channelMethodName(channel));
    expect(Object.keys(kiosk).sort()).toEqual(expected.sort());
    expect(expected).toContain('appGetVersion');
    for (const value of Object.values(kiosk)) expect(typeof value).toBe('function');
  });

  it('never hands out ipcRenderer or its methods', () => {
    const exposed: unknown[] = Object.values(kiosk);
    for (const forbidden of [electron.invoke, electron.send, electron.on]) {
      expect(exposed).not.toContain(forbidden);
    }
    expect(Object.isFrozen(kiosk)).toBe(true);
    expect(electron.send).not.toHaveBeenCalled();
    expect(electron.on).not.toHaveBeenCalled();
  });

  it.each(Object.keys(IPC_CONTRACT))(
    '%s: invokes its own channel with exactly the payload',
    async (channel) => {
      const answer: IpcResult<string> = { ok: true, value: channel };
      electron.invoke.mockReset();
      electron.invoke.mockResolvedValueOnce(answer);
      const method = kiosk[channelMethodName(channel)];
      await expect(method?.({ probe: 1 }, 'extra argument')).resolves.toEqual(answer);
      expect(electron.invoke.mock.calls).toEqual([[channel, { probe: 1 }]]);
    },
  );

  it('turns a failed invoke into an INTERNAL result instead of a rejection', async () => {
    electron.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'app:getVersion'"));
    await expect(kiosk['appGetVersion']?.()).resolves.toEqual({ ok: false, code: 'INTERNAL' });
  });

  it('types window.kiosk from the contract', () => {
    expectTypeOf<KioskApi['appGetVersion']>().toEqualTypeOf<
      (request?: undefined) => Promise<IpcResult<string>>
    >();
    expectTypeOf<Awaited<ReturnType<KioskApi['appGetInfo']>>>().toEqualTypeOf<
      IpcResult<{ version: string; platform: string }>
    >();
    expectTypeOf<keyof KioskApi>().toEqualTypeOf<MethodNameOf<keyof typeof IPC_CONTRACT & string>>();
    expectTypeOf<'visitSubmitFrame'>().toExtend<keyof KioskApi>();
  });
});
