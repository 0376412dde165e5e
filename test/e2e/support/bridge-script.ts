/**
 * What the harness's init script does in every frame before the page's own scripts run: it plays
 * the preload. window.kiosk gets one method per contract channel (the method→channel pairs come
 * from kioskMethodBindings, computed in Node), each sending exactly one argument over the
 * Playwright binding and turning a failed call into an INTERNAL result, and the object is frozen
 * on a non-writable, non-configurable property, as contextBridge leaves it.
 *
 * Mirrors src/shared/ipc/kiosk-bridge.ts (buildKioskApi): that module imports its helpers, and an
 * init script must be one self-contained function, since Playwright sends its source text.
 * It also reports CSP violations, which a page can otherwise only log.
 */
import type { KioskMethodBinding } from '../../../src/shared/ipc/contract-kit.ts';

/** The Playwright binding window.kiosk calls: (channel, payload) → the router's IpcResult. */
export const INVOKE_BINDING = '__kioskInvoke';
/** The binding the CSP listener reports to. */
export const CSP_BINDING = '__e2eCspViolation';

export interface BridgeScriptArg {
  bindings: readonly KioskMethodBinding[];
  invokeBinding: string;
  cspBinding: string;
}

export interface CspViolation {
  directive: string;
  blockedUri: string;
  source: string;
}

/** The slice of a browser window the script touches (the node typecheck has no DOM library). */
interface BridgeWindow {
  [name: string]: unknown;
  addEventListener(type: 'securitypolicyviolation', listener: (event: CspEventLike) => void): void;
}
interface CspEventLike {
  effectiveDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}

type Binding = (...args: unknown[]) => Promise<unknown>;

export function installKioskBridge(arg: BridgeScriptArg): void {
  const page = globalThis as unknown as BridgeWindow;
  const call = (name: string, ...args: unknown[]): Promise<unknown> => {
    const binding = page[name];
    return typeof binding === 'function'
      ? (binding as Binding)(...args)
      : Promise.reject(new Error(`binding ${name} missing`));
  };
  const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const { method, channel } of arg.bindings) {
    api[method] = async (payload?: unknown): Promise<unknown> => {
      try {
        return await call(arg.invokeBinding, channel, payload);
      } catch {
        return { ok: false, code: 'INTERNAL' };
      }
    };
  }
  Object.defineProperty(page, 'kiosk', {
    value: Object.freeze(api),
    enumerable: true,
    writable: false,
    configurable: false,
  });
  page.addEventListener('securitypolicyviolation', (event) => {
    const violation = {
      directive: event.effectiveDirective,
      blockedUri: event.blockedURI,
      source: `${event.sourceFile}:${event.lineNumber}`,
    };
    call(arg.cspBinding, violation).catch(() => undefined);
  });
}
