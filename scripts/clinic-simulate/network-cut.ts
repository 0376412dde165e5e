/**
 * A desk's network cable, as a TCP relay on 127.0.0.1 between one desk and the clinic server: the
 * desk is configured with the relay's port, so cutting the relay (every open connection reset,
 * new ones refused) is what a pulled cable or a dead switch does to that desk alone, while the
 * other desks and the server carry on. Stalling it (connections stay open, nothing passes either
 * way) is a server or a switch that hangs: the desk waits for an answer that does not come.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';

export class NetworkCable {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  /** Desk-side sockets of connections that lost bytes to a stall: broken for good. */
  readonly #swallowed = new Set<Socket>();
  #server: Server | null = null;
  #port = 0;
  #stalled = false;
  #opened = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** A relay to `target`, plugged in, on a free port of 127.0.0.1. */
  static async plug(target: { host: string; port: number }): Promise<NetworkCable> {
    const cable = new NetworkCable(target);
    await cable.#listen(0);
    return cable;
  }

  /** The port the desk connects to. */
  get port(): number {
    return this.#port;
  }

  get connected(): boolean {
    return this.#server !== null;
  }

  /** Connections desks opened through the cable so far. */
  get connections(): number {
    return this.#opened;
  }

  #listen(port: number): Promise<void> {
    const server = createServer((desk) => this.#relay(desk));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        this.#port = typeof address === 'object' && address !== null ? address.port : port;
        this.#server = server;
        resolve();
      });
    });
  }

  #relay(desk: Socket): void {
    this.#opened += 1;
    const clinic = connect(this.#target.port, this.#target.host);
    for (const [from, to] of [
      [desk, clinic],
      [clinic, desk],
    ] as const) {
      this.#sockets.add(from);
      // While stalled, what either side sends is swallowed: the other waits for it forever.
      const gate = new Transform({
        transform: (chunk: Buffer, _encoding, done) => {
          if (!this.#stalled) return done(null, chunk);
          this.#swallowed.add(desk);
          done();
        },
      });
      from.pipe(gate).pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#sockets.delete(from);
        this.#swallowed.delete(from);
        to.destroy();
      });
    }
  }

  /** Pulls the cable: open connections are reset, new ones refused. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    this.#stalled = false;
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
    this.#swallowed.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Keeps the cable plugged in (connections open, new ones taken) but passes nothing either way. */
  stall(): void {
    this.#stalled = true;
  }

  /**
   * Plugs it back in, on the same port (the desk's configuration names it), or ends a stall: the
   * connections that lost bytes to it are reset, the others carry on.
   */
  async restore(): Promise<void> {
    this.#stalled = false;
    for (const socket of this.#swallowed) socket.resetAndDestroy();
    this.#swallowed.clear();
    if (this.#server === null) await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
