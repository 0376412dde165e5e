/**
 * A TCP relay in front of the test clinic's PostgreSQL, for a desk whose configuration names it:
 * the test can cut the line (every open connection dropped, new ones refused: a stopped clinic, a
 * pulled cable) or stall it (connections stay open and nothing comes back: a clinic that hangs),
 * and mend it again. It counts the connections it was asked for.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ClinicProxy {
  host: string;
  port: number;
  /** Connections desks opened through the relay so far. */
  connections(): number;
  /** Drops every open connection and refuses new ones. */
  cut(): Promise<void>;
  /** Keeps connections open (and takes new ones) but passes nothing on, either way. */
  stall(): void;
  /** Passes everything again; new connections are taken. */
  mend(): Promise<void>;
  close(): Promise<void>;
}

type Mode = 'pass' | 'stall' | 'cut';

export async function startClinicProxy(target: { host: string; port: number }): Promise<ClinicProxy> {
  let mode: Mode = 'pass';
  let opened = 0;
  const sockets = new Set<Socket>();
  const held: Socket[] = [];

  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      // A stalled line swallows what it is given: the other end waits for an answer forever.
      if (mode === 'pass') to.write(chunk);
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };

  const onConnection = (client: Socket) => {
    opened += 1;
    if (mode === 'stall') {
      held.push(client);
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => undefined);
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    relay(client, upstream);
    relay(upstream, client);
  };

  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  const port = await listen(0);

  return {
    host: '127.0.0.1',
    port,
    connections: () => opened,
    async cut() {
      mode = 'cut';
      await stop();
    },
    stall() {
      mode = 'stall';
    },
    async mend() {
      if (mode === 'cut') {
        server = createServer(onConnection);
        await listen(port);
      }
      for (const s of held.splice(0)) s.destroy();
      mode = 'pass';
    },
    async close() {
      mode = 'cut';
      await stop();
    },
  };
}
