/**
 * Encrypted templates on a real database: round trips, a ciphertext moved to another patient,
 * nothing readable in the file or its WAL, and deletion that really erases the bytes.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateStore } from '../../../src/core/enrolment/templates.ts';
import { descriptorArb, MODEL_ID, MODEL_VERSION, randomDescriptor } from '../../support/descriptors.ts';
import { newPatient, openTestRegistry, rowCount, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('templates');

function setup(): TestRegistry & { templates: TemplateStore } {
  const r = openTestRegistry(newDir());
  return { ...r, templates: new TemplateStore(r) };
}

const template = (n: number) => ({
  modelId: MODEL_ID,
  descriptors: Array.from({ length: n }, () => randomDescriptor()),
});

function fileBytes(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

/** Whether any 16-byte window (four consecutive floats) of any descriptor appears in the bytes. */
function holdsDescriptorBytes(bytes: Buffer, descriptors: Float32Array[]): boolean {
  return descriptors.some((d) => {
    const raw = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    for (let i = 0; i + 16 <= raw.length; i += 16) if (bytes.includes(raw.subarray(i, i + 16))) return true;
    return false;
  });
}

describe('TemplateStore', () => {
  it('round-trips any 1–10 descriptors exactly (property)', () => {
    const r = setup();
    const patient = r.patients.register(newPatient(), r.actor);
    fc.assert(
      fc.property(fc.array(descriptorArb, { minLength: 1, maxLength: 10 }), (descriptors) => {
        r.templates.save(patient.id, { modelId: MODEL_ID, descriptors }, MODEL_VERSION, r.actor);
        expect(r.templates.load(patient.id, MODEL_ID, MODEL_VERSION)).toEqual({
          modelId: MODEL_ID,
          descriptors,
        });
      }),
      { numRuns: 60 },
    );
    // Re-enrolment replaced the template each time.
    expect(rowCount(r, 'face_template')).toBe(1);
    r.db.close();
  });

  it('refuses an invalid template or an unknown patient and writes nothing', () => {
    const r = setup();
    const patient = r.patients.register(newPatient(), r.actor);
    const auditBefore = rowCount(r, 'audit_log');
    const bad = (descriptors: unknown[]) => ({ modelId: MODEL_ID, descriptors });
    const nan = randomDescriptor();
    nan[5] = Number.NaN;
    for (const t of [
      bad([]),
      template(11),
      bad([nan]),
      bad([new Float32Array(127).fill(0.1)]),
      bad([new Float32Array(128)]), // all zeros: degenerate
      { descriptors: [randomDescriptor()] }, // no model id
    ]) {
      expect(typedCode(() => r.templates.save(patient.id, t, MODEL_VERSION, r.actor))).toBe(
        'INVALID_TEMPLATE',
      );
    }
    expect(typedCode(() => r.templates.save(patient.id, template(3), 'version with spaces', r.actor))).toBe(
      'INVALID_ENROLMENT',
    );
    expect(typedCode(() => r.templates.save('nobody', template(3), MODEL_VERSION, r.actor))).toBe(
      'PATIENT_NOT_FOUND',
    );
    expect(rowCount(r, 'face_template')).toBe(0);
    expect(rowCount(r, 'audit_log')).toBe(auditBefore);
    expect(typedCode(() => r.templates.load(patient.id, MODEL_ID, MODEL_VERSION))).toBe('TEMPLATE_NOT_FOUND');
    r.db.close();
  });

  it('does not open a template copied onto another patient, or relabelled with another model version', () => {
    const r = setup();
    const a = r.patients.register(newPatient(), r.actor);
    const b = r.patients.register(newPatient(), r.actor);
    r.templates.save(a.id, template(3), MODEL_VERSION, r.actor);
    r.templates.save(b.id, template(3), MODEL_VERSION, r.actor);
    const raw = new Database(r.dbPath);
    raw
      .prepare(
        'UPDATE face_template SET sealed = (SELECT sealed FROM face_template WHERE patient_id = ?) WHERE patient_id = ?',
      )
      .run(a.id, b.id);
    raw.close();
    expect(typedCode(() => r.templates.load(b.id, MODEL_ID, MODEL_VERSION))).toBe('TEMPLATE_UNREADABLE');
    expect(() => r.templates.load(a.id, MODEL_ID, MODEL_VERSION)).not.toThrow();
    // The index loader fails closed rather than skipping the bad row.
    expect(typedCode(() => [...r.templates.all(MODEL_ID, MODEL_VERSION)])).toBe('TEMPLATE_UNREADABLE');

    const raw2 = new Database(r.dbPath);
    raw2.prepare("UPDATE face_template SET model_version = '1.7.16' WHERE patient_id = ?").run(a.id);
    raw2.close();
    expect(typedCode(() => r.templates.load(a.id, MODEL_ID, '1.7.16'))).toBe('TEMPLATE_UNREADABLE');
    r.db.close();
  });

  it('leaves neither the IIN nor any descriptor bytes in the database file or its WAL', () => {
    const r = setup();
    const saved: Float32Array[] = [];
    const iins: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const p = r.patients.register(newPatient(), r.actor);
      const t = template(5);
      r.templates.save(p.id, t, MODEL_VERSION, r.actor);
      saved.push(...t.descriptors);
      iins.push(p.iin);
    }
    // Before and after a checkpoint: the WAL holds everything first, the main file afterwards.
    for (const when of ['in the WAL', 'after a checkpoint']) {
      if (when === 'after a checkpoint') r.db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = Buffer.concat([fileBytes(r.dbPath), fileBytes(`${r.dbPath}-wal`)]);
      expect(bytes.length).toBeGreaterThan(4096);
      expect(holdsDescriptorBytes(bytes, saved), when).toBe(false);
      for (const iin of iins) expect(bytes.includes(iin), when).toBe(false);
    }
    // The search itself works: the same descriptors stored in plain text are found.
    const control = new Database(r.dbPath);
    control.exec('CREATE TABLE control (b BLOB)');
    control.prepare('INSERT INTO control VALUES (?)').run(Buffer.from((saved[3] as Float32Array).buffer));
    control.close();
    expect(
      holdsDescriptorBytes(Buffer.concat([fileBytes(r.dbPath), fileBytes(`${r.dbPath}-wal`)]), saved),
    ).toBe(true);
    r.db.close();
  });
});

