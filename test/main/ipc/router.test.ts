import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { TanuError } from '../../../src/shared/errors.ts';
import { NO_REQUEST } from '../../../src/shared/ipc/app-channels.ts';
import { defineChannel, mergeContracts } from '../../../src/shared/ipc/contract-kit.ts';
import type { IpcResult } from '../../../src/shared/ipc/contract-kit.ts';
import { createIpcRouter } from '../../../src/main/ipc/router.ts';
import type { IpcHandlers, IpcLogger, IpcSender } from '../../../src/main/ipc/router.ts';
import { trustedSenderCheck } from '../../../src/main/ipc/trusted-sender.ts';
import { foreignUrl, ownUrl } from '../support/foreign-urls.ts';

const IIN = '900101300123';
const FRAME_CAP = 2 * 1024 * 1024;

const CONTRACT = mergeContracts({
  'patient:find': defineChannel({
    request: z.strictObject({ iin: z.string().regex(/^\d{12}$/) }),
    response: z.object({ name: z.string() }),
  }),
  'patient:strict': defineChannel({
    request: NO_REQUEST,
    response: z.strictObject({ name: z.string() }),
  }),
  'camera:submitFrame': defineChannel({
    request: z.strictObject({
      width: z.int().positive(),
      height: z.int().positive(),
      pixels: z.instanceof(Uint8Array),
    }),
    response: z.boolean(),
    maxBytes: FRAME_CAP,
  }),
  'app:ping': defineChannel({ request: NO_REQUEST, response: z.literal('pong') }),
});

class PatientError extends TanuError<'PATIENT_NOT_FOUND' | 'not a code'> {
  override readonly name = 'PatientError';
}

const MAIN_FRAME: IpcSender = { url: 'app://tanu/index.html', isMainFrame: true };

function setup(overrides: Partial<IpcHandlers<typeof CONTRACT>> = {}) {
  const defaults = {
    'patient:find': vi.fn((request: { iin: string }) => ({ name: `patient ${request.iin.slice(0, 2)}` })),
    'patient:strict': vi.fn(() => ({ name: 'A' })),
    'camera:submitFrame': vi.fn(() => true),
    'app:ping': vi.fn((): 'pong' => 'pong'),
  };
  const called: string[] = [];
  const chosen: IpcHandlers<typeof CONTRACT> = { ...defaults, ...overrides };
  const handlers = Object.fromEntries(
    Object.entries(chosen).map(([channel, handler]: [string, (...args: never[]) => unknown]) => [
      channel,
      (...args: never[]) => {
        called.push(channel);
        return handler(...args);
      },
    ]),
  ) as unknown as IpcHandlers<typeof CONTRACT>;
  const logged: string[] = [];
  const logger: IpcLogger = {
    warn: (message) => logged.push(message),
    error: (message) => logged.push(message),
  };
  const router = createIpcRouter(CONTRACT, handlers, { isTrustedSender: trustedSenderCheck(null), logger });
  return { router, handlers, defaults, logged, handlerCalls: () => called.length };
}

function failure(code: string): IpcResult<never> {
  return { ok: false, code };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createIpcRouter: success', () => {
  it('runs the handler with the parsed request and the sender, and answers the parsed response', async () => {
    const { router, defaults } = setup();
    await expect(router.dispatch('patient:find', MAIN_FRAME, { iin: IIN })).resolves.toEqual({
      ok: true,
      value: { name: 'patient 90' },
    });
    expect(defaults['patient:find']).toHaveBeenCalledWith(
      { iin: IIN },
      { channel: 'patient:find', sender: MAIN_FRAME },
    );
  });

  it('accepts a frame under the channel cap', async () => {
    const { router } = setup();
    const frame = { width: 640, height: 480, pixels: new Uint8Array(640 * 480 * 4) };
    await expect(router.dispatch('camera:submitFrame', MAIN_FRAME, frame)).resolves.toEqual({
      ok: true,
      value: true,
    });
  });

  it('lists exactly the contract channels', () => {
    expect([...setup().router.channels].sort()).toEqual(Object.keys(CONTRACT).sort());
  });
});

describe('createIpcRouter: unknown channels', () => {
  it.each([
    'patient:delete',
    'patient:Find',
    'PATIENT:FIND',
    ' patient:find',
    'patient:find ',
    'patient',
    '',
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    123,
    null,
    undefined,
    {},
    ['patient:find'],
    Symbol('patient:find'),
  ])('refuses %s before looking at sender or payload', async (channel) => {
    const { router, handlerCalls } = setup();
    await expect(router.dispatch(channel, MAIN_FRAME, { iin: IIN })).resolves.toEqual(
      failure('UNKNOWN_CHANNEL'),
    );
    await expect(
      router.dispatch(channel, { url: 'https://evil.test/', isMainFrame: false }, 1),
    ).resolves.toEqual(failure('UNKNOWN_CHANNEL'));
    expect(handlerCalls()).toBe(0);
  });
});

