/**
 * Crash safety for real: a child process appends audit rows and prints each committed sequence
 * number; it is killed with SIGKILL at random moments, twenty times, on the same database file.
 * After each kill the database must open, pass integrity_check, have an intact audit chain, and
 * contain every row the child reported as committed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { openDatabase } from '../../../src/core/store/database.ts';
import { ROOT } from '../../support/paths.ts';
import { auditOf, openTestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('crash');
const WRITER = join(ROOT, 'test', 'support', 'crash-writer.ts');
const KILLS = 20;

/** Starts the writer and SIGKILLs it `delayMs` after its first commit (or after start, when `fromStart`). */
function runAndKill(dbPath: string, keyPath: string, delayMs: number, fromStart: boolean): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dbPath, keyPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (fromStart) timer = setTimeout(kill, delayMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!fromStart && timer === undefined) timer = setTimeout(kill, delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer exited by itself (code ${code}): ${err}`));
        return;
      }
      // A line cut short by the kill is not a committed number.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      resolve(complete.split('\n').filter(Boolean).map(Number));
    });
  });
}

describe('crash safety', () => {
  it(`keeps every committed audit row and an intact chain across ${KILLS} SIGKILLs`, async () => {
    const store = openTestStore(newDir());
    const chainKey = store.keys['audit-chain'];
    store.db.close();
    const printed: number[] = [];
    let killedMidWrite = 0;
    for (let i = 0; i < KILLS; i += 1) {
      // Every fourth run dies at a random point of its start-up (possibly while opening or
      // migrating), the others at a random point while writing.
      const fromStart = i % 4 === 0;
      const delay = fromStart ? 50 + Math.random() * 400 : Math.random() * 150;
      const seqs = await runAndKill(store.dbPath, store.keyPath, delay, fromStart);
      printed.push(...seqs);
      if (seqs.length > 0) killedMidWrite += 1;

      const db = openDatabase(store.dbPath);
      const where = `after kill ${i + 1} (${fromStart ? 'from start' : 'while writing'}, ${delay.toFixed(0)} ms)`;
      expect(db.pragma('integrity_check', { simple: true }), where).toBe('ok');
      expect(verifyChain(auditOf(db), chainKey), where).toMatchObject({ ok: true });
      const present = new Set(db.prepare('SELECT seq FROM audit_log').pluck().all() as number[]);
      const lost = printed.filter((seq) => !present.has(seq));
      expect(lost, where).toEqual([]);
      db.close();
    }
    // The test only means something if most kills landed while rows were being written.
    expect(killedMidWrite).toBeGreaterThanOrEqual(KILLS / 2);
    expect(printed.length).toBeGreaterThan(KILLS);
  });
});
