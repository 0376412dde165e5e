/**
 * node scripts/bench-fraud-report.ts [--decisions N]
 *
 * What the desk's anti-fraud report costs over a year of decisions: N identified decisions (one in
 * thirty by slip, eight doctors) spread over 330 days in a real database file, then a 30-day
 * report's two queries (slips per doctor and clinic day; counts per doctor), with and without the
 * index on the decision time (desk migration 019). Prints the milliseconds of each.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clinicDaysPeriod, dayBounds } from '../src/core/audit/fraud-report.ts';
import { DeskStore } from '../src/core/store/desk-store.ts';

const { values } = parseArgs({ options: { decisions: { type: 'string', default: '200000' } } });
const n = Number(values.decisions);
const dir = mkdtempSync(join(tmpdir(), 'tanu-bench-report-'));
try {
  const store = DeskStore.open(join(dir, 'tanu.sqlite'));
  const db = store.connection;
  const doctors = Array.from({ length: 8 }, () => randomUUID());
  const patient = randomUUID();
  // Decisions only: the report reads no other table, and the patient is never looked up.
  db.pragma('foreign_keys = OFF');
  const insert = db.prepare(
    `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method)
       VALUES (?, ?, ?, 'desk-1', ?, 'identified', ?)`,
  );
  const start = Date.parse('2026-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < n; i += 1) {
      const at = new Date(start + Math.floor((i / n) * 330 * 86_400_000)).toISOString();
      insert.run(randomUUID(), patient, doctors[i % doctors.length], at, i % 30 === 0 ? 'slip' : 'face');
    }
  })();
  const period = clinicDaysPeriod('2026-11-01', '2026-11-30', 'Asia/Almaty');
  for (const indexed of [false, true]) {
    db.exec(
      indexed ? 'CREATE INDEX decision_by_time ON decision (decided_at)' : 'DROP INDEX decision_by_time',
    );
    const t0 = performance.now();
    const days = store.rows.decisions.slipDaysByOperator(dayBounds(period));
    const t1 = performance.now();
    store.rows.decisions.countsByOperator(period.from.toISOString(), period.to.toISOString());
    const t2 = performance.now();
    console.log(
      `${n} decisions, ${indexed ? 'with' : 'without'} the time index: slip days ${(t1 - t0).toFixed(1)} ms ` +
        `(${days.length} doctor-days), counts per doctor ${(t2 - t1).toFixed(1)} ms`,
    );
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
