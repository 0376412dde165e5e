/**
 * The registry's part of a ClinicSync round (clinic-sync.ts): on the round's connection, push this
 * desk's pending ops, then pull every other desk's changes, so a desk's own changes are at the
 * clinic before it reads the clinic back. ClinicSync runs the rounds (its timer, after a visit, on
 * demand) and never overlaps them; a ChangeListener on its own connection asks for one when the
 * clinic notifies a change (see wakeOnChanges), which is what makes a registration at one desk
 * usable at the others within a second or two rather than at the next timer.
 */
import type pg from 'pg';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { PatientLanguages } from '../patients/patient-language.ts';
import type { ClinicDeskApi } from '../clinic/desk-api.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { ChangeListener } from './change-listener.ts';
import {
  checkPulledTemplates,
  pipelineSearch,
  type CrossDeskDeps,
  type DeskIndexes,
} from './cross-desk-duplicates.ts';
import type { ClinicKeys } from './clinic-seal.ts';
import { repointPatient } from './iin-taken.ts';
import type { SyncPart } from './clinic-sync.ts';
import type { AppliedChange } from './registry-apply.ts';
import { RegistryPuller, type PullReport, type RegistryPullerDeps } from './registry-pull.ts';
import { RegistryPusher, type PushReport, type RejectedOp } from './registry-push.ts';
import type { RegistryOutbox } from './registry-outbox.ts';
import type { DeskSealKeys } from './registry-records.ts';

export interface RegistrySyncOptions {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
  /** See RegistryPuller: the template index and remembered languages follow pulled rows. */
  onApplied?: (changes: AppliedChange[]) => void;
  /** See RegistryPuller: the cross-desk duplicate check, in each page's transaction. */
  withinPage?: (tx: Tx, changes: AppliedChange[]) => void;
  /** See RegistryPusher: repointPatient, wired with the desk's outbox and audit log. */
  onIinTaken?: (tx: Tx, from: string, to: string) => unknown;
}

export class RegistrySync implements SyncPart {
  readonly pusher: RegistryPusher;
  readonly puller: RegistryPuller;
  #api: ClinicDeskApi | null = null;
  /** What the last round did, for the log and tests. */
  last: { push: PushReport; pull: PullReport } | null = null;

  constructor(options: RegistrySyncOptions) {
    // The pusher and puller call the api of the round in progress (one connection per round).
    const api = {
      pushOps: (ops: Parameters<ClinicDeskApi['pushOps']>[0]) => this.#current().pushOps(ops),
      pull: (cursor: Parameters<ClinicDeskApi['pull']>[0], maxRows?: number) =>
        this.#current().pull(cursor, maxRows),
    };
    const { store, clock } = options;
    this.pusher = new RegistryPusher({
      store,
      api,
      clock,
      ...(options.onIinTaken ? { onIinTaken: options.onIinTaken } : {}),
    });
    this.puller = new RegistryPuller({
      store,
      api,
      deskKeys: options.deskKeys,
      clinicKeys: options.clinicKeys,
      clock,
      ...(options.onApplied ? { onApplied: options.onApplied } : {}),
      ...(options.withinPage ? { withinPage: options.withinPage } : {}),
    });
  }

  #current(): ClinicDeskApi {
    if (this.#api === null) throw new Error('the registry sync calls the clinic only within a round');
    return this.#api;
  }

  async round(api: ClinicDeskApi): Promise<void> {
    this.#api = api;
    try {
      const push = await this.pusher.push();
      const pull = await this.puller.pull();
      this.last = { push, pull };
    } finally {
      this.#api = null;
    }
  }

  pending(): number {
    return this.pusher.pendingCount();
  }

  /** The ops the clinic refused, newest first (the admin's screen). */
  rejected(limit = 100): RejectedOp[] {
    return this.pusher.rejected(limit);
  }
}

/**
 * Pulled templates join (or, deleted or revoked, leave) the index of the pipeline that made them:
 * the desk's model, or an earlier pipeline's, so the duplicate check at enrolment searches them in
 * their own distances. Templates of any other model are not searched here.
 */
export function indexPulledTemplates(changes: readonly AppliedChange[], d: DeskIndexes): void {
  for (const c of changes) {
    if (c.kind !== 'template') continue;
    const index = pipelineSearch(d, c.modelId, c.modelVersion)?.index;
    if (c.descriptors) index?.set(c.patientId, c.descriptors);
    else index?.remove(c.patientId);
  }
}

/** What a desk's puller does with the rows it pulls (RegistryPuller's two hooks). */
export type DeskPullHooks = Required<Pick<RegistryPullerDeps, 'onApplied' | 'withinPage'>>;

/**
 * The pull hooks as a desk's composition root wires them: in each page's transaction, pulled
 * templates are checked against this desk's own unseen enrolments (cross-desk-duplicates.ts);
 * after it commits they join the 1:N indexes (indexPulledTemplates) and pulled patients drop
 * their remembered language from memory.
 */
export function deskPullHooks(d: CrossDeskDeps & { languages: PatientLanguages }): DeskPullHooks {
  return {
    onApplied: (changes) => {
      for (const c of changes) if (c.kind === 'patient') d.languages.forget(c.id);
      indexPulledTemplates(changes, d);
    },
    withinPage: (tx, changes) => checkPulledTemplates(tx, changes, d),
  };
}

/**
 * The registry part as a desk's composition root builds it: the desk's pull hooks (deskPullHooks),
 * and iin_taken re-points the local record (iin-taken.ts) with an audit row of the desk.
 */
export function deskRegistrySync(d: {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
  audit: AuditLog;
  outbox: RegistryOutbox;
  deskId: string;
  hooks: DeskPullHooks;
}): RegistrySync {
  return new RegistrySync({
    store: d.store,
    deskKeys: d.deskKeys,
    clinicKeys: d.clinicKeys,
    clock: d.clock,
    ...d.hooks,
    onIinTaken: (tx, from, to) => repointPatient(tx, from, to, d),
  });
}

/**
 * A ChangeListener that asks `sync` (ClinicSync.sync) for a round on every notification, every
 * `periodMs` and after every (re)connection. Started by the caller; stop it before closing.
 */
export function wakeOnChanges(options: {
  connect: () => Promise<pg.Client>;
  sync: () => Promise<void>;
  periodMs?: number | null;
  retryMs?: number;
  onError?: (error: unknown) => void;
}): ChangeListener {
  return new ChangeListener({
    connect: options.connect,
    wake: () => options.sync(),
    ...(options.periodMs === undefined ? {} : { periodMs: options.periodMs }),
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
