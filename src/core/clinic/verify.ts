/**
 * `clinic verify`: walks every desk's chain as stored at the clinic. The server cannot recompute
 * the HMACs (the chain key stays at the desk); it checks what it can alone: the rows run
 * contiguously from the desk's first row, each prev_hash is the previous row's hash, the head row
 * is the last row, and no acknowledgement given to the desk is ahead of the chain or disagrees
 * with it. So a deleted row (gap), an edited link (fork) and a cut tail (rollback) are all found.
 * A desk's own database put back (restored from an older backup, its tail cut) leaves the clinic's
 * copy sound; it is found from what the clinic recorded of it (migration 010): the pushes it
 * refused as a gap or a fork, and the desk's start check reporting its chain behind the head.
 */
import type pg from 'pg';

export type ChainProblem = 'gap' | 'fork' | 'rollback';

export interface DeskChainVerdict {
  desk: string;
  revoked: boolean;
  rows: number;
  first: number | null;
  head: { seq: number; hash: string } | null;
  acked: number | null;
  problem: ChainProblem | null;
  message: string;
}

const PAGE = 10_000;

/**
 * A recorded chain problem as verify names it: the server's refusals by what it refused, the
 * desk's findings (ack-check.ts) as the chain having gone back ('behind', 'missing', 'clinic-lost')
 * or been rewritten ('forked').
 */
const PROBLEM_OF: Readonly<Record<string, ChainProblem>> = {
  gap: 'gap',
  fork: 'fork',
  forked: 'fork',
  behind: 'rollback',
  missing: 'rollback',
  'clinic-lost': 'rollback',
};

interface LinkRow {
  seq: string;
  prev_hash: Buffer;
  hash: Buffer;
}

async function verifyDesk(
  client: pg.ClientBase,
  desk: { id: string; name: string; revoked: boolean },
): Promise<DeskChainVerdict> {
  const heads = await client.query<{ first_seq: string; seq: string; hash: Buffer }>(
    'SELECT first_seq, seq, hash FROM tanu.chain_heads WHERE desk_id = $1',
    [desk.id],
  );
  const stored = heads.rows[0];
  const head = stored ? { seq: Number(stored.seq), hash: stored.hash.toString('hex') } : null;
  const verdict: DeskChainVerdict = {
    desk: desk.name,
    revoked: desk.revoked,
    rows: 0,
    first: stored ? Number(stored.first_seq) : null,
    head,
    acked: null,
    problem: null,
    message: '',
  };
  const bad = (problem: ChainProblem, message: string) => ({ ...verdict, problem, message });

  let expected = verdict.first ?? 1;
  let previous: Buffer | null = null;
  let last: LinkRow | null = null;
  for (;;) {
    // Keyset pages: a desk's chain grows for years.
    const page = await client.query<LinkRow>(
      'SELECT seq, prev_hash, hash FROM tanu.audit_rows WHERE desk_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [desk.id, expected, PAGE],
    );
    for (const row of page.rows) {
      const seq = Number(row.seq);
      if (seq !== expected) return bad('gap', `seq ${expected} is missing (next stored row is ${seq})`);
      if (previous && !row.prev_hash.equals(previous))
        return bad('fork', `seq ${seq} does not link to seq ${seq - 1}`);
      previous = row.hash;
      last = row;
      expected += 1;
      verdict.rows += 1;
    }
    if (page.rows.length < PAGE) break;
  }
  const before = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM tanu.audit_rows WHERE desk_id = $1 AND seq < $2',
    [desk.id, verdict.first ?? 1],
  );
  if (Number(before.rows[0]?.n) > 0) return bad('fork', 'rows before the chain start the head records');
  if (head === null) {
    if (verdict.rows > 0) return bad('rollback', 'rows stored but no head recorded');
  } else if (last === null) {
    return bad('rollback', `the head says seq ${head.seq} but no row is stored`);
  } else if (Number(last.seq) !== head.seq || last.hash.toString('hex') !== head.hash) {
    return bad('rollback', `the head says seq ${head.seq} but the chain ends at seq ${last.seq}`);
  }

  const acks = await client.query<{ seq: string; hash: Buffer; row_hash: Buffer | null }>(
    `SELECT a.seq, a.hash, r.hash AS row_hash FROM tanu.acks a
       LEFT JOIN tanu.audit_rows r ON r.desk_id = a.desk_id AND r.seq = a.seq
      WHERE a.desk_id = $1 ORDER BY a.seq DESC, a.id DESC`,
    [desk.id],
  );
  for (const ack of acks.rows) {
    verdict.acked = Math.max(verdict.acked ?? 0, Number(ack.seq));
    if (ack.row_hash === null) return bad('rollback', `seq ${ack.seq} was acknowledged but is not stored`);
    if (!ack.row_hash.equals(ack.hash)) return bad('fork', `the row at acknowledged seq ${ack.seq} changed`);
  }
  if (verdict.acked !== null && head !== null && verdict.acked > head.seq) {
    return bad('rollback', `acknowledged up to seq ${verdict.acked}, head is ${head.seq}`);
  }

  const problems = await client.query<{ problem: string; reported_by: string; message: string; at: Date }>(
    'SELECT problem, reported_by, message, at FROM tanu.chain_problems WHERE desk_id = $1 ORDER BY id',
    [desk.id],
  );
  const first = problems.rows[0];
  if (first !== undefined) {
    const who = first.reported_by === 'server' ? 'the clinic refused a push' : 'the desk reported';
    const more = problems.rows.length > 1 ? ` (${problems.rows.length - 1} more reported since)` : '';
    return bad(
      PROBLEM_OF[first.problem] ?? 'rollback',
      `${who} at ${first.at.toISOString()}: ${first.message}${more}`,
    );
  }
  return {
    ...verdict,
    message: head ? `${verdict.rows} rows, ${verdict.first}..${head.seq}` : 'nothing pushed yet',
  };
}

/** One verdict per registered desk, by name. Needs a superuser (or tanu_api) connection. */
export async function verifyClinic(client: pg.ClientBase): Promise<DeskChainVerdict[]> {
  const desks = await client.query<{ id: string; name: string; revoked: boolean }>(
    'SELECT id, name, revoked_at IS NOT NULL AS revoked FROM tanu.desks ORDER BY name',
  );
  const verdicts: DeskChainVerdict[] = [];
  for (const desk of desks.rows) verdicts.push(await verifyDesk(client, desk));
  return verdicts;
}
