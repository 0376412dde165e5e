/**
 * The start check: the desk's chain must still hold the head the clinic last acknowledged. The
 * acknowledgement is kept in the database and in a sealed file beside it (clinic-ack.ts); when the
 * desk is online, the clinic's own record of the head (api.heads) is a third witness, one the desk
 * does not control. What each finding means:
 *  - 'behind': the chain ends before the acknowledged row: the database was restored from an older
 *    backup, or its last rows were deleted;
 *  - 'forked': the chain holds another row at that seq: the database was replaced or rewritten;
 *  - 'missing': the row is gone but later rows remain: rows were deleted from the middle;
 *  - 'clinic-lost': the desk holds an acknowledgement but the clinic has no row of it (another
 *    clinic database, or one restored without this desk's rows).
 * A head before the retention anchor was purged legitimately (retention.ts): the anchor only moves
 * onto existing rows, so a chain that reached past the head once is not behind it.
 *
 * Both are cheap (a point lookup); the full HMAC walk is verifyChain's, run beside them.
 */
import type { AuditRows } from '../audit/audit-rows.ts';
import type { DeskHeads } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ClinicAckFile } from './clinic-ack.ts';
import type { StoredAck } from './evidence-rows.ts';

export interface ChainHeadRef {
  seq: number;
  hash: string;
}

export type HeadPlace = 'present' | 'purged' | 'behind' | 'forked' | 'missing';
export type AckProblem = Exclude<HeadPlace, 'present' | 'purged'> | 'clinic-lost';
/** Not a broken chain, but the outside copy cannot vouch for it until the next acknowledgement. */
export type AckWarning = 'file-absent' | 'file-unreadable' | 'file-behind-database';

export type AckVerdict =
  | { ok: true; ack: ChainHeadRef | null; warning: AckWarning | null; line: string }
  | {
      ok: false;
      problem: AckProblem;
      /** Who vouched for the head the chain does not hold. */
      source: 'file' | 'database' | 'clinic';
      ack: ChainHeadRef;
      /** The local chain's last seq (the anchor's, or 0, when it has no row). */
      localSeq: number;
      line: string;
    };

/** Where `head` stands in the local chain. */
export function placeOfHead(audit: AuditRows, head: ChainHeadRef): HeadPlace {
  const hash = audit.hashAt(head.seq);
  if (hash !== null) return hash.toString('hex') === head.hash.toLowerCase() ? 'present' : 'forked';
  if (head.seq < audit.anchor().seq) return 'purged';
  return head.seq > audit.tip().seq ? 'behind' : 'missing';
}

const WHO = { file: 'the sealed acknowledgement file', database: 'the database', clinic: 'the clinic' };

function failure(
  problem: AckProblem,
  source: keyof typeof WHO,
  ack: ChainHeadRef,
  localSeq: number,
): AckVerdict {
  const said = `${WHO[source]} says the clinic acknowledged this desk's chain up to row ${ack.seq}`;
  const why = {
    behind: `but the local chain ends at row ${localSeq}: the database was restored from an older backup or its last rows were deleted`,
    forked: `but the local chain holds another row ${ack.seq}: the database was replaced or rewritten`,
    missing: `but row ${ack.seq} is missing from the local chain while later rows remain: rows were deleted`,
    'clinic-lost': `but the clinic holds no row of this desk: this is another clinic database, or it lost this desk's rows`,
  }[problem];
  return {
    ok: false,
    problem,
    source,
    ack,
    localSeq,
    line: `clinic acknowledgement: FAIL ${said}, ${why}. Do not push or purge; call the clinic's security officer.`,
  };
}

function checkHeads(store: DeskStore, heads: [keyof typeof WHO, ChainHeadRef][]): AckVerdict | null {
  const audit = store.rows.audit;
  for (const [source, head] of heads) {
    const place = placeOfHead(audit, head);
    if (place !== 'present' && place !== 'purged') return failure(place, source, head, audit.tip().seq);
  }
  return null;
}

function higher(a: StoredAck | null, b: StoredAck | null): StoredAck | null {
  if (a === null) return b;
  return b === null || a.seq >= b.seq ? a : b;
}

/**
 * At start (and in the self-check): does the local chain still hold the last acknowledged head,
 * as the sealed file and the database each remember it? The file is checked first: it is the
 * witness a restored database cannot wind back.
 */
export function checkAgainstAck(store: DeskStore, ackFile: ClinicAckFile): AckVerdict {
  const file = ackFile.read();
  const database = store.rows.evidence.ack();
  const fileAck = file.status === 'ok' ? file.ack : null;
  const heads: [keyof typeof WHO, ChainHeadRef][] = [];
  if (fileAck) heads.push(['file', fileAck]);
  if (database) heads.push(['database', database]);
  const failed = checkHeads(store, heads);
  if (failed) return failed;
  const ack = higher(fileAck, database);
  let warning: AckWarning | null = null;
  if (file.status === 'unreadable') warning = 'file-unreadable';
  else if (file.status === 'absent' && database) warning = 'file-absent';
  else if (fileAck && database && fileAck.seq < database.seq) warning = 'file-behind-database';
  const tip = store.rows.audit.tip().seq;
  const base =
    ack === null
      ? `clinic acknowledgement: ok, nothing acknowledged yet (local chain up to row ${tip})`
      : `clinic acknowledgement: ok, the local chain (up to row ${tip}) holds the head the clinic acknowledged at ${ack.acknowledgedAt} (row ${ack.seq})`;
  const note = {
    'file-absent': `; WARN the sealed acknowledgement file ${ackFile.path} is missing: the next push rewrites it`,
    'file-unreadable': `; WARN the sealed acknowledgement file ${ackFile.path} does not open with this desk's key: the next push rewrites it`,
    'file-behind-database': `; WARN the sealed acknowledgement file is older than the database's: an older copy was put back`,
  };
  return { ok: true, ack, warning, line: warning ? base + note[warning] : base };
}

/**
 * Online: does the local chain hold the head the clinic has for this desk (api.heads)? This also
 * catches a data folder restored whole, file and database together.
 */
export function checkAgainstClinic(store: DeskStore, heads: DeskHeads, ackFile?: ClinicAckFile): AckVerdict {
  const own = heads.desks.find((desk) => desk.desk === heads.self);
  const head = own?.head ?? null;
  if (head === null) {
    const file = ackFile?.read();
    const local = higher(file?.status === 'ok' ? file.ack : null, store.rows.evidence.ack());
    if (local) return failure('clinic-lost', 'database', local, store.rows.audit.tip().seq);
    return {
      ok: true,
      ack: null,
      warning: null,
      line: 'clinic head: ok, the clinic holds no row of this desk yet',
    };
  }
  const failed = checkHeads(store, [['clinic', head]]);
  if (failed) return failed;
  return {
    ok: true,
    ack: head,
    warning: null,
    line: `clinic head: ok, the local chain holds the clinic's head for this desk (row ${head.seq})`,
  };
}
