/**
 * npm run backup -- backup  --data-dir DIR --out FILE
 * npm run backup -- restore --data-dir DIR --from FILE
 *
 * Backing up and restoring the desk's database with SQLite's online backup API, never a file copy
 * (src/core/store/backup.ts says why). `backup` works while the kiosk is running. `restore` must
 * run with the kiosk closed: it checks the backup (integrity, schema) first, keeps the current
 * database as tanu.sqlite.before-restore-<time>, then copies the backup in page by page. A backup
 * holds sealed IINs and templates: useless without this desk's data key (docs/INSTALL.md).
 * Exit code 1 on any failure.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, checkBackupFile, restoreBackup } from '../src/core/store/backup.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../src/core/store/database.ts';

const USAGE =
  'usage: backup.ts backup --data-dir DIR --out FILE\n       backup.ts restore --data-dir DIR --from FILE';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, from: { type: 'string' } },
});
const command = positionals[0];
if (!values['data-dir'] || (command !== 'backup' && command !== 'restore')) fail(USAGE);
const live = join(resolve(values['data-dir']), DATABASE_FILE_NAME);

try {
  if (command === 'backup') {
    if (!values.out) fail(USAGE);
    const db = openDatabase(live);
    try {
      await backupDatabase(db, resolve(values.out));
    } finally {
      db.close();
    }
    console.log(`backed up ${live} to ${resolve(values.out)} (integrity ok)`);
  } else {
    if (!values.from) fail(USAGE);
    const from = resolve(values.from);
    checkBackupFile(from);
    if (existsSync(live)) {
      // Leaving WAL mode needs the only connection to the file, so it fails while the kiosk has it
      // open; on success it also folds the WAL into the file being set aside.
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
    await restoreBackup(from, live);
    console.log(`restored ${from} into ${live} (integrity ok)`);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
