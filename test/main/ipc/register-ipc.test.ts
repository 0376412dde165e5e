import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CONTRACT } from '../../../src/shared/ipc/channels.ts';
import { createKioskRouter } from '../../../src/main/ipc/kiosk-router.ts';
import { registerIpc, senderOf } from '../../../src/main/ipc/register-ipc.ts';
import { trustedSenderCheck } from '../../../src/main/ipc/trusted-sender.ts';
import { testRuntime } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('register-ipc');

type InvokeListener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => ({ handle: vi.fn<(channel: string, listener: unknown) => void>() }));

vi.mock('electron', () => ({ ipcMain: { handle: electron.handle } }));

function registered(): Map<string, InvokeListener> {
  const listeners = new Map<string, InvokeListener>();
  for (const [channel, listener] of electron.handle.mock.calls)
    listeners.set(channel, listener as InvokeListener);
  return listeners;
}

function kioskRouter() {
  return createKioskRouter({
    app: { getVersion: () => '1.2.3' },
    platform: 'win32',
    runtime: testRuntime(tempDir()).runtime,
    isTrustedSender: trustedSenderCheck(null),
  });
}

const MAIN_FRAME = { url: 'app://tanu/index.html', parent: null };

beforeEach(() => {
  electron.handle.mockReset();
});

describe('registerIpc', () => {
  it('registers every contract channel once and nothing else', () => {
    registerIpc(kioskRouter());
    const channels = electron.handle.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual(Object.keys(IPC_CONTRACT).sort());
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('answers app:getVersion and app:getInfo for our main frame', async () => {
    registerIpc(kioskRouter());
    const listeners = registered();
    await expect(listeners.get('app:getVersion')?.({ senderFrame: MAIN_FRAME })).resolves.toEqual({
      ok: true,
      value: '1.2.3',
    });
    await expect(listeners.get('app:getInfo')?.({ senderFrame: MAIN_FRAME }, undefined)).resolves.toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'win32' },
    });
  });

  it.each([
    ['a destroyed frame (senderFrame null)', { senderFrame: null }],
    ['no senderFrame at all', {}],
    ['a subframe', { senderFrame: { url: 'app://tanu/index.html', parent: MAIN_FRAME } }],
    ['a foreign main frame', { senderFrame: { url: 'https://evil.test/', parent: null } }],
    [
      'a disposed frame whose getters throw',
      {
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      },
    ],
  ])('refuses %s as UNTRUSTED_SENDER', async (_label, event) => {
    registerIpc(kioskRouter());
    await expect(registered().get('app:getVersion')?.(event)).resolves.toEqual({
      ok: false,
      code: 'UNTRUSTED_SENDER',
    });
  });

  it('passes only the first argument on as the payload', async () => {
    registerIpc(kioskRouter());
    const listener = registered().get('app:getVersion');
    await expect(listener?.({ senderFrame: MAIN_FRAME }, undefined, 'smuggled')).resolves.toMatchObject({
      ok: true,
    });
    await expect(listener?.({ senderFrame: MAIN_FRAME }, 'unexpected')).resolves.toEqual({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
  });
});

describe('senderOf', () => {
  it('reports the main frame and its URL', () => {
    expect(senderOf({ senderFrame: MAIN_FRAME } as never)).toEqual({
      url: 'app://tanu/index.html',
      isMainFrame: true,
    });
  });

  it('reports a subframe as not the main frame', () => {
    expect(senderOf({ senderFrame: { url: 'app://tanu/x', parent: MAIN_FRAME } } as never)).toEqual({
      url: 'app://tanu/x',
      isMainFrame: false,
    });
  });

  it('reports an unknown frame as nobody', () => {
    expect(senderOf({ senderFrame: null })).toEqual({ url: '', isMainFrame: false });
  });
});
