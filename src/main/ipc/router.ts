/**
 * The one IPC router. Pure (no Electron), so the same router serves Electron's ipcMain and the
 * end-to-end harness's Playwright binding.
 *
 * Every call goes through the same gate, in this order: the channel must be in the contract, the
 * sender must be our main frame, the payload must fit the channel's size cap and parse with its
 * request schema. Only then does the handler run, and what it returns must parse with the
 * response schema: the renderer gets the parsed value, so a stray field (a descriptor, a template)
 * can never ride along. Failures are IpcResult codes; nothing thrown ever reaches the renderer.
 */
import { TanuError } from '../../shared/errors.ts';
import { ipcFailure, ipcOk } from '../../shared/ipc/contract-kit.ts';
import type {
  HandlerResultOf,
  IpcChannel,
  IpcContract,
  IpcResult,
  ParsedRequestOf,
} from '../../shared/ipc/contract-kit.ts';
import { exceedsPayloadLimit } from '../../shared/ipc/payload-size.ts';

/** The calling frame, as far as the router needs to know it. */
export interface IpcSender {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export interface IpcCallContext {
  readonly channel: string;
  readonly sender: IpcSender;
}

export type IpcHandler<C> = C extends IpcChannel
  ? (request: ParsedRequestOf<C>, context: IpcCallContext) => HandlerResultOf<C> | Promise<HandlerResultOf<C>>
  : never;

/** One handler for every channel of the contract: a new channel does not compile without one. */
export type IpcHandlers<Contract extends IpcContract> = {
  readonly [Channel in keyof Contract]: IpcHandler<Contract[Channel]>;
};

/** Receives channel names and error codes/class names only: never payloads or messages. */
export interface IpcLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface IpcRouterOptions {
  isTrustedSender(sender: IpcSender): boolean;
  logger?: IpcLogger;
  /**
   * Runs before every handler, once the call passed the gate (the kiosk checks its session here);
   * a TanuError it throws is the call's answer, as if the handler had thrown it.
   */
  beforeHandler?(channel: string): void | Promise<void>;
}

export interface IpcRouter<Contract extends IpcContract = IpcContract> {
  /** Never rejects. */
  dispatch(channel: unknown, sender: IpcSender, payload: unknown): Promise<IpcResult<unknown>>;
  readonly channels: readonly (keyof Contract & string)[];
}

/** A TanuError code is stable API: SHOUTY_SNAKE only, so a malformed one cannot smuggle text out. */
const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

const SILENT_LOGGER: IpcLogger = { warn: () => undefined, error: () => undefined };

/** An identifier-shaped class name, or a generic one: `name` is writable and could carry text. */
const CLASS_NAME_PATTERN = /^[A-Za-z_$][\w$]{0,63}$/;

function errorClassName(error: unknown): string {
  if (error instanceof Error) return CLASS_NAME_PATTERN.test(error.name) ? error.name : 'Error';
  return error === null ? 'null' : typeof error;
}

function isTrusted(options: IpcRouterOptions, sender: IpcSender): boolean {
  try {
    return options.isTrustedSender(sender);
  } catch {
    return false;
  }
}

export function createIpcRouter<Contract extends IpcContract>(
  contract: Contract,
  handlers: IpcHandlers<Contract>,
  options: IpcRouterOptions,
): IpcRouter<Contract> {
  const channels = Object.keys(contract) as (keyof Contract & string)[];
  const extra = Object.keys(handlers).filter((name) => !Object.hasOwn(contract, name));
  if (extra.length > 0)
    throw new Error(`IPC handlers for channels outside the contract: ${extra.join(', ')}`);
  const missing = channels.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`IPC channels without a handler: ${missing.join(', ')}`);
  const logger = options.logger ?? SILENT_LOGGER;
  const specOf: Readonly<Record<string, IpcChannel>> = contract;
  const handlerOf = handlers as unknown as Readonly<
    Record<string, (request: unknown, context: IpcCallContext) => unknown>
  >;

  async function runHandler(
    channel: string,
    spec: IpcChannel,
    request: unknown,
    sender: IpcSender,
  ): Promise<IpcResult<unknown>> {
    const handler = handlerOf[channel];
    if (handler === undefined) return ipcFailure('UNKNOWN_CHANNEL');
    let value: unknown;
    try {
      await options.beforeHandler?.(channel);
      value = await handler(request, { channel, sender });
    } catch (error) {
      if (error instanceof TanuError && ERROR_CODE_PATTERN.test(error.code)) {
        logger.warn(`[ipc] ${channel} failed: ${error.code}`);
        return ipcFailure(error.code);
      }
      logger.error(`[ipc] ${channel} failed: ${errorClassName(error)}`);
      return ipcFailure('INTERNAL');
    }
    const response = await spec.response.safeParseAsync(value);
    if (!response.success) {
      // Issue codes only: paths and messages can carry record keys or values.
      const issues = response.error.issues.map((issue) => issue.code).join(', ');
      logger.error(`[ipc] ${channel} answered outside its response schema (${issues})`);
      return ipcFailure('INTERNAL');
    }
    return ipcOk(response.data);
  }

  async function dispatch(
    channel: unknown,
    sender: IpcSender,
    payload: unknown,
  ): Promise<IpcResult<unknown>> {
    try {
      if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
        return ipcFailure('UNKNOWN_CHANNEL');
      }
      const spec = specOf[channel];
      if (spec === undefined) return ipcFailure('UNKNOWN_CHANNEL');
      if (!isTrusted(options, sender)) {
        logger.warn(`[ipc] ${channel} refused: untrusted sender`);
        return ipcFailure('UNTRUSTED_SENDER');
      }
      if (exceedsPayloadLimit(payload, spec.maxBytes)) {
        logger.warn(`[ipc] ${channel} refused: payload over ${spec.maxBytes} bytes`);
        return ipcFailure('PAYLOAD_TOO_LARGE');
      }
      const request = await spec.request.safeParseAsync(payload);
      if (!request.success) {
        logger.warn(`[ipc] ${channel} refused: payload fails the request schema`);
        return ipcFailure('INVALID_PAYLOAD');
      }
      return await runHandler(channel, spec, request.data, sender);
    } catch (error) {
      // A schema that throws (a refinement bug) or a logger that throws: still an answer.
      try {
        logger.error(`[ipc] dispatch failed: ${errorClassName(error)}`);
      } catch {
        // Nothing left to report to.
      }
      return ipcFailure('INTERNAL');
    }
  }

  return Object.freeze({ dispatch, channels: Object.freeze(channels) });
}
