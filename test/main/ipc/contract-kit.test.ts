import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { IPC_CONTRACT } from '../../../src/shared/ipc/channels.ts';
import {
  channelMethodName,
  defineChannel,
  kioskMethodBindings,
  mergeContracts,
} from '../../../src/shared/ipc/contract-kit.ts';
import type {
  HandlerResultOf,
  KioskApiOf,
  MethodNameOf,
  ParsedRequestOf,
  RequestOf,
  ResponseOf,
} from '../../../src/shared/ipc/contract-kit.ts';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../../src/shared/ipc/payload-size.ts';

const ping = defineChannel({ request: z.undefined(), response: z.literal('pong') });

describe('channelMethodName', () => {
  it.each([
    ['app:getVersion', 'appGetVersion'],
    ['visit:start', 'visitStart'],
    ['camera:submitFrame', 'cameraSubmitFrame'],
    ['code2fa:send', 'code2faSend'],
  ])('%s → %s', (channel, method) => {
    expect(channelMethodName(channel)).toBe(method);
  });

  it.each([
    '',
    'app',
    'app:',
    ':get',
    'App:get',
    'app:Get',
    'app:get:more',
    'app-x:get',
    'app:get version',
    '1app:get',
  ])('refuses the malformed name %j', (channel) => {
    expect(() => channelMethodName(channel)).toThrow(TypeError);
  });

  it('has a matching type', () => {
    expectTypeOf<MethodNameOf<'visit:start'>>().toEqualTypeOf<'visitStart'>();
    expectTypeOf(channelMethodName('camera:submitFrame')).toEqualTypeOf<'cameraSubmitFrame'>();
  });
});

describe('defineChannel', () => {
  it('defaults the cap to 256 KiB and keeps a declared one', () => {
    expect(ping.maxBytes).toBe(DEFAULT_MAX_PAYLOAD_BYTES);
    expect(DEFAULT_MAX_PAYLOAD_BYTES).toBe(256 * 1024);
    const frame = defineChannel({
      request: z.instanceof(Uint8Array),
      response: z.boolean(),
      maxBytes: 2 << 20,
    });
    expect(frame.maxBytes).toBe(2 * 1024 * 1024);
    expect(Object.isFrozen(frame)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses maxBytes %s', (maxBytes) => {
    expect(() => defineChannel({ request: z.undefined(), response: z.string(), maxBytes })).toThrow(
      RangeError,
    );
  });

  it('derives request and response types, before and after parsing', () => {
    const channel = defineChannel({
      request: z.object({ count: z.string().transform(Number) }),
      response: z.object({ at: z.number().transform((ms) => new Date(ms)) }),
    });
    expect(channel.request.parse({ count: '3' })).toEqual({ count: 3 });
    expectTypeOf<RequestOf<typeof channel>>().toEqualTypeOf<{ count: string }>();
    expectTypeOf<ParsedRequestOf<typeof channel>>().toEqualTypeOf<{ count: number }>();
    expectTypeOf<HandlerResultOf<typeof channel>>().toEqualTypeOf<{ at: number }>();
    expectTypeOf<ResponseOf<typeof channel>>().toEqualTypeOf<{ at: Date }>();
  });
});

describe('mergeContracts', () => {
  const visit = { 'visit:start': ping, 'visit:cancel': ping } as const;
  const app = { 'app:ping': ping } as const;

  it('joins feature maps and types window.kiosk from the result', () => {
    const contract = mergeContracts(app, visit);
    expect(Object.keys(contract).sort()).toEqual(['app:ping', 'visit:cancel', 'visit:start']);
    expect(Object.isFrozen(contract)).toBe(true);
    expectTypeOf<keyof KioskApiOf<typeof contract>>().toEqualTypeOf<
      'appPing' | 'visitStart' | 'visitCancel'
    >();
  });

  it('refuses a channel defined twice', () => {
    expect(() => mergeContracts(app, visit, { 'visit:start': ping })).toThrow(/visit:start is defined twice/);
  });

  it('refuses two channels that map to the same window.kiosk method', () => {
    expect(() => mergeContracts({ 'app:getVersion': ping }, { 'appGet:version': ping })).toThrow(
      /appGetVersion/,
    );
  });

  it('refuses a malformed channel name', () => {
    expect(() => mergeContracts({ 'visit:Start': ping })).toThrow(TypeError);
  });
});

describe('IPC_CONTRACT', () => {
  it('binds every channel to its camel-cased method', () => {
    const bindings = kioskMethodBindings(IPC_CONTRACT);
    expect(bindings).toHaveLength(Object.keys(IPC_CONTRACT).length);
    expect(bindings).toContainEqual({ method: 'appGetVersion', channel: 'app:getVersion' });
    expect(bindings).toContainEqual({ method: 'visitSubmitFrame', channel: 'visit:submitFrame' });
    expect(bindings).toContainEqual({ method: 'adminFraudReport', channel: 'admin:fraudReport' });
    // Every channel is feature:verb and every method name is distinct.
    expect(new Set(bindings.map((b) => b.method)).size).toBe(bindings.length);
  });

  it('takes no argument on the app channels and checks their answers', () => {
    expect(IPC_CONTRACT['app:getVersion'].request.safeParse(undefined).success).toBe(true);
    expect(IPC_CONTRACT['app:getVersion'].request.safeParse({}).success).toBe(false);
    expect(IPC_CONTRACT['app:getVersion'].response.safeParse('').success).toBe(false);
    expect(IPC_CONTRACT['app:getInfo'].response.parse({ version: '1', platform: 'linux', x: 1 })).toEqual({
      version: '1',
      platform: 'linux',
    });
  });
});