describe('TemplateStore.deleteForPatient', () => {
  function sealedOf(r: TestRegistry, patientId: string): Buffer {
    return r.db
      .prepare('SELECT sealed FROM face_template WHERE patient_id = ?')
      .pluck()
      .get(patientId) as Buffer;
  }

  /** Whether the sealed bytes (or any 32-byte piece of them) are still in the database file or its WAL. */
  function traces(r: TestRegistry, sealed: Buffer): boolean {
    const files = Buffer.concat([fileBytes(r.dbPath), fileBytes(`${r.dbPath}-wal`)]);
    for (let i = 0; i + 32 <= sealed.length; i += 32)
      if (files.includes(sealed.subarray(i, i + 32))) return true;
    return false;
  }

  it('erases the ciphertext from the database file and its WAL, and audits the deletion', () => {
    const r = setup();
    const keep = r.patients.register(newPatient(), r.actor);
    const gone = r.patients.register(newPatient(), r.actor);
    r.templates.save(keep.id, template(5), MODEL_VERSION, r.actor);
    r.templates.save(gone.id, template(10), MODEL_VERSION, r.actor); // 5 kB: spills into overflow pages
    r.db.pragma('wal_checkpoint(TRUNCATE)'); // now in the main file too, not just the WAL
    r.templates.save(keep.id, template(5), MODEL_VERSION, r.actor); // and more WAL traffic after it
    const sealed = sealedOf(r, gone.id);
    expect(traces(r, sealed)).toBe(true);

    expect(r.templates.deleteForPatient(gone.id, r.actor)).toEqual({ deleted: 1, erased: true });
    expect(traces(r, sealed)).toBe(false);
    expect(r.templates.has(gone.id)).toBe(false);
    expect(r.templates.has(keep.id)).toBe(true);
    expect(
      r.db.prepare('SELECT event, patient_id, model_version FROM audit_log ORDER BY seq DESC LIMIT 1').get(),
    ).toEqual({
      event: 'template_deleted',
      patient_id: gone.id,
      model_version: MODEL_VERSION,
    });
    expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
    r.db.close();
  });

  it('is what secure_delete buys: without it the deleted bytes stay in the file (control)', () => {
    const r = setup();
    const p = r.patients.register(newPatient(), r.actor);
    r.templates.save(p.id, template(10), MODEL_VERSION, r.actor);
    const sealed = sealedOf(r, p.id);
    r.db.pragma('secure_delete = OFF');
    r.db.prepare('DELETE FROM face_template').run();
    r.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(traces(r, sealed)).toBe(true);
    r.db.close();
  });

  it('reports erased: false while another connection reads an old snapshot, and erases on retry', async () => {
    const { eraseDeletedContent } = await import('../../../src/core/store/secure-erase.ts');
    const r = setup();
    const p = r.patients.register(newPatient(), r.actor);
    r.templates.save(p.id, template(10), MODEL_VERSION, r.actor);
    const sealed = sealedOf(r, p.id);
    const reader = new Database(r.dbPath);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM face_template').get(); // holds a snapshot with the template
    expect(r.templates.deleteForPatient(p.id, r.actor)).toEqual({ deleted: 1, erased: false });
    expect(traces(r, sealed)).toBe(true);
    reader.exec('COMMIT');
    reader.close();
    expect(eraseDeletedContent(r.db)).toBe(true);
    expect(traces(r, sealed)).toBe(false);
    r.db.close();
  });
});
