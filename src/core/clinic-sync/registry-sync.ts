/**
 * The registry sync of one desk, for the runtime to start and stop: the api connection (opened on
 * demand, opened again after it breaks), the pusher and puller over it, and the LISTEN connection
 * that wakes them. Every wake pushes first and then pulls, so a desk's own changes are at the
 * clinic before it reads the clinic's state back. The state it reports is the desk's sync state
 * (the offline budget and the admin screen read it).
 */
import type pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';
import type { Clock } from '../clock.ts';
import { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { ChangeListener, type WakeReason } from './change-listener.ts';
import type { ClinicKeys } from './clinic-key.ts';
import { oneAtATime } from './one-at-a-time.ts';
import type { AppliedChange } from './registry-apply.ts';
import { RegistryPuller, type PullReport } from './registry-pull.ts';
import { RegistryPusher, type PushReport } from './registry-push.ts';
import type { DeskSealKeys } from './registry-records.ts';
import type { Tx } from '../store/tx.ts';

/**
 * The desk's api over one connection, opened when first needed. A failure that is not the
 * clinic's own refusal (a TN SQLSTATE) drops the connection, so the next call opens a new one: a
 * restarted server or a cut cable costs one failed call, not a restart of the desk.
 */
export class ReconnectingApi implements Pick<ClinicDeskApi, 'pull' | 'pushOps'> {
  readonly #connect: () => Promise<pg.Client>;
  #client: Promise<pg.Client> | null = null;

  constructor(connect: () => Promise<pg.Client>) {
    this.#connect = connect;
  }

  async #call<T>(work: (api: ClinicDeskApi) => Promise<T>): Promise<T> {
    this.#client ??= this.#connect().then((client) => {
      client.on('error', () => this.#drop(client));
      return client;
    });
    const opening = this.#client;
    let client: pg.Client;
    try {
      client = await opening;
    } catch (error) {
      if (this.#client === opening) this.#client = null;
      throw error;
    }
    try {
      return await work(new ClinicDeskApi(client));
    } catch (error) {
      if (!(error instanceof ClinicError) || error.code === 'CLINIC_FAILED') this.#drop(client);
      throw error;
    }
  }

  #drop(client: pg.Client): void {
    void this.#client?.then((current) => {
      if (current === client) this.#client = null;
    });
    client.end().catch(() => undefined);
  }

  pull: ClinicDeskApi['pull'] = (cursor, maxRows) => this.#call((api) => api.pull(cursor, maxRows));
  pushOps: ClinicDeskApi['pushOps'] = (ops) => this.#call((api) => api.pushOps(ops));

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.then((c) => c.end()).catch(() => undefined);
  }
}

export interface RegistrySyncOptions {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
  /** Opens a connection as this desk (connectClinic with its provisioning); called per connection. */
  connect: () => Promise<pg.Client>;
  /** See RegistryPuller: the template index and remembered languages follow pulled rows. */
  onApplied?: (changes: AppliedChange[]) => void;
  /** See RegistryPusher: repointPatient, wired with the desk's outbox and audit log. */
  onIinTaken?: (tx: Tx, from: string, to: string) => unknown;
  /** The periodic wake (default 60 s); null: none. */
  periodMs?: number | null;
  retryMs?: number;
}

export interface RegistrySyncState {
  listening: boolean;
  pendingOps: number;
  rejectedOps: number;
  /** The end of the last wake that pushed and pulled everything (ISO), or null. */
  lastSyncAt: string | null;
  /** Why the last wake failed (cleared by the next good one). */
  lastError: string | null;
}

export class RegistrySync {
  readonly pusher: RegistryPusher;
  readonly puller: RegistryPuller;
  readonly #api: ReconnectingApi;
  readonly #listener: ChangeListener;
  readonly #clock: Clock;
  #lastSyncAt: string | null = null;
  #lastError: string | null = null;
  /** Push, then pull; concurrent wakes share the next run. */
  readonly syncNow: () => Promise<{ push: PushReport; pull: PullReport }>;

  constructor(options: RegistrySyncOptions) {
    const { store, clock } = options;
    this.#clock = clock;
    this.#api = new ReconnectingApi(options.connect);
    this.pusher = new RegistryPusher({
      store,
      api: this.#api,
      clock,
      ...(options.onIinTaken ? { onIinTaken: options.onIinTaken } : {}),
    });
    this.puller = new RegistryPuller({
      store,
      api: this.#api,
      deskKeys: options.deskKeys,
      clinicKeys: options.clinicKeys,
      clock,
      ...(options.onApplied ? { onApplied: options.onApplied } : {}),
    });
    this.syncNow = oneAtATime(async () => {
      try {
        const push = await this.pusher.push();
        const pull = await this.puller.pull();
        this.#lastSyncAt = this.#clock.now().toISOString();
        this.#lastError = null;
        return { push, pull };
      } catch (error) {
        this.#lastError = error instanceof Error ? error.message : String(error);
        throw error;
      }
    });
    this.#listener = new ChangeListener({
      connect: options.connect,
      wake: (_reason: WakeReason) => this.syncNow(),
      onError: (error) => {
        this.#lastError = error instanceof Error ? error.message : String(error);
      },
      ...(options.periodMs === undefined ? {} : { periodMs: options.periodMs }),
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    });
  }

  /** Listens and wakes at once (the first wake pushes what piled up offline and pulls). */
  start(): void {
    this.#listener.start();
  }

  async stop(): Promise<void> {
    await this.#listener.stop();
    await this.#api.close();
  }

  state(): RegistrySyncState {
    return {
      listening: this.#listener.listening,
      pendingOps: this.pusher.pendingCount(),
      rejectedOps: this.pusher.rejected(1000).length,
      lastSyncAt: this.#lastSyncAt,
      lastError: this.#lastError,
    };
  }
}
