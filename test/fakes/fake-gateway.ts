/**
 * A fake e-government gateway on 127.0.0.1 (random port) that speaks the contract in
 * docs/GATEWAY.md: checks the bearer token, dedupes by Idempotency-Key, records each message once,
 * and can be scripted to misbehave (5xx, 429 with Retry-After, 400, or hang past the client's
 * timeout) for the next N requests. Every request, retries included, is logged in `requests`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedDelivery {
  id: string;
  idempotencyKey: string;
  to: string;
  text: string;
  kind: string;
}

export interface RecordedRequest {
  idempotencyKey: string | undefined;
  /** What the fake answered; 'hang' if it never did. */
  outcome: number | 'hang';
}

export type Behaviour =
  { type: 'status'; status: number; retryAfter?: string } | { type: 'hang' } | { type: 'garbage' };

export interface FakeGateway {
  /** Base URL for the client, e.g. http://127.0.0.1:54321 */
  url: string;
  token: string;
  deliveries: RecordedDelivery[];
  requests: RecordedRequest[];
  /** The next `times` requests (after the token check) get `behaviour` instead of normal handling. */
  script(behaviour: Behaviour, times?: number): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const KINDS = new Set(['code', 'notification']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function parseMessage(raw: string): { to: string; text: string; kind: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { to, text, kind } = value as Record<string, unknown>;
  if (typeof to !== 'string' || !E164.test(to)) return undefined;
  if (typeof text !== 'string' || text.length === 0) return undefined;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  return { to, text, kind };
}

export async function startFakeGateway(token = `test-token-${randomUUID()}`): Promise<FakeGateway> {
  const deliveries: RecordedDelivery[] = [];
  const requests: RecordedRequest[] = [];
  const queue: Behaviour[] = [];
  const byKey = new Map<string, RecordedDelivery>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const rawKey = req.headers['idempotency-key'];
    const idempotencyKey = typeof rawKey === 'string' ? rawKey : undefined;
    const answer = (status: number, payload: unknown, headers?: Record<string, string>): void => {
      requests.push({ idempotencyKey, outcome: status });
      send(res, status, payload, headers);
    };

    if (req.method === 'GET' && req.url === '/v1/health') {
      if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { error: 'unauthorized' });
      return answer(200, { status: 'ok' });
    }
    if (req.method !== 'POST' || req.url !== '/v1/messages') return answer(404, { error: 'not_found' });
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { error: 'unauthorized' });

    const scripted = queue.shift();
    if (scripted?.type === 'hang') {
      // Never answer; close() tears the socket down.
      requests.push({ idempotencyKey, outcome: 'hang' });
      return;
    }
    if (scripted?.type === 'garbage') {
      requests.push({ idempotencyKey, outcome: 202 });
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end('not json');
      return;
    }
    if (scripted?.type === 'status') {
      const headers: Record<string, string> =
        scripted.retryAfter === undefined ? {} : { 'Retry-After': scripted.retryAfter };
      return answer(scripted.status, { error: 'scripted' }, headers);
    }

    if (idempotencyKey === undefined || idempotencyKey.length === 0) {
      return answer(400, { error: 'missing_idempotency_key' });
    }
    const message = parseMessage(body);
    if (message === undefined) return answer(400, { error: 'invalid_message' });

    const seen = byKey.get(idempotencyKey);
    if (seen !== undefined) {
      const same = seen.to === message.to && seen.text === message.text && seen.kind === message.kind;
      return same ? answer(202, { id: seen.id }) : answer(409, { error: 'idempotency_key_reused' });
    }
    const delivery: RecordedDelivery = { id: `gw-${randomUUID()}`, idempotencyKey, ...message };
    byKey.set(idempotencyKey, delivery);
    deliveries.push(delivery);
    return answer(202, { id: delivery.id });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    deliveries,
    requests,
    script(behaviour, times = 1) {
      for (let i = 0; i < times; i += 1) queue.push(behaviour);
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
    },
  };
}

/** A loopback URL on which nothing listens: bind a port, then release it. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
