/**
 * Wakes the registry pull: one dedicated connection LISTENs on `tanu_changes` (the clinic notifies
 * it when a transaction with registry changes commits), a timer wakes it periodically, and every
 * (re)connection wakes it once. A notification is lost when the connection drops or the desk was
 * asleep; the timer and the wake after reconnecting are what make a lost one harmless, since the
 * pull itself starts from the stored cursor and not from the notification.
 *
 * The connection is its own: LISTEN needs a session that stays open, and the pull's queries would
 * otherwise wait behind nothing or interleave with notification handling. (A pgbouncer in
 * transaction mode in front of the clinic breaks LISTEN; connect desks to PostgreSQL directly.)
 */
import type pg from 'pg';

export const CHANGES_CHANNEL = 'tanu_changes';

export type WakeReason = 'connected' | 'notified' | 'timer';

export interface ChangeListenerOptions {
  /** Opens a connection as this desk (connect.ts's connectClinic with the provisioning details). */
  connect: () => Promise<pg.Client>;
  /** Pull (and push) now; awaited, and its errors go to onError. Calls may overlap: coalesce them. */
  wake: (reason: WakeReason) => Promise<unknown>;
  /** A failed connection or wake: for the desk's sync state, never thrown. */
  onError?: (error: unknown) => void;
  /** The periodic pull (default 60 s); null: none (tests of the notification path). */
  periodMs?: number | null;
  /** First wait before reconnecting, doubled per failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export class ChangeListener {
  readonly #options: ChangeListenerOptions;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #retry: NodeJS.Timeout | null = null;
  #retryMs: number;
  #stopped = true;

  constructor(options: ChangeListenerOptions) {
    this.#options = options;
    this.#retryMs = options.retryMs ?? 1000;
  }

  /** Whether the LISTEN connection is up right now (for the desk's sync state). */
  get listening(): boolean {
    return this.#client !== null;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const period = this.#options.periodMs === undefined ? 60_000 : this.#options.periodMs;
    if (period !== null) {
      this.#timer = setInterval(() => this.#wake('timer'), period);
      this.#timer.unref();
    }
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#retry) clearTimeout(this.#retry);
    this.#timer = this.#retry = null;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #wake(reason: WakeReason): void {
    this.#options.wake(reason).catch((error: unknown) => this.#options.onError?.(error));
  }

  async #connect(): Promise<void> {
    let client: pg.Client | null = null;
    try {
      client = await this.#options.connect();
      if (this.#stopped) {
        await client.end();
        return;
      }
      const lost = (error?: unknown) => {
        if (this.#client !== client) return;
        this.#client = null;
        if (error) this.#options.onError?.(error);
        client?.end().catch(() => undefined);
        this.#scheduleReconnect();
      };
      client.on('error', lost);
      client.on('end', () => lost());
      client.on('notification', (note) => {
        if (note.channel === CHANGES_CHANNEL) this.#wake('notified');
      });
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.#client = client;
      this.#retryMs = this.#options.retryMs ?? 1000;
      // What was committed while this desk was not listening is fetched now, not at the next timer.
      this.#wake('connected');
    } catch (error) {
      this.#options.onError?.(error);
      await client?.end().catch(() => undefined);
      this.#scheduleReconnect();
    }
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#retry) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(wait * 2, this.#options.maxRetryMs ?? 30_000);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#connect();
    }, wait);
    this.#retry.unref();
  }
}
