/**
 * The desk's time as the services use it: a DeskClock started from the high-water mark (the later
 * of the sealed mark file and the newest audit row), what it makes of the wall clock written to
 * the audit trail, and the mark kept up to date while the kiosk runs.
 */
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditRows } from '../audit/audit-rows.ts';
import type { ClockDetail } from '../audit/events.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { DEFAULT_CLOCK_POLICY, DeskClock, type ClockPolicy, type TimeSource } from './desk-clock.ts';
import { readTimeMark, writeTimeMark } from './time-mark.ts';

export interface DeskTimeOptions {
  store: DeskStore;
  markPath: string;
  /** The 'time-mark' subkey. */
  markKey: Buffer;
  deskId: string;
  source: TimeSource;
  policy?: ClockPolicy;
  /** How often the mark file is rewritten while the kiosk runs. */
  persistEveryMs?: number;
}

/**
 * The latest time the audit trail vouches for: its newest row, unless the newest clock event is an
 * anomaly of a clock running ahead that no admin confirmed. Rows written since were dated by that
 * suspect clock, so the time known before it (the anomaly's own record of it) is the mark.
 */
function markFromAudit(rows: AuditRows): number | null {
  const clockEvent = rows.latestOf(['clock_anomaly', 'clock_confirmed']);
  if (clockEvent?.event === 'clock_anomaly' && clockEvent.detail !== null) {
    const detail = JSON.parse(clockEvent.detail) as Partial<ClockDetail>;
    if (detail.kind === 'ahead' && typeof detail.deskAt === 'string') return Date.parse(detail.deskAt);
  }
  const newest = rows.newestAt();
  return newest === null ? null : Date.parse(newest);
}

const SYSTEM_ACTOR = (deskId: string): Actor => ({ operatorId: 'system', deskId });

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

export class DeskTime {
  readonly clock: DeskClock;
  /** The mark file was there but did not open with this desk's key (replaced, or from another desk). */
  readonly markUnreadable: boolean;
  readonly #options: DeskTimeOptions;
  #lastPersistMono = Number.NEGATIVE_INFINITY;

  constructor(options: DeskTimeOptions) {
    this.#options = options;
    const mark = readTimeMark(options.markPath, options.markKey, options.deskId);
    this.markUnreadable = mark.status === 'unreadable';
    const candidates = [mark.status === 'ok' ? mark.ms : null, markFromAudit(options.store.rows.audit)];
    const known = candidates.filter((ms): ms is number => ms !== null && Number.isFinite(ms));
    this.clock = new DeskClock(
      options.source,
      known.length > 0 ? Math.max(...known) : null,
      options.policy ?? DEFAULT_CLOCK_POLICY,
    );
  }

  #detail(kind: ClockDetail['kind'], byMs: number, wallAt: string, deskAt: string): ClockDetail {
    return { kind, minutes: minutes(byMs), wallAt, deskAt };
  }

  /** Writes what the start made of the wall clock to the trail, then the mark when it may move. */
  recordStart(audit: AuditLog): void {
    const v = this.clock.verdict;
    if (!v.trusted) {
      const signed = v.kind === 'behind' ? -v.byMs : v.byMs;
      this.#append(audit, {
        ...SYSTEM_ACTOR(this.#options.deskId),
        event: 'clock_anomaly',
        detail: this.#detail(v.kind, signed, v.wallAt, v.markAt),
      });
    }
    this.persist();
  }

  /**
   * The heartbeat: a wall clock moved since the last look is written to the trail once, and the
   * mark follows the desk's time at most every `persistEveryMs`.
   */
  tick(audit: AuditLog): void {
    const drift = this.clock.drift();
    if (drift !== null) {
      const desk = this.clock.now();
      this.#append(audit, {
        ...SYSTEM_ACTOR(this.#options.deskId),
        event: 'clock_changed',
        detail: this.#detail(
          'changed',
          drift.byMs,
          new Date(desk.getTime() + drift.byMs).toISOString(),
          desk.toISOString(),
        ),
      });
    }
    const mono = this.#options.source.monotonicMs();
    if (mono - this.#lastPersistMono >= (this.#options.persistEveryMs ?? 60_000)) this.persist();
  }

  /** An admin vouches for the wall clock: the desk restarts its time from it (audited). */
  confirm(audit: AuditLog, actor: Actor): void {
    const before = this.clock.now();
    const { movedByMs } = this.clock.confirm();
    const after = this.clock.now();
    this.#append(audit, {
      ...actor,
      event: 'clock_confirmed',
      detail: this.#detail('confirmed', movedByMs, after.toISOString(), before.toISOString()),
    });
    this.persist();
  }

  #append(audit: AuditLog, entry: Parameters<AuditLog['append']>[1]): void {
    this.#options.store.write((tx) => audit.append(tx, entry));
  }

  /**
   * Rewrites the mark with the desk's time. Not while the wall clock is suspected of running
   * ahead: a mark raised six years by a tampered clock would hold the desk there for good.
   */
  persist(): void {
    const v = this.clock.verdict;
    if (!v.trusted && v.kind === 'ahead') return;
    writeTimeMark(
      this.#options.markPath,
      this.#options.markKey,
      this.#options.deskId,
      this.clock.now().getTime(),
    );
    this.#lastPersistMono = this.#options.source.monotonicMs();
  }
}
