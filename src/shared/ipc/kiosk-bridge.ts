/**
 * Builds the window.kiosk object from a contract: one named function per channel, nothing else.
 * Shared by the preload (over ipcRenderer.invoke) and tests; pure, so it never sees Electron.
 */
import { ipcFailure, kioskMethodBindings } from './contract-kit.ts';
import type { IpcContract, IpcResult, KioskApiOf } from './contract-kit.ts';

/** Sends one request on a channel; resolves with what main answered. */
export type IpcInvoke = (channel: string, payload: unknown) => Promise<unknown>;

export function buildKioskApi<Contract extends IpcContract>(
  contract: Contract,
  invoke: IpcInvoke,
): KioskApiOf<Contract> {
  const api: Record<string, (payload?: unknown) => Promise<IpcResult<unknown>>> = {};
  for (const { method, channel } of kioskMethodBindings(contract)) {
    // Exactly one argument crosses, whatever the page passes; a failed invoke (no handler, a
    // destroyed frame) becomes a result too, so callers only ever handle values.
    api[method] = async (payload?: unknown): Promise<IpcResult<unknown>> => {
      try {
        return (await invoke(channel, payload)) as IpcResult<unknown>;
      } catch {
        return ipcFailure('INTERNAL');
      }
    };
  }
  return Object.freeze(api) as KioskApiOf<Contract>;
}
