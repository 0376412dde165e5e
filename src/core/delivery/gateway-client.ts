/**
 * The e-government gateway adapter: POST {baseUrl}/v1/messages, JSON in, 202 {id} out (contract in
 * docs/GATEWAY.md). Network errors, timeouts, 5xx and 429 are retried with exponential backoff and
 * jitter under the same Idempotency-Key, so a retry after a lost response cannot send twice; other
 * 4xx are final. Nothing here logs, and no result or error carries the message text or the token:
 * the text holds a live code.
 */
import { z } from 'zod';
import type { DeliveryChannel, DeliveryMessage, DeliveryResult, UnreachableReason } from './channel.ts';
import { invalidMessageField } from './channel.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https only, except plain http to this machine (the fake gateway in development and tests). */
function isAllowedBaseUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // Credentials in the URL would end up in logs and proxies; the token goes in a header instead.
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export const gatewayConfigSchema = z
  .object({
    baseUrl: z.string().refine(isAllowedBaseUrl, {
      message:
        'baseUrl must be an https:// URL (http:// only for 127.0.0.1 or localhost), without credentials',
    }),
    /** Bearer token; visible ASCII so it can go in a header. Zod's messages never echo it. */
    token: z.string().regex(/^[\x21-\x7e]+$/, { message: 'token must be non-empty visible ASCII' }),
    /** Per attempt, covering connect, response headers and body. */
    timeoutMs: z.number().int().positive().max(120_000).default(10_000),
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** First backoff; doubles per attempt up to backoffMaxMs, then jittered. */
    backoffBaseMs: z.number().int().nonnegative().default(500),
    backoffMaxMs: z.number().int().nonnegative().default(8_000),
    /**
     * A Retry-After longer than this is not waited out: the patient is at the desk, so we report
     * 'rate-limited' and let the kiosk offer the slip (the outbox retries later on its own clock).
     */
    maxRetryAfterMs: z.number().int().nonnegative().default(10_000),
  })
  .strict();

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

export interface GatewayClientDeps {
  /** Injected so tests can observe the waits; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

type Attempt =
  | { kind: 'delivered'; gatewayId: string }
  | { kind: 'final'; result: DeliveryResult }
  | { kind: 'retry'; reason: UnreachableReason; httpStatus?: number; retryAfterMs?: number };

const gatewayResponseSchema = z.object({ id: z.string().min(1).max(200) });

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined if absent or junk. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class GatewayClient implements DeliveryChannel {
  private readonly config: GatewayConfig;
  private readonly endpoint: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  /** Throws a ZodError on bad configuration: that is a setup bug, not a delivery outcome. */
  constructor(config: GatewayConfigInput, deps: GatewayClientDeps = {}) {
    this.config = gatewayConfigSchema.parse(config);
    this.endpoint = `${this.config.baseUrl.replace(/\/+$/, '')}/v1/messages`;
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
  }

  async deliver(message: DeliveryMessage): Promise<DeliveryResult> {
    if (invalidMessageField(message) !== undefined) {
      return { status: 'rejected', reason: 'invalid-message', attempts: 0 };
    }
    const body = JSON.stringify({ to: message.to, text: message.text, kind: message.kind });
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(body, message.idempotencyKey);
      if (outcome.kind === 'delivered') {
        return { status: 'delivered', gatewayId: outcome.gatewayId, attempts: attempt };
      }
      if (outcome.kind === 'final') return { ...outcome.result, attempts: attempt };
      const unreachable: DeliveryResult = {
        status: 'unreachable',
        reason: outcome.reason,
        attempts: attempt,
        ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
      };
      if (attempt >= this.config.maxAttempts) return unreachable;
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.config.maxRetryAfterMs) {
        return unreachable;
      }
      await this.sleep(outcome.retryAfterMs ?? this.backoff(attempt));
    }
  }

  /**
   * One authenticated GET of {baseUrl}/v1/health, no retry: for the self-check, which must say
   * within seconds whether codes can go by SMS today or only by slip.
   */
  async probe(): Promise<'ok' | 'unauthorized' | 'unreachable'> {
    try {
      const response = await fetch(`${this.config.baseUrl.replace(/\/+$/, '')}/v1/health`, {
        headers: { Authorization: `Bearer ${this.config.token}`, Accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.min(this.config.timeoutMs, 5000)),
      });
      await response.text();
      if (response.status === 200) return 'ok';
      return response.status === 401 || response.status === 403 ? 'unauthorized' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  }

  /** "Equal jitter": half the exponential step fixed, half random, so desks do not retry in lockstep. */
  private backoff(attempt: number): number {
    const step = Math.min(this.config.backoffMaxMs, this.config.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  private async attempt(body: string, idempotencyKey: string): Promise<Attempt> {
    let response: Response;
    let responseText: string;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Bearer ${this.config.token}`,
          'Idempotency-Key': idempotencyKey,
        },
        body,
        // A redirect could carry the request (and its code) somewhere unvetted; treat it as an error.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      // Read the body under the same timeout, and always, so the connection is released.
      responseText = await response.text();
    } catch (error) {
      // fetch's errors name the URL at most, never the body; we still keep only the category.
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return { kind: 'retry', reason: timedOut ? 'timeout' : 'network' };
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      const parsed = parseJson(responseText);
      const ok = gatewayResponseSchema.safeParse(parsed);
      // Possibly accepted but unconfirmed: retrying under the same key is safe and yields the id.
      if (!ok.success) return { kind: 'retry', reason: 'bad-response', httpStatus: status };
      return { kind: 'delivered', gatewayId: ok.data.id };
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return {
        kind: 'retry',
        reason: 'rate-limited',
        httpStatus: status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    if (status >= 500) return { kind: 'retry', reason: 'server-error', httpStatus: status };
    const reason =
      status === 401
        ? 'unauthorized'
        : status === 403
          ? 'forbidden'
          : status === 409
            ? 'conflict'
            : 'invalid-request';
    return { kind: 'final', result: { status: 'rejected', reason, attempts: 0, httpStatus: status } };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