describe('createIpcRouter: senders', () => {
  it.each([
    ['https://evil.test/', true],
    ['http://localhost:5173/', true],
    ['file:///C:/Windows/System32/', true],
    ['about:blank', true],
    ['', true],
    ['app://tanu.evil/', true],
    ['app://user@tanu/', true],
    ['app://tanu/index.html', false],
    ['app://tanu/', false],
  ] as const)('refuses %j (main frame: %s)', async (url, isMainFrame) => {
    const { router, handlerCalls } = setup();
    await expect(router.dispatch('patient:find', { url, isMainFrame }, { iin: IIN })).resolves.toEqual(
      failure('UNTRUSTED_SENDER'),
    );
    expect(handlerCalls()).toBe(0);
  });

  it('refuses random foreign URLs, even from a main frame', async () => {
    const { router, handlerCalls } = setup();
    await fc.assert(
      fc.asyncProperty(foreignUrl, fc.boolean(), async (url, isMainFrame) => {
        const result = await router.dispatch('app:ping', { url, isMainFrame }, undefined);
        expect(result, url).toEqual(failure('UNTRUSTED_SENDER'));
      }),
      { numRuns: 500 },
    );
    expect(handlerCalls()).toBe(0);
  });

  it('refuses subframes of our own origin, whatever the path', async () => {
    const { router, handlerCalls } = setup();
    await fc.assert(
      fc.asyncProperty(ownUrl, async (url) => {
        expect(await router.dispatch('app:ping', { url, isMainFrame: false }, undefined)).toEqual(
          failure('UNTRUSTED_SENDER'),
        );
      }),
    );
    expect(handlerCalls()).toBe(0);
  });

  it('accepts the main frame of our own origin, whatever the path', async () => {
    const { router } = setup();
    await fc.assert(
      fc.asyncProperty(ownUrl, async (url) => {
        expect(await router.dispatch('app:ping', { url, isMainFrame: true }, undefined)).toEqual({
          ok: true,
          value: 'pong',
        });
      }),
    );
  });

  it('trusts the dev server only when it is configured', async () => {
    const devSender: IpcSender = { url: 'http://localhost:5173/', isMainFrame: true };
    const devRouter = createIpcRouter(CONTRACT, setup().handlers, {
      isTrustedSender: trustedSenderCheck('http://localhost:5173'),
    });
    await expect(devRouter.dispatch('app:ping', devSender, undefined)).resolves.toEqual({
      ok: true,
      value: 'pong',
    });
    await expect(setup().router.dispatch('app:ping', devSender, undefined)).resolves.toEqual(
      failure('UNTRUSTED_SENDER'),
    );
  });

  it('treats a sender check that throws as untrusted', async () => {
    const { handlers } = setup();
    const router = createIpcRouter(CONTRACT, handlers, {
      isTrustedSender: () => {
        throw new Error('frame disposed');
      },
    });
    await expect(router.dispatch('app:ping', MAIN_FRAME, undefined)).resolves.toEqual(
      failure('UNTRUSTED_SENDER'),
    );
  });

  it('checks the sender before the payload size and shape', async () => {
    const { router } = setup();
    const foreign: IpcSender = { url: 'https://evil.test/', isMainFrame: true };
    await expect(router.dispatch('patient:find', foreign, 'x'.repeat(1_000_000))).resolves.toEqual(
      failure('UNTRUSTED_SENDER'),
    );
    await expect(router.dispatch('patient:find', foreign, 42)).resolves.toEqual(failure('UNTRUSTED_SENDER'));
  });
});

