/**
 * The audit trail from the command line (`npm run audit -- …`), read-only:
 *
 *   verify --db FILE KEY [--head SEQ:HASH] [--head-file FILE]
 *       Walks the hash chain. Prints "ok: N rows, head SEQ:HASH" and exits 0, or names the first
 *       bad sequence number and exits 1. The head the desk sealed beside the database
 *       (chain-head.sealed, or --head-file) must still be there: a database restored from an older
 *       copy, or with its newest rows deleted, fails. --head checks a head recorded elsewhere too.
 *   export --db FILE KEY --since ISO-TIME
 *       Verifies the chain, then writes the rows from that time on as JSON lines to stdout and the
 *       head ("head SEQ:HASH") to stderr, to be kept outside this machine.
 *
 * KEY is the desk's data key (only its audit-chain and chain-head subkeys are used): --key FILE, or
 * on a desk that keeps its key in the OS key store, --transfer FILE with the passphrase typed at the
 * terminal or in --passphrase-file (desk-data-key.ts). --help / -h prints the usage (exit 0).
 * Exit code 2: bad usage, or a database / key that cannot be opened or is not this desk's.
 */
import { parseArgs } from 'node:util';
import { deriveSubkey } from '../src/core/crypto/subkeys.ts';
import { keyFitsDatabase } from '../src/core/crypto/key-check.ts';
import { DeskStore } from '../src/core/store/desk-store.ts';
import type { ChainHead } from '../src/core/audit/audit-rows.ts';
import { exportAudit } from '../src/core/audit/export.ts';
import { verifyChain } from '../src/core/audit/verify.ts';
import { ChainHeadFile, chainHeadPathFor } from '../src/core/audit/chain-head-file.ts';
import { verifyWithHead } from '../src/core/audit/head-check.ts';
import { deskDataKey, oneKeySource } from './desk-data-key.ts';

const USAGE = `usage: npm run audit -- verify --db FILE KEY [--head SEQ:HASH] [--head-file FILE]
       npm run audit -- export --db FILE KEY --since ISO-TIME
KEY:   --key FILE                                     the desk's data key file
       --transfer FILE [--passphrase-file FILE]       a desk that keeps its key in the OS key store:
                                                      its desk-transfer file and passphrase (typed
                                                      at the terminal, or the file's first line)
verify  walks the hash chain up to the head sealed beside the database; exit 0 ok, 1 broken
export  verifies, then writes the rows since the time as JSON lines (stdout), the head to stderr
exit 2: bad usage, or a database or key that cannot be opened or is not this desk's`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function parseHead(value: string): ChainHead {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(value);
  if (!match) fail(`--head must look like 123:<64 hex digits>, not "${value}"`, 2);
  return { seq: Number(match[1]), hash: (match[2] as string).toLowerCase() };
}

const formatHead = (head: ChainHead | null) => (head ? `${head.seq}:${head.hash}` : 'none (empty log)');

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      key: { type: 'string' },
      transfer: { type: 'string' },
      'passphrase-file': { type: 'string' },
      since: { type: 'string' },
      head: { type: 'string' },
      'head-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const command = positionals[0];
const keySource = {
  keyFile: values.key,
  transfer: values.transfer,
  passphraseFile: values['passphrase-file'],
};
if (
  (command !== 'verify' && command !== 'export') ||
  positionals.length !== 1 ||
  !values.db ||
  !oneKeySource(keySource)
) {
  fail(USAGE, 2);
}

let db;
let chainKey;
let headKey;
try {
  const dataKey = await deskDataKey(keySource);
  chainKey = deriveSubkey(dataKey, 'audit-chain');
  headKey = deriveSubkey(dataKey, 'chain-head');
  dataKey.fill(0);
  db = DeskStore.open(values.db, { readonly: true });
} catch (error) {
  fail(`cannot open: ${(error as Error).message}`, 2);
}
// Another desk's key would only report a chain broken at its first row: say what is wrong instead.
if (!keyFitsDatabase(db, chainKey)) {
  db.close();
  fail(`cannot open: this key is not the key of ${values.db}.`, 2);
}

if (command === 'verify') {
  const headFile = new ChainHeadFile(values['head-file'] ?? chainHeadPathFor(values.db), headKey);
  const sealed = verifyWithHead(db.rows, chainKey, headFile);
  const verdict =
    !sealed.ok || !values.head
      ? sealed
      : verifyChain(db.rows.audit, chainKey, { expectHead: parseHead(values.head) });
  db.close();
  if (!verdict.ok)
    fail(`BAD CHAIN at seq ${verdict.firstBadSeq} (${verdict.problem}): ${verdict.message}`, 1);
  console.log(`ok: ${verdict.rows} rows, head ${formatHead(verdict.head)}`);
} else {
  if (!values.since || Number.isNaN(Date.parse(values.since))) {
    fail(`export needs --since with an ISO date or time, e.g. 2026-11-01T00:00:00Z\n${USAGE}`, 2);
  }
  const result = exportAudit(db, chainKey, new Date(values.since), (line) =>
    process.stdout.write(`${line}\n`),
  );
  db.close();
  if (!result.ok) {
    fail(
      `BAD CHAIN at seq ${result.verdict.firstBadSeq} (${result.verdict.problem}): ${result.verdict.message} Nothing exported.`,
      1,
    );
  }
  console.error(`head ${formatHead(result.head)}`);
}
