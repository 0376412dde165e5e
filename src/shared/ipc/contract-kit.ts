/**
 * Building blocks of the IPC contract between the renderer (window.kiosk) and main. A channel is
 * named `feature:verb` and carries a zod schema for its request and its response; every call
 * answers with an IpcResult, never a thrown error, so the renderer handles failures as values.
 *
 * Pure: imported by main, the preload, the renderer (types) and the end-to-end harness.
 */
import type { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './payload-size.ts';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string };

/** Codes the router itself answers with; handlers add their own TanuError codes. */
export const ROUTER_ERROR_CODES = [
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'PAYLOAD_TOO_LARGE',
  'INVALID_PAYLOAD',
  'INTERNAL',
] as const;
export type RouterErrorCode = (typeof ROUTER_ERROR_CODES)[number];

export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function ipcFailure(code: string): { ok: false; code: string } {
  return { ok: false, code };
}

/** `feature:verb`, both parts camelCase starting lower-case (checked at runtime by channelMethodName). */
export type ChannelName = `${string}:${string}`;

export interface IpcChannel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  /** Payload cap for this channel (see payload-size.ts). */
  readonly maxBytes: number;
}

export interface ChannelDefinition<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  /** Only for channels that carry binary data (camera frames); defaults to 256 KiB. */
  maxBytes?: number;
}

export function defineChannel<Req extends z.ZodType, Res extends z.ZodType>(
  definition: ChannelDefinition<Req, Res>,
): IpcChannel<Req, Res> {
  const maxBytes = definition.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive integer, got ${String(maxBytes)}`);
  }
  return Object.freeze({ request: definition.request, response: definition.response, maxBytes });
}

export type IpcContract = { readonly [channel: ChannelName]: IpcChannel };

/** What the caller sends. */
export type RequestOf<C extends IpcChannel> = z.input<C['request']>;
/** What the handler receives, after the request schema parsed it. */
export type ParsedRequestOf<C extends IpcChannel> = z.output<C['request']>;
/** What the handler may return, before the response schema parses it. */
export type HandlerResultOf<C extends IpcChannel> = z.input<C['response']>;
/** What the caller receives in `value`. */
export type ResponseOf<C extends IpcChannel> = z.output<C['response']>;

/** 'visit:start' → 'visitStart'. */
export type MethodNameOf<Channel extends string> = Channel extends `${infer Feature}:${infer Verb}`
  ? `${Feature}${Capitalize<Verb>}`
  : never;

/** A request the schema allows to be undefined can be left out: `kiosk.appGetVersion()`. */
export type KioskMethod<C> = C extends IpcChannel
  ? undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>
  : never;

/** window.kiosk for a contract: one camel-cased method per channel. */
export type KioskApiOf<Contract extends IpcContract> = {
  readonly [Channel in keyof Contract & string as MethodNameOf<Channel>]: KioskMethod<Contract[Channel]>;
};

const CHANNEL_NAME_PATTERN = /^[a-z][a-zA-Z0-9]*:[a-z][a-zA-Z0-9]*$/;

export function isChannelName(value: string): value is ChannelName {
  return CHANNEL_NAME_PATTERN.test(value);
}

/** The window.kiosk method for a channel: 'visit:start' → 'visitStart'. Throws on a malformed name. */
export function channelMethodName<Channel extends string>(channel: Channel): MethodNameOf<Channel> {
  if (!isChannelName(channel)) {
    throw new TypeError(`IPC channel names are camelCase feature:verb, got ${JSON.stringify(channel)}`);
  }
  const separator = channel.indexOf(':');
  const feature = channel.slice(0, separator);
  const verb = channel.slice(separator + 1);
  return `${feature}${verb.charAt(0).toUpperCase()}${verb.slice(1)}` as MethodNameOf<Channel>;
}

export interface KioskMethodBinding {
  readonly method: string;
  readonly channel: string;
}

/**
 * Method name → channel for every channel of the contract: what the preload (and the end-to-end
 * harness, which passes it to its init script as plain JSON) builds window.kiosk from.
 */
export function kioskMethodBindings(contract: IpcContract): readonly KioskMethodBinding[] {
  return Object.keys(contract).map((channel) => ({ method: channelMethodName(channel), channel }));
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type MergedContracts<Parts extends readonly IpcContract[]> = Parts extends readonly [
  infer Head,
  ...infer Tail extends readonly IpcContract[],
]
  ? Head & MergedContracts<Tail>
  : unknown;

/**
 * Joins per-feature channel maps into one contract. Throws at module load on a malformed channel
 * name, a channel defined twice, or two channels whose window.kiosk method names collide.
 */
export function mergeContracts<const Parts extends readonly IpcContract[]>(
  ...parts: Parts
): Simplify<MergedContracts<Parts>> {
  const merged: Record<string, IpcChannel> = {};
  const channelOfMethod = new Map<string, string>();
  for (const part of parts) {
    for (const [channel, spec] of Object.entries(part)) {
      if (Object.hasOwn(merged, channel)) throw new Error(`IPC channel ${channel} is defined twice`);
      const method = channelMethodName(channel);
      const clash = channelOfMethod.get(method);
      if (clash !== undefined) throw new Error(`IPC channels ${clash} and ${channel} both map to ${method}`);
      channelOfMethod.set(method, channel);
      merged[channel] = spec;
    }
  }
  return Object.freeze(merged) as Simplify<MergedContracts<Parts>>;
}