describe('createIpcRouter: payload size', () => {
  it.each([
    ['a 300 KiB string', { iin: 'x'.repeat(300 * 1024) }],
    ['a 300 KiB byte array on a default-cap channel', { iin: new Uint8Array(300 * 1024) }],
    ['a long array of small numbers', { iin: Array.from({ length: 200_000 }, () => 1) }],
    ['200,000 levels of nesting', Array.from({ length: 200_000 }).reduce<unknown>((inner) => [inner], IIN)],
    [
      'many keys',
      { iin: IIN, ...Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i])) },
    ],
  ])('refuses %s before the schema', async (_label, payload) => {
    const { router, handlerCalls } = setup();
    await expect(router.dispatch('patient:find', MAIN_FRAME, payload)).resolves.toEqual(
      failure('PAYLOAD_TOO_LARGE'),
    );
    expect(handlerCalls()).toBe(0);
  });

  it('refuses a 3 MiB frame on the 2 MiB frame channel without stringifying it', async () => {
    const { router, handlerCalls } = setup();
    const stringify = vi.spyOn(JSON, 'stringify');
    const frame = { width: 1024, height: 768, pixels: new Uint8Array(3 * 1024 * 1024) };
    await expect(router.dispatch('camera:submitFrame', MAIN_FRAME, frame)).resolves.toEqual(
      failure('PAYLOAD_TOO_LARGE'),
    );
    expect(stringify).not.toHaveBeenCalled();
    expect(handlerCalls()).toBe(0);
  });

  it('refuses cycles and exponential shared references instead of walking them forever', async () => {
    const { router } = setup();
    const cyclic: Record<string, unknown> = { iin: IIN };
    cyclic['self'] = cyclic;
    // 2^40 paths through 40 objects: tiny over structured clone, unbounded for a naive walk.
    let shared: unknown = IIN;
    for (let level = 0; level < 40; level += 1) shared = { left: shared, right: shared };
    const started = performance.now();
    await expect(router.dispatch('patient:find', MAIN_FRAME, cyclic)).resolves.toEqual(
      failure('PAYLOAD_TOO_LARGE'),
    );
    await expect(router.dispatch('patient:find', MAIN_FRAME, shared)).resolves.toEqual(
      failure('PAYLOAD_TOO_LARGE'),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('createIpcRouter: request schema', () => {
  const proto = JSON.parse(`{"iin":"${IIN}","__proto__":{"admin":true}}`) as unknown;

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', IIN],
    ['a number', 900101300123],
    ['an array', [IIN]],
    ['an empty object', {}],
    ['a numeric iin', { iin: 900101300123 }],
    ['a short iin', { iin: '123' }],
    ['an iin with letters', { iin: '90010130012a' }],
    ['an unexpected key', { iin: IIN, role: 'admin' }],
    ['an own __proto__ key', proto],
    ['a Map', new Map([['iin', IIN]])],
    ['a Date', new Date()],
  ])('refuses %s without calling the handler', async (_label, payload) => {
    const { router, handlerCalls, logged } = setup();
    await expect(router.dispatch('patient:find', MAIN_FRAME, payload)).resolves.toEqual(
      failure('INVALID_PAYLOAD'),
    );
    expect(handlerCalls()).toBe(0);
    expect(logged.join('\n')).not.toContain('90010');
  });

  it.each([
    ['pixels as a plain array', { width: 1, height: 1, pixels: [0, 0, 0, 0] }],
    ['pixels as an ArrayBuffer', { width: 1, height: 1, pixels: new ArrayBuffer(4) }],
    ['a fractional width', { width: 1.5, height: 1, pixels: new Uint8Array(4) }],
  ])('refuses a frame with %s', async (_label, payload) => {
    const { router, handlerCalls } = setup();
    await expect(router.dispatch('camera:submitFrame', MAIN_FRAME, payload)).resolves.toEqual(
      failure('INVALID_PAYLOAD'),
    );
    expect(handlerCalls()).toBe(0);
  });

  it('refuses any payload on a channel that takes none', async () => {
    const { router, handlerCalls } = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((value) => value !== undefined),
        async (payload) => {
          expect(await router.dispatch('app:ping', MAIN_FRAME, payload)).toEqual(failure('INVALID_PAYLOAD'));
        },
      ),
    );
    expect(handlerCalls()).toBe(0);
  });
});

