/**
 * The gateway adapter against the fake gateway on loopback: one delivery, retries under one
 * Idempotency-Key, timeouts, 4xx without retry, Retry-After, a closed port, and the message text's
 * absence from every result and error. Timeouts and backoffs are tens of milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryMessage, DeliveryResult } from '../../../src/core/delivery/channel.ts';
import {
  GatewayClient,
  parseRetryAfter,
  type GatewayConfigInput,
} from '../../../src/core/delivery/gateway-client.ts';
import { closedPortUrl, startFakeGateway, type FakeGateway } from '../../fakes/fake-gateway.ts';

const CODE = '482913';

function message(overrides: Partial<DeliveryMessage> = {}): DeliveryMessage {
  return {
    kind: 'code',
    to: '+77011234567',
    text: `Your Tanu code is ${CODE}. It expires in 5 minutes.`,
    idempotencyKey: `code-${randomUUID()}`,
    ...overrides,
  };
}

/**
 * Fast settings; `waits` records every pause the client takes between attempts. The tests of a
 * timeout set a short one themselves: the default here is long enough that a loaded machine's
 * first request on loopback never times out by accident.
 */
function client(base: Partial<GatewayConfigInput> & Pick<GatewayConfigInput, 'baseUrl' | 'token'>) {
  const waits: number[] = [];
  const gateway = new GatewayClient(
    {
      timeoutMs: 5_000,
      maxAttempts: 3,
      backoffBaseMs: 10,
      backoffMaxMs: 40,
      maxRetryAfterMs: 2_000,
      ...base,
    },
    {
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    },
  );
  return { gateway, waits };
}

function expectNoText(result: DeliveryResult, msg: DeliveryMessage): void {
  const serialised = JSON.stringify(result);
  expect(serialised).not.toContain(CODE);
  if (msg.text !== '') expect(serialised).not.toContain(msg.text);
}

let fake: FakeGateway;
beforeEach(async () => {
  fake = await startFakeGateway();
});
afterEach(async () => {
  await fake.close();
});

