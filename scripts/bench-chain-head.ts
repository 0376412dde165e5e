/**
 * node scripts/bench-chain-head.ts [--rows N]
 *
 * What keeping the chain head outside SQLite costs a visit: the same transaction (one audit row,
 * as a decision writes it) on a real database file with synchronous=FULL, without and with the
 * ChainHeadKeeper rewriting chain-head.sealed after each commit (seal, fsync, rename). Prints the
 * median and p95 per commit of each, and the difference.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/core/audit/audit-log.ts';
import { ChainHeadFile, chainHeadPathFor } from '../src/core/audit/chain-head-file.ts';
import { ChainHeadKeeper } from '../src/core/audit/chain-head-keeper.ts';
import { deriveSubkey } from '../src/core/crypto/subkeys.ts';
import { median } from '../src/core/median.ts';
import { DeskStore } from '../src/core/store/desk-store.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '300' } } });
const rows = Number(values.rows);
const dataKey = randomBytes(32);
const dir = mkdtempSync(join(tmpdir(), 'tanu-bench-head-'));

function run(keep: boolean): number[] {
  const dbPath = join(dir, `${keep ? 'kept' : 'plain'}.sqlite`);
  const store = DeskStore.open(dbPath);
  const audit = new AuditLog(store.rows.audit, deriveSubkey(dataKey, 'audit-chain'));
  const file = new ChainHeadFile(
    `${chainHeadPathFor(dbPath)}.${keep ? 'kept' : 'plain'}`,
    deriveSubkey(dataKey, 'chain-head'),
  );
  const keeper = keep ? new ChainHeadKeeper({ store, file, known: null }) : null;
  const times: number[] = [];
  for (let i = 0; i < rows; i += 1) {
    const started = performance.now();
    store.write((tx) =>
      audit.append(tx, {
        operatorId: randomUUID(),
        deskId: 'desk-1',
        patientId: randomUUID(),
        event: 'code_verified',
        method: 'code',
      }),
    );
    times.push(performance.now() - started);
  }
  keeper?.stop();
  store.close();
  return times;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
try {
  run(false); // warm-up: the first file's creation and the module loads are not what is measured
  const plain = run(false);
  const kept = run(true);
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${p95(xs).toFixed(2)} ms`;
  console.log(`${rows} commits of one audit row each (synchronous=FULL, ${dir})`);
  console.log(`  without the head file: ${fmt(plain)}`);
  console.log(`  with chain-head.sealed rewritten after each: ${fmt(kept)}`);
  console.log(`  added per commit: median ${(median(kept) - median(plain)).toFixed(2)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