describe('createIpcRouter: handler failures', () => {
  it('answers a TanuError with its code', async () => {
    const { router, logged } = setup({
      'patient:find': () => {
        throw new PatientError('PATIENT_NOT_FOUND', `no patient with IIN ${IIN}`);
      },
    });
    await expect(router.dispatch('patient:find', MAIN_FRAME, { iin: IIN })).resolves.toEqual(
      failure('PATIENT_NOT_FOUND'),
    );
    expect(logged.join('\n')).not.toContain(IIN);
  });

  it('answers a rejected promise with a TanuError the same way', async () => {
    const { router } = setup({
      'patient:find': () => Promise.reject(new PatientError('PATIENT_NOT_FOUND', 'missing')),
    });
    await expect(router.dispatch('patient:find', MAIN_FRAME, { iin: IIN })).resolves.toEqual(
      failure('PATIENT_NOT_FOUND'),
    );
  });

  it('does not forward a malformed TanuError code', async () => {
    const { router } = setup({
      'patient:find': () => {
        throw new PatientError('not a code', 'x');
      },
    });
    await expect(router.dispatch('patient:find', MAIN_FRAME, { iin: IIN })).resolves.toEqual(
      failure('INTERNAL'),
    );
  });

  it.each([
    ['an Error', () => new Error(`database locked while reading ${IIN}`)],
    ['a TypeError', () => new TypeError(`cannot read ${IIN}`)],
    ['an Error whose name carries data', () => Object.assign(new Error('x'), { name: `lookup ${IIN}` })],
    ['a string', () => `failed for ${IIN}`],
    ['an object', () => ({ code: 'PATIENT_NOT_FOUND', iin: IIN })],
    ['null', () => null],
  ])('answers INTERNAL for %s and logs neither message nor payload', async (_label, makeError) => {
    const { router, logged } = setup({
      'patient:find': () => {
        throw makeError();
      },
    });
    const result = await router.dispatch('patient:find', MAIN_FRAME, { iin: IIN });
    expect(result).toEqual(failure('INTERNAL'));
    expect(JSON.stringify(result)).not.toContain(IIN);
    expect(logged).toHaveLength(1);
    expect(logged.join('\n')).not.toContain(IIN);
    expect(logged[0]).toContain('patient:find');
  });
});

describe('createIpcRouter: response schema', () => {
  it('answers INTERNAL when the handler returns the wrong shape', async () => {
    const { router, logged } = setup({
      'patient:find': () => ({ name: 42 }) as unknown as { name: string },
    });
    await expect(router.dispatch('patient:find', MAIN_FRAME, { iin: IIN })).resolves.toEqual(
      failure('INTERNAL'),
    );
    expect(logged.join('\n')).toContain('response schema');
  });

  it('never forwards a field the response schema does not name', async () => {
    const descriptor = Array.from({ length: 128 }, () => 0.5);
    const { router } = setup({
      'patient:find': () => ({ name: 'A', descriptor }) as { name: string },
    });
    const result = await router.dispatch('patient:find', MAIN_FRAME, { iin: IIN });
    expect(result).toEqual({ ok: true, value: { name: 'A' } });
  });

  it('answers INTERNAL when a strict response carries an extra field', async () => {
    const { router, logged } = setup({
      'patient:strict': () => ({ name: 'A', descriptor: [0.5] }) as { name: string },
    });
    await expect(router.dispatch('patient:strict', MAIN_FRAME, undefined)).resolves.toEqual(
      failure('INTERNAL'),
    );
    expect(logged.join('\n')).not.toContain('descriptor');
  });
});

describe('createIpcRouter: robustness', () => {
  it('answers INTERNAL when a schema itself throws', async () => {
    const contract = mergeContracts({
      'bug:refine': defineChannel({
        request: z.string().refine(() => {
          throw new Error('refinement bug');
        }),
        response: z.string(),
      }),
    });
    const router = createIpcRouter(contract, { 'bug:refine': () => 'x' }, { isTrustedSender: () => true });
    await expect(router.dispatch('bug:refine', MAIN_FRAME, 'a')).resolves.toEqual(failure('INTERNAL'));
  });

  it('refuses to build with a handler missing or outside the contract', () => {
    const { handlers } = setup();
    const { 'app:ping': _ping, ...missing } = handlers;
    expect(() =>
      createIpcRouter(CONTRACT, missing as unknown as IpcHandlers<typeof CONTRACT>, {
        isTrustedSender: () => true,
      }),
    ).toThrow(/app:ping/);
    expect(() =>
      createIpcRouter(
        CONTRACT,
        { ...handlers, 'patient:delete': () => true } as IpcHandlers<typeof CONTRACT>,
        {
          isTrustedSender: () => true,
        },
      ),
    ).toThrow(/patient:delete/);
  });
});

describe('IpcHandlers: checked against the contract at compile time', () => {
  it('requires every channel, with the contract types', () => {
    const { defaults } = setup();
    // @ts-expect-error app:ping has no handler
    const missing: IpcHandlers<typeof CONTRACT> = {
      'patient:find': defaults['patient:find'],
      'patient:strict': defaults['patient:strict'],
      'camera:submitFrame': defaults['camera:submitFrame'],
    };
    // @ts-expect-error app:ping must answer 'pong'
    const wrongAnswer: IpcHandlers<typeof CONTRACT> = { ...defaults, 'app:ping': () => 'ping' };
    const wrongRequest: IpcHandlers<typeof CONTRACT> = {
      ...defaults,
      // @ts-expect-error the parsed request is { iin: string }, not a number
      'patient:find': (request: number) => ({ name: String(request) }),
    };
    expect([missing, wrongAnswer, wrongRequest]).toHaveLength(3);
  });
});