describe('GatewayClient', () => {
  it('delivers once and returns the gateway id', async () => {
    const { gateway, waits } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message();
    const result = await gateway.deliver(msg);
    expect(result).toEqual({ status: 'delivered', gatewayId: fake.deliveries[0]?.id, attempts: 1 });
    expect(fake.deliveries).toEqual([
      {
        id: expect.any(String),
        idempotencyKey: msg.idempotencyKey,
        to: msg.to,
        text: msg.text,
        kind: 'code',
      },
    ]);
    expect(waits).toEqual([]);
  });

  it('a repeat with the same key returns the original id and is not delivered twice', async () => {
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message({ kind: 'notification' });
    const first = await gateway.deliver(msg);
    const second = await gateway.deliver(msg);
    expect(first.status).toBe('delivered');
    expect(second).toEqual(first);
    expect(fake.deliveries).toHaveLength(1);
  });

  it('reusing a key for a different message is a conflict', async () => {
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message();
    await gateway.deliver(msg);
    const result = await gateway.deliver({ ...msg, to: '+77017654321' });
    expect(result).toEqual({ status: 'rejected', reason: 'conflict', attempts: 1, httpStatus: 409 });
    expect(fake.deliveries).toHaveLength(1);
  });

  it('503 twice then success: three attempts, one key, one recorded delivery', async () => {
    fake.script({ type: 'status', status: 503 }, 2);
    const { gateway, waits } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message();
    const result = await gateway.deliver(msg);
    expect(result).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(fake.requests.map((r) => r.outcome)).toEqual([503, 503, 202]);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(new Set([msg.idempotencyKey]));
    expect(fake.deliveries).toHaveLength(1);
    // Exponential with equal jitter: attempt 1 waits in [5, 10], attempt 2 in [10, 20].
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(10);
    expect(waits[1]).toBeGreaterThanOrEqual(10);
    expect(waits[1]).toBeLessThanOrEqual(20);
  });

  it('5xx on every attempt: unreachable after maxAttempts', async () => {
    fake.script({ type: 'status', status: 500 }, 10);
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message();
    const result = await gateway.deliver(msg);
    expect(result).toEqual({ status: 'unreachable', reason: 'server-error', attempts: 3, httpStatus: 500 });
    expect(fake.requests).toHaveLength(3);
    expectNoText(result, msg);
  });

  it('a gateway that hangs: each attempt times out, then unreachable', async () => {
    fake.script({ type: 'hang' }, 10);
    const { gateway } = client({ baseUrl: fake.url, token: fake.token, timeoutMs: 100, maxAttempts: 2 });
    const msg = message();
    const started = Date.now();
    const result = await gateway.deliver(msg);
    expect(result).toEqual({ status: 'unreachable', reason: 'timeout', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['hang', 'hang']);
    expect(fake.requests.every((r) => r.idempotencyKey === msg.idempotencyKey)).toBe(true);
    expect(fake.deliveries).toHaveLength(0);
    expectNoText(result, msg);
  });

  it('a timeout, then success under the same key', async () => {
    fake.script({ type: 'hang' });
    const { gateway } = client({ baseUrl: fake.url, token: fake.token, timeoutMs: 100 });
    const result = await gateway.deliver(message());
    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(fake.deliveries).toHaveLength(1);
  });

  it('400 is rejected without a retry', async () => {
    fake.script({ type: 'status', status: 400 });
    const { gateway, waits } = client({ baseUrl: fake.url, token: fake.token });
    const msg = message();
    const result = await gateway.deliver(msg);
    expect(result).toEqual({ status: 'rejected', reason: 'invalid-request', attempts: 1, httpStatus: 400 });
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expectNoText(result, msg);
  });

  it('a redirect is not followed and not retried', async () => {
    fake.script({ type: 'status', status: 307 });
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    const result = await gateway.deliver(message());
    expect(result).toEqual({ status: 'rejected', reason: 'invalid-request', attempts: 1, httpStatus: 307 });
    expect(fake.requests).toHaveLength(1);
  });

  it('a wrong token is rejected as unauthorized without a retry', async () => {
    const { gateway } = client({ baseUrl: fake.url, token: 'wrong-token' });
    const result = await gateway.deliver(message());
    expect(result).toEqual({ status: 'rejected', reason: 'unauthorized', attempts: 1, httpStatus: 401 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.deliveries).toHaveLength(0);
  });

  it('429 with Retry-After: waits that long, then delivers', async () => {
    fake.script({ type: 'status', status: 429, retryAfter: '1' });
    const { gateway, waits } = client({ baseUrl: fake.url, token: fake.token });
    const started = Date.now();
    const result = await gateway.deliver(message());
    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(waits).toEqual([1_000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('429 with a Retry-After beyond maxRetryAfterMs: unreachable at once, no wait', async () => {
    fake.script({ type: 'status', status: 429, retryAfter: '120' });
    const { gateway, waits } = client({ baseUrl: fake.url, token: fake.token });
    const result = await gateway.deliver(message());
    expect(result).toEqual({ status: 'unreachable', reason: 'rate-limited', attempts: 1, httpStatus: 429 });
    expect(waits).toEqual([]);
  });

  it('a 2xx without a usable id is retried (safe under the key) and then confirmed', async () => {
    fake.script({ type: 'garbage' });
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    const result = await gateway.deliver(message());
    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(fake.deliveries).toHaveLength(1);
  });

  it('nothing listening: unreachable with reason network', async () => {
    const { gateway } = client({ baseUrl: await closedPortUrl(), token: 't' });
    const msg = message();
    const result = await gateway.deliver(msg);
    expect(result).toEqual({ status: 'unreachable', reason: 'network', attempts: 3 });
    expectNoText(result, msg);
  });

  it('an invalid message is rejected before any request', async () => {
    const { gateway } = client({ baseUrl: fake.url, token: fake.token });
    for (const bad of [
      message({ to: '87011234567' }),
      message({ text: '' }),
      message({ idempotencyKey: 'has space' }),
      message({ kind: 'sms' as 'code' }),
    ]) {
      const result = await gateway.deliver(bad);
      expect(result).toEqual({ status: 'rejected', reason: 'invalid-message', attempts: 0 });
      expectNoText(result, bad);
    }
    expect(fake.requests).toHaveLength(0);
  });
});

describe('gateway configuration', () => {
  const ok = { baseUrl: 'https://gateway.example.kz', token: 'secret-token-value' };

  it.each([
    'http://gateway.example.kz',
    'ftp://gateway.example.kz',
    'https://user:pw@gateway.example.kz',
    'https://gateway.example.kz/?token=x',
    'not a url',
  ])('refuses baseUrl %s', (baseUrl) => {
    expect(() => new GatewayClient({ ...ok, baseUrl })).toThrow(/baseUrl/);
  });

  it.each(['https://gateway.example.kz/api/', 'http://127.0.0.1:8080', 'http://localhost:3000'])(
    'accepts baseUrl %s',
    (baseUrl) => {
      expect(() => new GatewayClient({ ...ok, baseUrl })).not.toThrow();
    },
  );

  it('refuses bad numbers and unknown keys without echoing the token', () => {
    for (const bad of [
      { ...ok, timeoutMs: 0 },
      { ...ok, maxAttempts: 0 },
      { ...ok, token: '' },
      { ...ok, token: 'has space' },
      { ...ok, extra: true },
    ]) {
      let thrown: unknown;
      try {
        new GatewayClient(bad as GatewayConfigInput);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(String(thrown)).not.toContain('secret-token-value');
      expect(String(thrown)).not.toContain('has space');
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP-dates, ignores junk', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:02 GMT', now)).toBe(2_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
