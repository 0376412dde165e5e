/** Appending to the audit log: chained rows, append-only table, strict entries. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/core/audit/audit-log.ts';
import type { AuditEntryInput } from '../../../src/core/audit/events.ts';
import { chainHash, GENESIS_HASH } from '../../../src/core/audit/hash-chain.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { openTestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('audit');
const operatorId = randomUUID();
const patientId = randomUUID();
const base = { operatorId, deskId: 'desk-1' } as const;
const faceMatch: AuditEntryInput = {
  ...base,
  patientId,
  visitId: randomUUID(),
  event: 'face_match',
  method: 'face',
  distance: 0.41,
  threshold: 0.6,
  modelVersion: 'face-api-1.7.15',
};

const count = (store: ReturnType<typeof openTestStore>) =>
  store.db.prepare('SELECT count(*) FROM audit_log').pluck().get();

describe('AuditLog.append', () => {
  it('numbers rows 1, 2, 3… and chains each hash to the one before', () => {
    const store = openTestStore(newDir());
    const rows = [
      store.record({ ...base, event: 'operator_login' }),
      store.record({ ...base, patientId, event: 'consent_given' }),
      store.record(faceMatch),
    ];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]?.hash.equals(chainHash(store.keys['audit-chain'], GENESIS_HASH, rows[0]))).toBe(true);
    expect(rows[2]?.hash.equals(chainHash(store.keys['audit-chain'], rows[1]!.hash, rows[2]!))).toBe(true);
    expect(rows[2]).toMatchObject({ distance: 0.41, threshold: 0.6, at: '2026-11-22T09:00:00.000Z' });
    expect(verifyChain(store.store.rows.audit, store.keys['audit-chain'])).toEqual({
      ok: true,
      rows: 3,
      head: { seq: 3, hash: rows[2]!.hash.toString('hex') },
    });
    store.db.close();
  });

  it('continues the chain across connections and restarts', () => {
    const store = openTestStore(newDir());
    store.record({ ...base, event: 'operator_login' });
    store.db.close();
    const again = openTestStore(store.dir);
    expect(again.record({ ...base, event: 'operator_login' }).seq).toBe(2);
    expect(verifyChain(again.store.rows.audit, again.keys['audit-chain'])).toMatchObject({
      ok: true,
      rows: 2,
    });
    again.db.close();
  });

  it('rejects UPDATE and DELETE in the database itself', () => {
    const store = openTestStore(newDir());
    store.record(faceMatch);
    expect(typedCode(() => store.db.prepare("UPDATE audit_log SET desk_id = 'x'").run())).toMatch(
      /append-only/,
    );
    expect(typedCode(() => store.db.prepare('DELETE FROM audit_log').run())).toMatch(/append-only/);
    expect(store.db.prepare('SELECT desk_id FROM audit_log').pluck().all()).toEqual(['desk-1']);
    expect(verifyChain(store.store.rows.audit, store.keys['audit-chain']).ok).toBe(true);
    store.db.close();
  });

  it('refuses entries that could carry a descriptor, an image, a code or a name, and writes nothing', () => {
    const store = openTestStore(newDir());
    const descriptor = Array.from({ length: 128 }, (_, i) => i / 1000 + 0.123456);
    const refused: unknown[] = [
      { ...faceMatch, descriptor }, // unknown field
      { ...faceMatch, image: 'data:image/jpeg;base64,AAAA' },
      { ...base, patientId, event: 'code_sent', code: '493817' },
      { ...base, patientId: 'Сейтқалиев Нұрлан', event: 'consent_given' }, // a name instead of an id
      { ...base, patientId, visitId: '493817', event: 'code_verified', method: 'code' }, // a code as the visit id
      { ...faceMatch, modelVersion: descriptor.join(',') },
      { ...faceMatch, deskId: 'desk 1; DROP TABLE' },
      { ...faceMatch, distance: null }, // a face decision without its distance
      { ...faceMatch, distance: Number.NaN },
      { ...base, patientId, event: 'code_verified', method: 'code', distance: 0.3, threshold: 0.6 },
      { ...base, event: 'consent_given' }, // a patient event without the patient
      { ...base, event: 'no_such_event' },
      { ...base, operatorId: 'dr.smith', event: 'operator_login' },
      // A gateway change names what happened, never where to or with which token.
      { ...base, event: 'settings_changed', detail: { gateway: 'https://collector.example/?t=493817' } },
      {
        ...base,
        event: 'settings_changed',
        detail: { gateway: 'url_changed', url: 'https://collector.example' },
      },
      { ...base, event: 'operator_login', detail: { gateway: 'url_changed' } },
      // A settings change names keys from the one list, at least one, never a value.
      { ...base, event: 'settings_changed', detail: { gateway: 'added' } },
      { ...base, event: 'settings_changed', detail: { keys: [] } },
      { ...base, event: 'settings_changed', detail: { keys: ['gatewayToken=493817'] } },
      // A look-up names the patient by id and the means from its list; nothing typed into the search.
      { ...base, event: 'patient_viewed', detail: { means: 'iin' } },
      { ...base, patientId, event: 'patient_viewed' },
      { ...base, patientId, event: 'patient_viewed', detail: { means: 'iin', iin: '880412493817' } },
      { ...base, event: 'patient_lookup_refused', detail: { means: 'Сейтқалиев Нұрлан' } },
      // The start: a version, not free text; the rule by its hash.
      {
        ...base,
        operatorId: 'system',
        event: 'app_started',
        detail: {
          version: '0.1.0 Сейтқалиев Нұрлан',
          pipeline: 'p',
          rule: 'a'.repeat(64),
          threshold: 0.5,
          mode: 'single',
        },
      },
      { ...base, operatorId: 'system', event: 'app_started' },
      // A webcam by hash only.
      { ...base, event: 'camera_changed', detail: { from: null, to: 'usb-cam-493817' } },
      // An account by its id, never its login or name.
      { ...base, event: 'operator_created', detail: { account: 'dr.Нұрлан' } },
      { ...base, event: 'operator_unlocked' },
    ];
    for (const entry of refused) {
      let message = '';
      expect(
        typedCode(() => {
          try {
            store.record(entry as AuditEntryInput);
          } catch (error) {
            message = (error as Error).message;
            throw error;
          }
        }),
        JSON.stringify(entry).slice(0, 80),
      ).toBe('INVALID_AUDIT_EVENT');
      // The refusal names the problem, not the refused value.
      expect(message).not.toMatch(/0\.123456|493817|Нұрлан|AAAA/);
    }
    expect(count(store)).toBe(0);
    store.db.close();
  });

  it('writes nothing when the surrounding transaction fails', () => {
    const store = openTestStore(newDir());
    expect(
      typedCode(() =>
        store.db.transaction(() => {
          store.record({ ...base, event: 'operator_login' });
          throw new Error('the decision could not be saved');
        })(),
      ),
    ).toMatch(/untyped: Error: the decision/);
    expect(count(store)).toBe(0);
    expect(store.record({ ...base, event: 'operator_login' }).seq).toBe(1);
    store.db.close();
  });

  it('takes its time from the clock it was given', () => {
    const store = openTestStore(newDir());
    store.clock.set('2027-01-02T03:04:05.678Z');
    const log = new AuditLog(store.store.rows.audit, store.keys['audit-chain'], store.clock);
    expect(store.store.write((tx) => log.append(tx, { ...base, event: 'operator_login' })).at).toBe(
      '2027-01-02T03:04:05.678Z',
    );
    store.db.close();
  });
});
