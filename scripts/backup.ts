/**
 * npm run backup -- backup  --data-dir DIR --out FILE
 * npm run backup -- restore --data-dir DIR --from FILE
 *
 * Backing up and restoring the desk's database with SQLite's online backup API, never a file copy:
 * a copy of a WAL database taken while the kiosk runs can miss committed transactions still in
 * the -wal file, or catch a page mid-write. `backup` works while the kiosk is running. `restore`
 * must run with the kiosk closed: it checks the backup (integrity, schema) first, keeps the
 * current database as tanu.sqlite.before-restore-<time>, then copies the backup in page by page.
 * The backup holds sealed IINs and templates: it is useless without this desk's data key, which
 * must be kept (docs/INSTALL.md says how). Exit code 1 on any failure.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME, openDatabase } from '../src/core/store/database.ts';
import { MIGRATIONS } from '../src/core/store/migrations/index.ts';

const USAGE =
  'usage: backup.ts backup --data-dir DIR --out FILE\n       backup.ts restore --data-dir DIR --from FILE';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function check(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') fail(`${file}: integrity_check says ${String(integrity)}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      fail(`${file}: schema ${version} is newer than this Tanu (${MIGRATIONS.length})`);
    const tables = db
      .prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('patient', 'audit_log')")
      .pluck()
      .get();
    if (tables !== 2) fail(`${file}: not a Tanu database`);
  } finally {
    db.close();
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, from: { type: 'string' } },
});
const command = positionals[0];
if (!values['data-dir'] || (command !== 'backup' && command !== 'restore')) fail(USAGE);
const live = join(resolve(values['data-dir']), DATABASE_FILE_NAME);

if (command === 'backup') {
  if (!values.out) fail(USAGE);
  const out = resolve(values.out);
  if (existsSync(out)) fail(`${out} exists; choose a new file name`);
  const db = openDatabase(live);
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  check(out);
  console.log(`backed up ${live} to ${out} (integrity ok)`);
} else {
  if (!values.from) fail(USAGE);
  const from = resolve(values.from);
  check(from);
  if (existsSync(live)) {
    // Refuses while the kiosk holds the database: restoring under a running app would be undone by it.
    // Leaving WAL mode needs the only connection to the file, so it fails while the kiosk has it open;
    // on success it also folds the WAL into the file being set aside.
    const probe = new Database(live, { fileMustExist: true });
    let mode: unknown;
    try {
      probe.pragma('busy_timeout = 0');
      mode = probe.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = 'busy';
    } finally {
      probe.close();
    }
    if (mode !== 'delete') fail(`${live} is in use: close the kiosk before restoring`);
    const kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(live, kept);
    for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
    console.log(`kept the previous database as ${kept}`);
  }
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(live);
  } finally {
    source.close();
  }
  check(live);
  console.log(`restored ${from} into ${live} (integrity ok)`);
}
