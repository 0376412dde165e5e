/**
 * The desk side of the clinic registry without a clinic: op ids, the clinic key's seal, and the outbox written in the very transaction of each registry change, only in
 * clinic mode, with nothing plain in it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clinicIinLookup,
  deriveClinicKeys,
  newClinicKey,
  openRecord,
  sealRecord,
} from '../../../src/core/clinic-sync/clinic-seal.ts';
import { uuidv7 } from '../../../src/core/clinic-sync/uuidv7.ts';
import { defaultKioskConfig } from '../../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { openKioskServices } from '../../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../../src/core/store/database.ts';
import { newPatient } from '../../support/registry.ts';
import { FAST_SCRYPT, NO_FACE } from '../../support/runtime.ts';
import { manualClock } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const tempDir = useTempDir('clinic-outbox');
const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function open(dir: string, clinic: boolean) {
  return openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: defaultKioskConfig({
      clinicId: 'pol-5',
      clinicName: 'Емхана №5',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 300 00 00',
      deskId: 'desk-1',
    }),
    face: NO_FACE,
    rule: loadDecisionRule(),
    modelVersion: 'tanu-test',
    gateway: offlineChannel,
    clock: manualClock(),
    scrypt: FAST_SCRYPT,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    ...(clinic ? { clinicKeys: deriveClinicKeys(newClinicKey()) } : {}),
  });
}

describe('uuidv7', () => {
  it('is a lowercase RFC 9562 version 7 id, increasing within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(UUIDV7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7().slice(0, 13)).not.toBe(ids[0]?.slice(0, 13));
  });
});

describe('the clinic key', () => {
  it('seals a record bound to its row, and hashes an IIN the same way at every desk', () => {
    const keys = deriveClinicKeys(newClinicKey());
    const sealed = sealRecord(keys, ['patient', 'p1'], { iin: '880412450017' });
    expect(openRecord(keys, ['patient', 'p1'], sealed)).toEqual({ iin: '880412450017' });
    expect(typedCode(() => openRecord(keys, ['patient', 'p2'], sealed))).toBe('DECRYPT_FAILED');
    expect(typedCode(() => openRecord(deriveClinicKeys(newClinicKey()), ['patient', 'p1'], sealed))).toBe(
      'DECRYPT_FAILED',
    );
    expect(clinicIinLookup(keys, '880412450017')).toMatch(/^[0-9a-f]{64}$/);
    expect(clinicIinLookup(keys, '880412450017')).toBe(clinicIinLookup(keys, '880412450017'));
  });
});

describe('registry ops', () => {
  it('a single desk writes none', async () => {
    const s = open(tempDir(), false);
    const admin = s.operators.create(
      { login: 'admin', displayName: 'A', role: 'admin', secret: 'long enough secret' },
      { operatorId: 'system', deskId: 'desk-1' },
    );
    s.patients.register(newPatient(), { operatorId: admin.id, deskId: 'desk-1' });
    expect(s.clinicOutbox).toBeNull();
    expect(s.store.rows.clinicOps.pendingCount()).toBe(0);
    await s.close();
  });

  it('in clinic mode: one op per change, in its transaction, holding no plain data', async () => {
    const s = open(tempDir(), true);
    const system = { operatorId: 'system', deskId: 'desk-1' };
    const admin = s.operators.create(
      { login: 'admin', displayName: 'A', role: 'admin', secret: 'long enough secret' },
      system,
    );
    const actor = { operatorId: admin.id, deskId: 'desk-1' };
    const input = newPatient({ familyName: 'Тоқтарова' });
    const patient = s.patients.register(input, actor);
    // A refused registration (the IIN again) rolls back with its op: nothing to push.
    expect(typedCode(() => s.patients.register(input, actor))).toBe('IIN_ALREADY_REGISTERED');
    const parent = s.patients.register(newPatient({ birthDate: '1970-01-01' }), actor);
    s.representatives.link(
      {
        patientId: patient.id,
        representativeId: parent.id,
        relation: 'guardian',
        proof: { kind: 'court_decision', reference: '2-1/2026' },
      },
      actor,
    );
    s.representatives.unlink(patient.id, parent.id, actor);
    s.languages.remember(patient.id, 'en');
    s.operators.unlock(admin.id, actor);
    const ops = s.store.rows.clinicOps.pending(100);
    expect(ops.map((o) => o.kind)).toEqual([
      'operator.upsert',
      'patient.upsert',
      'patient.upsert',
      'representative.link',
      'representative.unlink',
      'patient.upsert',
      'operator.upsert',
    ]);
    for (const op of ops) expect(op.op_id).toMatch(UUIDV7);
    const all = JSON.stringify(ops);
    for (const plain of [input.iin, 'Тоқтарова', input.phone, '2-1/2026', 'admin'])
      expect(all).not.toContain(plain);
    expect(JSON.parse(ops[1]?.payload as string)).toMatchObject({ id: patient.id, kind: 'patient.upsert' });
    expect(randomUUID()).not.toBe(ops[1]?.op_id);
    await s.close();
  });
});
